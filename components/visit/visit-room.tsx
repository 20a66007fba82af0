"use client";

import { useEffect, useState } from "react";
import { CallRoom } from "@/components/call/call-room";
import type { VisitView } from "@/lib/visits/visit-view";
import { visitsApi } from "@/lib/api-client/visits";
import { forgetAdmit, keepIceConfig, pendingAdmit } from "@/lib/admit-handoff/admit-handoff";
import type { IceConfig } from "@/lib/api-client/visits";
import { useVisit } from "@/components/visit/use-visit";
import { useCallAhead } from "@/components/visit/use-call-ahead";
import { roomView } from "@/components/visit/room-view";
import { DeviceCheck, type DeviceCheckResult } from "@/components/visit/device-check";
import { WaitingStatus } from "@/components/visit/waiting-status";
import { AdmitPatientLine, ProviderRoomPanel } from "@/components/visit/provider-room-panel";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { formatInZone } from "@/lib/format-time";
import { AwayPanel } from "@/components/visit/away-panel";
import { StartsIn } from "@/components/visit/starts-in";
import Link from "next/link";
import { callPeople } from "@/components/call/participants";
import { GuestsPanel } from "@/components/guests/guests-panel";
import { WaitingGuests } from "@/components/guests/waiting-guests";
import { GuestWaitingStatus, InviteCaregiver, OthersInvited } from "@/components/guests/guest-views";
import { guestTitle, joiningAs } from "@/components/guests/guest-words";

const FIX = "To fix it, allow it from the camera or padlock icon in the address bar and choose Check devices again.";

/** What the device check found, truthfully, and that the patient may still check in. */
function checkInWords(summary: VisitView["deviceCheck"], other: string): string {
  const go = `When you are ready, let ${other} know you are here.`;
  switch (summary) {
    case "ready":
      return `Your camera, microphone and connection are ready. ${go}`;
    case "camera-blocked":
    case "no-camera":
      return `Your camera is ${summary === "no-camera" ? "not found" : "blocked"}: you can still join with sound only, and ${other} will hear you but not see you. ${summary === "camera-blocked" ? FIX : ""} ${go}`;
    case "microphone-blocked":
    case "no-microphone":
      return `Your microphone is ${summary === "no-microphone" ? "not found" : "blocked"}: you can still join with video only, and ${other} will see you but not hear you (you can use the chat). ${summary === "microphone-blocked" ? FIX : ""} ${go}`;
    case "network-may-need-relay":
    case "network-failed":
      return `Your camera and microphone work, but the connection test had trouble; the call will try the clinic's relay. ${go}`;
    default:
      return go;
  }
}

type Props = {
  initial: VisitView;
  self: { id: string; name: string; timeZone: string };
  /** The page holding this person's live room when the server rendered this one (null: nobody); undefined: not known. */
  roomHolder?: string | null;
  /** The page was opened through an emailed join link (no full sign-in). */
  viaLink?: boolean;
  /** STUN/TURN for this visit, rendered in while the room is open: the call's first peer waits for no request. */
  iceConfig?: IceConfig | null;
};

export function VisitRoom({ initial, self, roomHolder, viaLink = false, iceConfig = null }: Props) {
  // Before any effect: the call ahead (use-call-ahead.ts) and the call itself find it kept, and fetch only to refresh it.
  // (In the browser only: on the server it would sit in a module shared by every request.)
  useState(() => typeof window !== "undefined" && iceConfig && keepIceConfig(initial.id, iceConfig));
  // Opened by the dashboard's Admit before the server answered: the call starts now (lib/admit-handoff), and
  // this page takes the live room from any other tab or device of the provider's, as "Use it here" would.
  const [admitting] = useState(() => (initial.role === "PROVIDER" ? pendingAdmit(initial.id) : null));
  const { visit, setVisit, refetch, callChannel, admittedSeen, away, opening, leaveRoom, rejoin, takeHere } = useVisit(initial, self.id, {
    takeRoom: admitting !== null,
    roomHolder,
  });
  // The Admit that opened this page shows the call at once (until the server refuses it); once the visit has
  // been seen admitted, the call stays mounted through the end (see room-view.ts).
  const [admitShown, setAdmitShown] = useState(admitting !== null);
  const inCall = admitShown || admittedSeen;
  // The device check done here (or asked again here); otherwise the server's word, so another tab's check counts.
  const [checkedHere, setChecked] = useState<boolean | null>(null);
  const checked = checkedHere ?? visit.deviceCheck !== null;
  const [error, setError] = useState<string | null>(null);
  const other = visit.role === "PROVIDER" ? visit.patient.name : visit.provider.name;
  const guest = visit.role === "GUEST";

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

  /** Leave: the camera stops at once; the server records it (LEFT, "left") so the provider knows. */
  async function leave(): Promise<string | null> {
    leaveRoom("left");
    const left = await visitsApi.leave(visit.id);
    if (left.ok) setVisit(left.data);
    return null;
  }

  const roomInput = { phase: visit.phase, role: visit.role, inCall, checked, away, opening };
  const view = roomView({ ...roomInput, hasChannel: callChannel !== null });
  // The call shows once the channel is joined: camera and ICE configuration meanwhile (a reload mid-call).
  const callComing = callChannel === null && roomView({ ...roomInput, hasChannel: true }).kind === "call";
  useCallAhead(visit.id, { coming: callComing, camera: inCall || visit.role !== "PROVIDER", joined: callChannel !== null });
  // In the call itself the page keeps to the call; before it (and in standby) the countdown and the way back.
  const inCallView = view.kind === "call" && !view.standby;
  const status = (text: string) => (
    <p role="status" className="rounded-lg border border-brand-100 bg-brand-50 p-4 text-brand-800">
      {text}
    </p>
  );

  return (
    <section className="relative space-y-6" data-visit-phase={visit.phase}>
      <div>
        <h1 className="text-2xl font-semibold">{guest ? guestTitle(visit) : `Video visit with ${other}`}</h1>
        {guest && (
          <p className="font-medium" data-testid="joining-as">
            {joiningAs(visit, self.name)}
          </p>
        )}
        <p className="text-slate-700">{formatInZone(new Date(visit.start), self.timeZone, { withZone: true })}</p>
        {/* Once admitted the visit has begun (here or on another page): no countdown to its booked start. */}
        {!inCallView && visit.phase !== "ended" && visit.phase !== "admitted" && <StartsIn start={visit.start} />}
        {/* A guest has no appointments of their own to go back to. */}
        {visit.role === "PATIENT" && !inCallView && view.kind !== "away" && (
          <Link href="/appointments" className="tap-link text-sm font-medium text-brand-700 underline">
            Back to my appointments
          </Link>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      {view.kind === "call" && callChannel && (
        <CallRoom
          appointmentId={visit.id}
          self={{ id: self.id, name: self.name, role: visit.role, label: visit.guests.find((g) => g.id === visit.selfGuestId)?.label }}
          other={visit.role === "PROVIDER" ? visit.patient : visit.provider}
          people={callPeople(visit, self.id)}
          aside={
            visit.role === "PROVIDER" ? (
              <>
                {/* The call shows before Admit only when a guest was let in first. */}
                {view.standby && <AdmitPatientLine visit={visit} onChange={setVisit} />}
                <WaitingGuests appointmentId={visit.id} guests={visit.guests} timeZone={self.timeZone} onChange={setVisit} tone="dark" />
              </>
            ) : (
              <OthersInvited visit={visit} tone="dark" />
            )
          }
          channel={callChannel}
          ended={visit.phase === "ended"}
          startedAt={visit.admittedAt}
          onEnded={() => void refetch()}
          standby={view.standby}
          onLeave={visit.role === "PROVIDER" ? undefined : leave}
          otherLeft={visit.role === "PROVIDER" ? visit.patientLeft : null}
          otherDateOfBirth={visit.role === "PROVIDER" ? visit.patient.dateOfBirth : null}
          waiting={
            visit.role === "PROVIDER" ? (
              <ProviderRoomPanel visit={visit} onChange={setVisit} timeZone={self.timeZone} refresh={() => void refetch()} />
            ) : guest ? (
              <GuestWaitingStatus visit={visit} />
            ) : (
              <>
                <WaitingStatus visit={visit} timeZone={self.timeZone} />
                <OthersInvited visit={visit} />
                <InviteCaregiver visit={visit} onAdded={() => void refetch()} />
              </>
            )
          }
        />
      )}
      {view.kind === "away" && (
        <AwayPanel
          reason={view.reason}
          role={visit.role}
          providerName={visit.provider.name}
          viaLink={viaLink}
          onRejoin={rejoin}
          onUseHere={takeHere}
        />
      )}
      {view.kind === "opening" && status("Opening the visit room…")}
      {view.kind === "ended" && (
        <Alert tone="info">
          {visit.role === "PATIENT" ? "Your provider ended the visit." : guest ? `${other} ended the visit.` : "You ended this visit."}{" "}
          Thank you.
        </Alert>
      )}
      {view.kind === "closed" && <Alert tone="info">This visit is {view.reason === "no-show" ? "marked as missed" : "cancelled"}.</Alert>}
      {view.kind === "connecting" && status(`Connecting with ${other}…`)}
      {view.kind === "provider-panel" && (
        <ProviderRoomPanel visit={visit} onChange={setVisit} timeZone={self.timeZone} refresh={() => void refetch()} />
      )}
      {view.kind === "check-in" && (
        <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <p data-device-summary={visit.deviceCheck ?? ""}>{checkInWords(visit.deviceCheck, other)}</p>
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
      {view.kind === "waiting" && (guest ? <GuestWaitingStatus visit={visit} /> : <WaitingStatus visit={visit} timeZone={self.timeZone} />)}
      {/* Before the call: who else is coming, and (if the provider allows it) the patient's own invitation. */}
      {(view.kind === "device-check" || view.kind === "check-in" || (view.kind === "waiting" && !guest)) && <OthersInvited visit={visit} />}
      {(view.kind === "device-check" || view.kind === "check-in" || view.kind === "waiting") && (
        <InviteCaregiver visit={visit} onAdded={() => void refetch()} />
      )}
      {/* The provider in the call, on a desk (the call fills a phone's screen): the guests, to add or remove. */}
      {visit.role === "PROVIDER" && inCallView && visit.phase !== "ended" && (
        <GuestsPanel visit={visit} onChange={setVisit} refresh={() => void refetch()} />
      )}
      {view.kind === "admitted" && status(`${other} has admitted you. Connecting…`)}
    </section>
  );
}
