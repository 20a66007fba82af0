"use client";
/**
 * The call between an admitted patient and their provider.
 *
 * The visit room renders it once the visit is admitted, with the presence channel it has already
 * subscribed. The call engine keeps the call up by itself (lib/call-engine): nobody has to click
 * anything after a reload or a network change. When the provider ends the visit, both sides see a
 * summary: the provider right away, the patient through the data channel or the `ended` prop (the room
 * learns it from the "visit-state" event). Keep rendering <CallRoom ended /> after the end so the
 * summary stays on screen; `onEnded` tells the room to refetch the visit.
 *
 * The patient's room renders it as soon as they have checked in, in `standby`: camera, ICE configuration
 * and a peer ready to answer, showing `waiting` (the waiting room's words) and their own picture. The
 * call appears when the provider's offer comes (only their Admit makes one), without waiting for the
 * room to hear of the admission; `standby` turns false once the server says the patient is admitted.
 * The provider's visit page renders it in standby too (its Admit panel as `waiting`), to keep a warm
 * connection (docs/decisions/0009-warm-connections.md); the call shows from the Admit click.
 *
 * Test hooks: the root's `data-call-status` (connecting | connected | reconnecting | ended) and
 * `data-connection-type` (direct | relayed), and `window.__consultCall` (lib/call-engine/test-hook.ts).
 */
import { useDeferredValue, useEffect, useMemo } from "react";
import type { CallTransport } from "@/lib/call-engine/types";
import { useCallSession } from "@/components/call/use-call-session";
import { visitPageOpen } from "@/components/call/warm-calls";
import { CallSummary } from "@/components/call/call-summary";
import { CallView } from "@/components/call/call-view";
import { SelfPreview } from "@/components/call/video-stage";
import { shownInCall } from "@/components/call/participants";
import type { Participant } from "@/lib/call-engine/call-session";

export type CallRoomProps = {
  appointmentId: string;
  self: { id: string; name: string; role: "PATIENT" | "PROVIDER" | "GUEST"; label?: string };
  /** The one the call is with first: the patient for the provider, else the provider. */
  other: { id: string; name: string };
  /**
   * Everyone else in the visit (`other` among them), with guests; admitted or not. Without it, only `other`.
   * With two or three of them admitted and here, the call shows a tile each (video-grid.tsx).
   */
  people?: Participant[];
  /** pusher-js PresenceChannel for `presence-visit-<appointmentId>`, subscription already succeeded. */
  channel: CallTransport;
  onEnded: () => void;
  /** The visit has ended (the room knows from the server): destroy the peer and show the summary. */
  ended?: boolean;
  /** When the call started (e.g. the visit's admittedAt), for the timer; defaults to the first connection here. */
  startedAt?: string | null;
  /** Patient checked in, not admitted yet: get ready, show `waiting` until the provider's offer comes. */
  standby?: boolean;
  waiting?: React.ReactNode;
  /** The patient's Leave (confirmed in the controls): the room drops the call and offers to rejoin. */
  onLeave?: () => Promise<string | null>;
  /** For the provider: the patient left the call (Leave, sign-out, another tab), until they join again. */
  otherLeft?: { reason: string; at: string } | null;
  /** For the provider: the patient's date of birth ("YYYY-MM-DD"), to confirm who they are seeing. */
  otherDateOfBirth?: string | null;
  /** Under the call's status: guests waiting to be let in (provider), who else is invited (the others). */
  aside?: React.ReactNode;
};

export function CallRoom({
  appointmentId,
  self,
  other,
  channel,
  onEnded,
  ended: endedProp = false,
  startedAt,
  standby = false,
  waiting,
  onLeave,
  otherLeft,
  otherDateOfBirth,
  people: peopleProp,
  aside,
}: CallRoomProps) {
  const people = useMemo<Participant[]>(
    () =>
      peopleProp ?? [
        { id: other.id, role: self.role === "PROVIDER" ? "PATIENT" : "PROVIDER", name: other.name, label: "", admitted: true },
      ],
    [peopleProp, other.id, other.name, self.role],
  );
  const [live, session] = useCallSession({
    appointmentId,
    self: { id: self.id, role: self.role, name: self.name, label: self.label ?? "", admitted: !standby },
    remotes: people,
    transport: channel,
    standby,
    ended: endedProp,
    onEnded,
  });
  // The call's frame follows the engine at once; what it shows inside re-renders in the background (call-view.tsx).
  const call = useDeferredValue(live);
  // The provider's call of this visit is here: a dashboard in another tab keeps no warm call for it (warm-calls.ts).
  useEffect(() => (self.role === "PROVIDER" ? visitPageOpen(appointmentId) : undefined), [appointmentId, self.role]);
  const { local, ended } = live;
  const remote = live.remotes[other.id]!;
  // The provider may let a guest in before the patient: the call shows with the guest, the patient's Admit above it.
  const mainAdmitted = self.role !== "PROVIDER" || !standby || remote.admitted;
  const shown = shownInCall(people, live.remotes, other.id, mainAdmitted, self.role);
  const guestsFirst = !shown.some((p) => p.id === other.id) && shown.length > 0;
  const started = startedAt ? Date.parse(startedAt) : remote.firstConnectedAt;
  const status = ended ? "ended" : remote.status;

  // Until Admit: the patient's room says they cannot be seen or heard; a warm connection shows nothing more.
  const waitingView = self.role === "PROVIDER" ? !remote.admitted : !remote.offered || remote.warm;
  const inStandby = standby && waitingView && !ended && !guestsFirst;
  const standbyView = inStandby && (
    <section
      aria-label={self.role === "PROVIDER" ? `${other.name} is waiting` : "Waiting to be let in"}
      data-call-status="standby"
      className="space-y-4"
    >
      {waiting}
      <SelfPreview video={local.outgoing.video} otherName={other.name} />
      {local.problem && <p className="text-sm text-amber-800">{local.problem}</p>}
    </section>
  );
  // Over a warm connection Admit is one message away: the call's view is already built and laid out, unseen
  // (.call-layout[data-unseen]), so that Admit only shows it. Built at Admit, or shown from display: none, it
  // cost 50-230 ms of the page's main thread on a slow machine, and the first frame waited for that. The
  // standby view keeps its place first, so neither is built again.
  if (inStandby && !remote.warm) return <>{standbyView}</>;

  if (ended) {
    return (
      <section aria-label={`Call with ${other.name}`} data-call-status={status} data-connection-type={remote.connectionType ?? ""}>
        <CallSummary role={self.role} startedAt={started} connectionType={remote.connectionType} relayedEver={remote.relayedEver} />
      </section>
    );
  }

  // One grid (.call-layout in app/globals.css): full screen on a phone in both orientations, in the page on a desk.
  return (
    <>
      {standbyView}
      <section
        aria-label={`Call with ${other.name}`}
        aria-hidden={inStandby || undefined}
        data-call-status={inStandby ? undefined : status}
        data-connection-type={remote.connectionType ?? ""}
        className="call-layout"
        data-unseen={inStandby || undefined}
      >
        <CallView
          call={call}
          session={session}
          selfRole={self.role}
          other={other}
          people={people}
          mainAdmitted={mainAdmitted}
          startedAt={startedAt}
          onLeave={onLeave}
          otherLeft={otherLeft}
          otherDateOfBirth={otherDateOfBirth}
          aside={aside}
        />
      </section>
    </>
  );
}
