"use client";

import { useState } from "react";
import { visitsApi } from "@/lib/api-client/visits";

/** One click tells a waiting patient roughly how long to wait. */
export function RunningLateButtons({ appointmentId, patientName }: { appointmentId: string; patientName: string }) {
  const [sent, setSent] = useState<number | null>(null);
  async function send(minutes: 5 | 10 | 15) {
    if ((await visitsApi.runningLate(appointmentId, minutes)).ok) setSent(minutes);
  }
  return (
    <div role="group" aria-label={`Tell ${patientName} you are running late`} className="flex items-center gap-1 text-sm">
      <span className="text-slate-700">Running late:</span>
      {([5, 10, 15] as const).map((m) => (
        <button
          key={m}
          type="button"
          onClick={() => void send(m)}
          aria-pressed={sent === m}
          className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50 aria-pressed:border-brand-700"
        >
          {m} min
        </button>
      ))}
      {sent !== null && <span className="text-emerald-800">Sent</span>}
    </div>
  );
}
