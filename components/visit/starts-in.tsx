"use client";

import { useEffect, useState } from "react";

/** "Starts in 4 min 10 s" until the appointment's start, ticking each second; nothing once it has started. */
export function StartsIn({ start }: { start: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  const left = now === null ? null : Math.floor((Date.parse(start) - now) / 1000);
  if (left === null || left <= 0) return null;
  const [h, m, s] = [Math.floor(left / 3600), Math.floor((left % 3600) / 60), left % 60];
  const words = h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
  return (
    <p data-testid="starts-in" className="font-medium text-brand-800">
      Starts in {words}
    </p>
  );
}
