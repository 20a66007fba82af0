"use client";

import { useEffect, useState } from "react";
import type { Quality } from "@/lib/call/quality";
import type { ConnectionType } from "@/lib/call-engine/remote-link";

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** Time since the call started, ticking each second. */
export function CallTimer({ startedAt }: { startedAt: number | null }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (startedAt === null) return;
    const tick = () => setNow(Date.now());
    const timer = setInterval(tick, 1000);
    const first = setTimeout(tick, 0);
    return () => {
      clearInterval(timer);
      clearTimeout(first);
    };
  }, [startedAt]);
  if (startedAt === null) return null;
  return (
    <span className="font-mono tabular-nums" data-testid="call-timer" aria-label="Call duration">
      {formatDuration((now ?? startedAt) - startedAt)}
    </span>
  );
}

const qualityWords: Record<Quality, string> = { good: "Good", fair: "Fair", poor: "Poor" };
const plainWords: Record<Quality, string> = {
  good: "The call sounds and looks good",
  fair: "The call may stutter a little",
  poor: "The call is struggling: it may freeze",
};
const qualityStyles: Record<Quality, string> = {
  good: "bg-emerald-50 text-emerald-800 border-emerald-200",
  fair: "bg-amber-50 text-amber-900 border-amber-200",
  poor: "bg-red-50 text-red-800 border-red-200",
};

/** Connection quality and whether media goes direct or through the relay (TURN). */
export function QualityBadge({
  quality,
  connectionType,
  plain = false,
}: {
  quality: Quality | null;
  connectionType: ConnectionType | null;
  plain?: boolean;
}) {
  // Patients read how the call is, in words; the route (direct or relayed) is for the provider and the admin.
  if (plain) connectionType = null;
  if (!quality && !connectionType) return null;
  return (
    <span
      data-testid="quality-badge"
      data-quality={quality ?? ""}
      className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${quality ? qualityStyles[quality] : "border-slate-200 bg-slate-50 text-slate-700"}`}
    >
      {quality && <span>{plain ? plainWords[quality] : `Connection: ${qualityWords[quality]}`}</span>}
      {quality && connectionType && <span aria-hidden="true">·</span>}
      {connectionType && <span>{connectionType === "relayed" ? "Relayed" : "Direct"}</span>}
    </span>
  );
}
