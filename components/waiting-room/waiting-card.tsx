"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import type { DeviceCheckSummary } from "@/lib/visits/visit-state";
import { describeDeviceCheck } from "@/lib/visits/visit-state";
import { formatInZone } from "@/lib/format-time";
import { channels } from "@/lib/realtime/channels";
import { prefetchIceConfig } from "@/lib/call/ice-config-cache";
import { warmCamera } from "@/lib/call/camera-warmup";
import { useElapsed } from "@/components/visit/use-elapsed";
import { admitVisit } from "@/components/visit/pending-admit";
import { prefetchChannelAuth } from "@/components/realtime/channel-auth";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { pauseRefreshes } from "@/components/realtime/refresh-on-event";
import { Button } from "@/components/ui/button";
import { RunningLateButtons } from "@/components/waiting-room/running-late-buttons";
import { preloadCallView, prefetchVisitView, useOpenCall } from "@/components/waiting-room/admit-call-host";

export type WaitingCardData = {
  id: string;
  patientName: string;
  start: string;
  reason: string;
  checkedInAt: string;
  deviceCheck: DeviceCheckSummary | null;
  patientInRoom: boolean;
};

/**
 * While the patient waits, gets everything the call needs ready, so that Admit starts it at once: the call
 * view (code and the visit's state, admit-call-host.tsx; the visit page too, as the fallback), its STUN/TURN
 * configuration, and the signature to join its channel. The camera is the dashboard's preview
 * (camera-preview.tsx); switched off, it opens when the pointer or focus reaches the Admit button (and
 * closes again if it is not clicked).
 */
function usePrepareAdmit(appointmentId: string) {
  const router = useRouter();
  const client = useRealtime();
  useEffect(() => {
    preloadCallView();
    router.prefetch(`/visits/${appointmentId}`);
    const forgetView = prefetchVisitView(appointmentId);
    const stopIce = prefetchIceConfig(appointmentId);
    return () => {
      forgetView();
      stopIce();
    };
  }, [router, appointmentId]);
  useEffect(() => {
    if (!client) return;
    const sign = () => {
      const socketId = client.connection.socket_id;
      if (socketId) prefetchChannelAuth(socketId, channels.visit(appointmentId));
    };
    sign();
    client.connection.bind("connected", sign); // a new socket needs a new signature
    return () => void client.connection.unbind("connected", sign);
  }, [client, appointmentId]);
}

/** The dashboard is being left for the visit: no re-render of it should compete with opening the visit. */
const LEAVING_MS = 5000;

export function WaitingCard({ visit, timeZone }: { visit: WaitingCardData; timeZone: string }) {
  const router = useRouter();
  const client = useRealtime();
  const openCall = useOpenCall();
  const waited = useElapsed(visit.checkedInAt);
  const [error, setError] = useState<string | null>(null);
  usePrepareAdmit(visit.id);
  function admit() {
    warmCamera();
    pauseRefreshes(LEAVING_MS);
    // Into the visit's room now (the tab's connection carries it over to the visit page, which owns it from then on).
    client?.subscribe(channels.visit(visit.id));
    // The visit page opens now and starts the call; if the server refuses, that page ends it and says why.
    void admitVisit(visit.id).then((outcome) => setError(outcome.ok ? null : outcome.error));
    openCall(visit.id, () => router.push(`/visits/${visit.id}`));
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
        <Button type="button" onClick={admit} onPointerEnter={warmCamera} onFocus={warmCamera}>
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
