"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { DeviceCheckSummary } from "@/lib/visits/visit-state";
import { describeDeviceCheck } from "@/lib/visits/visit-state";
import { formatInZone } from "@/lib/format-time";
import { useElapsed } from "@/components/visit/use-elapsed";
import { Button } from "@/components/ui/button";
import { RunningLateButtons } from "@/components/waiting-room/running-late-buttons";

export type WaitingCardData = {
  id: string;
  patientName: string;
  start: string;
  reason: string;
  checkedInAt: string;
  deviceCheck: DeviceCheckSummary | null;
  patientInRoom: boolean;
};

export function WaitingCard({ visit, timeZone }: { visit: WaitingCardData; timeZone: string }) {
  const router = useRouter();
  const waited = useElapsed(visit.checkedInAt);
  const [error, setError] = useState<string | null>(null);
  async function admit() {
    const response = await fetch(`/api/visits/${visit.id}/admit`, { method: "POST" });
    if (!response.ok) return setError(((await response.json().catch(() => ({}))) as { error?: string }).error ?? "Could not admit.");
    router.push(`/visits/${visit.id}`);
  }
  const ready = visit.deviceCheck === "ready";
  return (
    <li className="rounded-lg border border-amber-300 bg-white p-4 shadow-sm" data-waiting-card={visit.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <p className="text-lg font-semibold">{visit.patientName}</p>
          <p className="text-sm text-slate-700">Appointment {formatInZone(new Date(visit.start), timeZone, { timeOnly: true })} · Reason: {visit.reason}</p>
          <p className="text-sm">
            Waiting <span data-testid="waited">{waited}</span> (since {formatInZone(new Date(visit.checkedInAt), timeZone, { timeOnly: true })})
          </p>
          <p className={`text-sm ${ready ? "text-emerald-800" : "text-amber-900"}`}>
            {visit.deviceCheck ? describeDeviceCheck(visit.deviceCheck) : "Device check not done"}
          </p>
          <p className="text-sm" data-presence={visit.patientInRoom ? "in-room" : "left"}>
            {visit.patientInRoom ? "In the room" : "Left the room"}
          </p>
        </div>
        <Button type="button" onClick={() => void admit()}>
          Admit {visit.patientName}
        </Button>
      </div>
      <div className="mt-3">
        <RunningLateButtons appointmentId={visit.id} patientName={visit.patientName} />
      </div>
      {error && <p className="mt-2 text-sm text-red-700">{error}</p>}
    </li>
  );
}
