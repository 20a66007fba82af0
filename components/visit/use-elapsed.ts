"use client";

import { useEffect, useState } from "react";

/** "4 min 12 s" since an ISO time, ticking every second. */
export function useElapsed(sinceIso: string | null): string {
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
  if (!sinceIso || now === null) return "—";
  const seconds = Math.max(0, Math.floor((now - new Date(sinceIso).getTime()) / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}
