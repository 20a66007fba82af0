"use client";

import { useEffect, useState } from "react";
import { CallRoom } from "@/components/call/call-room";
import type { VisitView } from "@/lib/visits/visit-view";
import { visitsApi } from "@/lib/api-client/visits";
import { forgetAdmit, pendingAdmit } from "@/lib/admit-handoff/admit-handoff";
import { useVisit } from "@/components/visit/use-visit";
import { roomView } from "@/components/visit/room-view";
import { DeviceCheck, type DeviceCheckResult } from "@/components/visit/device-check";
import { WaitingStatus } from "@/components/visit/waiting-status";
import { ProviderRoomPanel } from "@/components/visit/provider-room-panel";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { formatInZone } from "@/lib/format-time";

type Props = { initial: VisitView; self: { id: string; name: string; timeZone: string } };

export function VisitRoom({ initial, self }: Props) {
  const { visit, setVisit, refetch, callChannel, admittedSeen } = useVisit(initial, self.id);
  // Opened by the dashboard's Admit before the server answered: the call starts now (lib/admit-handoff).
  const [admitting] = useState(() => (initial.role === "PROVIDER" ? pendingAdmit(initial.id) : null));
  // The Admit that opened this page shows the call at once (until the server refuses it); once the visit has
  // been seen admitted, the call stays mounted through the end (see room-view.ts).
  const [admitShown, setAdmitShown] = useState(admitting !== null);
  const inCall = admitShown || admittedSeen;
  const [checked, setChecked] = useState(initial.deviceCheck !== null);
  const [error, setError] = useState<string | null>(null);
  const other = visit.role === "PATIENT" ? visit.provider.name : visit.patient.name;

  useEffect(() => {
    if (!admitting) return;
    let live = true;
    void admitting.then((outcome) => {
      forgetAdmit(initial.id, admitting);
      if (!live) return;
      if (outcome.ok) return setVisit(outcome.visit);
      // Refused (e.g. the patient just left or the visit was cancelled): the call ends here, and says why.
      setAdmitShown(false);
      setError(outcome.error);
      void refetch();
    });
    return () => {
      live = false;
    };
  }, [admitting, initial.id, setVisit, refetch]);

  async function saveDeviceCheck(result: DeviceCheckResult) {
    const saved = await visitsApi.saveDeviceCheck(visit.id, result);
    if (!saved.ok) return setError(saved.error);
    setChecked(true);
    await refetch();
  }

  async function checkIn() {
    const checkedIn = await visitsApi.checkIn(visit.id);
    if (!checkedIn.ok) return setError(checkedIn.error);
    setError(null);
    setVisit(checkedIn.data);
  }

  const view = roomView({ phase: visit.phase, role: visit.role, inCall, hasChannel: callChannel !== null, checked });
  const status = (text: string) => (
    <p role="status" className="rounded-lg border border-brand-100 bg-brand-50 p-4 text-brand-800">
      {text}
    </p>
  );

  return (
    <section className="space-y-6" data-visit-phase={visit.phase}>
      <div>
        <h1 className="text-2xl font-semibold">Video visit with {other}</h1>
        <p className="text-slate-700">{formatInZone(new Date(visit.start), self.timeZone, { withZone: true })}</p>
      </div>
      {error && <Alert>{error}</Alert>}
      {view.kind === "call" && callChannel && (
        <CallRoom
          appointmentId={visit.id}
          self={{ id: self.id, name: self.name, role: visit.role }}
          other={visit.role === "PATIENT" ? visit.provider : visit.patient}
          channel={callChannel}
          ended={visit.phase === "ended"}
          startedAt={visit.admittedAt}
          onEnded={() => void refetch()}
          standby={view.standby}
          waiting={
            visit.role === "PROVIDER" ? <ProviderRoomPanel visit={visit} onChange={setVisit} /> : <WaitingStatus visit={visit} timeZone={self.timeZone} />
          }
        />
      )}
      {view.kind === "ended" && <Alert tone="info">{visit.role === "PATIENT" ? "Your provider ended the visit." : "You ended this visit."} Thank you.</Alert>}
      {view.kind === "closed" && <Alert tone="info">This visit is {view.reason === "no-show" ? "marked as missed" : "cancelled"}.</Alert>}
      {view.kind === "connecting" && status(`Connecting with ${other}…`)}
      {view.kind === "provider-panel" && <ProviderRoomPanel visit={visit} onChange={setVisit} />}
      {view.kind === "check-in" && (
        <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <p>Your devices are checked. When you are ready, let {other} know you are here.</p>
          <div className="flex gap-2">
            <Button type="button" onClick={() => void checkIn()}>
              Check in
            </Button>
            <Button type="button" variant="secondary" onClick={() => setChecked(false)}>
              Check devices again
            </Button>
          </div>
        </div>
      )}
      {view.kind === "device-check" && <DeviceCheck appointmentId={visit.id} onDone={(result) => void saveDeviceCheck(result)} />}
      {view.kind === "waiting" && <WaitingStatus visit={visit} timeZone={self.timeZone} />}
      {view.kind === "admitted" && status(`${other} has admitted you. Connecting…`)}
    </section>
  );
}
