"use client";

import { useEffect, useState } from "react";
import { CallRoom } from "@/components/call/call-room";
import type { VisitView } from "@/lib/visits/visit-view";
import { useVisit } from "@/components/visit/use-visit";
import { DeviceCheck, type DeviceCheckResult } from "@/components/visit/device-check";
import { WaitingStatus } from "@/components/visit/waiting-status";
import { ProviderRoomPanel } from "@/components/visit/provider-room-panel";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { formatInZone } from "@/lib/format-time";
import { forgetAdmit, pendingAdmit } from "@/components/visit/pending-admit";

type Props = { initial: VisitView; self: { id: string; name: string; timeZone: string } };

async function post(path: string, body?: unknown): Promise<{ ok: boolean; data: VisitView | { error?: string } }> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  return { ok: response.ok, data: (await response.json().catch(() => ({}))) as VisitView | { error?: string } };
}

export function VisitRoom({ initial, self }: Props) {
  const { visit, setVisit, refetch, channel } = useVisit(initial, self.id);
  // Opened by the dashboard's Admit before the server answered: the call starts now (see pending-admit.ts).
  const [admitting] = useState(() => (initial.role === "PROVIDER" ? pendingAdmit(initial.id) : null));
  // Once the call has been shown, it stays mounted through the end so both sides see the summary (and a
  // refetch answered before the admission was written does not take it away again).
  const [inCall, setInCall] = useState(initial.phase === "admitted" || admitting !== null);
  if (visit.phase === "admitted" && !inCall) setInCall(true);
  // The presence channel closes when the visit ends; the call keeps the one it signalled on.
  const [callChannel, setCallChannel] = useState(channel);
  if (channel && channel !== callChannel) setCallChannel(channel);
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
      setInCall(false);
      setError(outcome.error);
      void refetch();
    });
    return () => {
      live = false;
    };
  }, [admitting, initial.id, setVisit, refetch]);

  const gone = visit.phase === "no-show" || visit.phase === "cancelled";
  // A checked-in patient's call gets ready while they wait (camera, connection, a peer to answer with).
  const standby = !inCall && visit.role === "PATIENT" && visit.phase === "waiting";
  const showCall = callChannel !== null && !gone && (inCall || standby);

  async function saveDeviceCheck(result: DeviceCheckResult) {
    const r = await post(`/api/visits/${visit.id}/device-check`, result);
    if (!r.ok) return setError((r.data as { error?: string }).error ?? "The device check could not be saved.");
    setChecked(true);
    await refetch();
  }

  async function checkIn() {
    const r = await post(`/api/visits/${visit.id}/check-in`);
    if (!r.ok) return setError((r.data as { error?: string }).error ?? "Check-in failed. Please try again.");
    setError(null);
    setVisit(r.data as VisitView);
  }

  return (
    <section className="space-y-6" data-visit-phase={visit.phase}>
      <div>
        <h1 className="text-2xl font-semibold">Video visit with {other}</h1>
        <p className="text-slate-700">{formatInZone(new Date(visit.start), self.timeZone, { withZone: true })}</p>
      </div>
      {error && <Alert>{error}</Alert>}
      {showCall ? (
        <CallRoom
          appointmentId={visit.id}
          self={{ id: self.id, name: self.name, role: visit.role }}
          other={visit.role === "PATIENT" ? visit.provider : visit.patient}
          channel={callChannel}
          ended={visit.phase === "ended"}
          startedAt={visit.admittedAt}
          onEnded={() => void refetch()}
          standby={standby}
          waiting={<WaitingStatus visit={visit} timeZone={self.timeZone} />}
        />
      ) : visit.phase === "ended" ? (
        <Alert tone="info">{visit.role === "PATIENT" ? "Your provider ended the visit." : "You ended this visit."} Thank you.</Alert>
      ) : visit.phase === "no-show" || visit.phase === "cancelled" ? (
        <Alert tone="info">This visit is {visit.phase === "no-show" ? "marked as missed" : "cancelled"}.</Alert>
      ) : inCall ? (
        <p role="status" className="rounded-lg border border-brand-100 bg-brand-50 p-4 text-brand-800">
          Connecting with {other}…
        </p>
      ) : visit.role === "PROVIDER" ? (
        <ProviderRoomPanel visit={visit} onChange={setVisit} />
      ) : visit.phase === "scheduled" ? (
        checked ? (
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
        ) : (
          <DeviceCheck appointmentId={visit.id} onDone={(result) => void saveDeviceCheck(result)} />
        )
      ) : visit.phase === "waiting" ? (
        <WaitingStatus visit={visit} timeZone={self.timeZone} />
      ) : (
        <p role="status" className="rounded-lg border border-brand-100 bg-brand-50 p-4 text-brand-800">
          {other} has admitted you. Connecting…
        </p>
      )}
    </section>
  );
}
