"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import type { DeviceCheckSummary } from "@/lib/visits/visit-state";
import { describeDeviceCheck } from "@/lib/visits/visit-state";
import { formatInZone } from "@/lib/format-time";
import { admit as admitPatient, prepareAdmit, prepareChannel, warmCamera } from "@/lib/admit-handoff/admit-handoff";
import { useElapsed } from "@/components/visit/use-elapsed";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { DateOfBirth } from "@/components/visit/date-of-birth";
import { RunningLateButtons } from "@/components/waiting-room/running-late-buttons";
import { loadCallView, useOpenCall } from "@/components/waiting-room/admit-call-host";
import { CardGuests, GuestsDisclosure } from "@/components/guests/dashboard-guests";
import { useWarmCall } from "@/components/waiting-room/use-warm-call";

export type WaitingCardData = {
  id: string;
  patientId: string;
  patientName: string;
  start: string;
  reason: string;
  checkedInAt: string;
  deviceCheck: DeviceCheckSummary | null;
  patientInRoom: boolean;
  patientDateOfBirth?: string | null;
};

/**
 * While the patient waits, the Admit hand-off (lib/admit-handoff) gets everything the call needs ready, so
 * that Admit starts it at once; the visit page is prefetched too, as the fallback. The camera is the
 * dashboard's preview (camera-preview.tsx); switched off, it opens when the pointer or focus reaches the
 * Admit button (and closes again if it is not clicked).
 */
function usePrepareAdmit(appointmentId: string) {
  const router = useRouter();
  const client = useRealtime();
  useEffect(() => {
    router.prefetch(`/visits/${appointmentId}`);
    return prepareAdmit(appointmentId, { preloadCallView: loadCallView });
  }, [router, appointmentId]);
  useEffect(() => (client ? prepareChannel(appointmentId, client) : undefined), [client, appointmentId]);
}

/** `providerId`: the signed-in provider, whose channel says when the visit's guests change (check in, removed). */
export function WaitingCard({ visit, timeZone, providerId }: { visit: WaitingCardData; timeZone: string; providerId?: string }) {
  const router = useRouter();
  const client = useRealtime();
  const openCall = useOpenCall();
  const waited = useElapsed(visit.checkedInAt);
  const [error, setError] = useState<string | null>(null);
  usePrepareAdmit(visit.id);
  useWarmCall(visit, providerId);
  function admit() {
    // The visit page opens now and starts the call; if the server refuses, that page ends it and says why.
    void admitPatient(visit.id, { realtime: client }).then((outcome) => setError(outcome.ok ? null : outcome.error));
    openCall(visit.id, () => router.push(`/visits/${visit.id}`));
  }
  const ready = visit.deviceCheck === "ready";
  return (
    <li className="rounded-lg border border-amber-300 bg-white p-4 shadow-sm" data-waiting-card={visit.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <p className="text-lg font-semibold">{visit.patientName}</p>
          <DateOfBirth value={visit.patientDateOfBirth} className="block text-sm text-slate-700" />
          <p className="text-sm text-slate-700">
            Appointment {formatInZone(new Date(visit.start), timeZone, { timeOnly: true })} · Reason: {visit.reason}
          </p>
          <p className="text-sm">
            Waiting <span data-testid="waited">{waited}</span> (since{" "}
            {formatInZone(new Date(visit.checkedInAt), timeZone, { timeOnly: true })})
          </p>
          <p className={`text-sm ${ready ? "text-emerald-800" : "text-amber-900"}`}>
            {visit.deviceCheck ? describeDeviceCheck(visit.deviceCheck) : "Device check not done"}
          </p>
          <p className="text-sm" data-presence={visit.patientInRoom ? "in-room" : "left"}>
            {visit.patientInRoom ? "In the room" : "Left the room"}
          </p>
        </div>
        <Button type="button" onClick={admit} onPointerEnter={warmCamera} onFocus={warmCamera}>
          Admit {visit.patientName}
        </Button>
      </div>
      <div className="mt-3">
        <RunningLateButtons appointmentId={visit.id} patientName={visit.patientName} />
      </div>
      {error && <p className="mt-2 text-sm text-red-700">{error}</p>}
      {providerId && (
        <div className="mt-3 space-y-2 border-t border-slate-200 pt-3">
          <CardGuests appointmentId={visit.id} selfId={providerId} timeZone={timeZone} />
          <GuestsDisclosure appointmentId={visit.id} selfId={providerId} />
        </div>
      )}
    </li>
  );
}
