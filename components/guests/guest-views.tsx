"use client";
/**
 * What the patient and the guests read about who else is in the visit, and the guest's own waiting words.
 */
import { useState } from "react";
import type { VisitView } from "@/lib/visits/visit-view";
import { useElapsed } from "@/components/visit/use-elapsed";
import { AddGuestForm } from "@/components/guests/add-guest-form";
import { MAX_GUESTS, firstName, guestState, nameAndLabel, type GuestState } from "@/components/guests/guest-words";

const stateWords: Record<GuestState, string> = {
  invited: "is joining too",
  waiting: "is here, waiting to be let in",
  "in-call": "is in the call",
  left: "has left",
};

/**
 * Who else is invited and where they are ("Maria Garcia, Spanish interpreter, is joining too"), for the patient
 * and for a guest (who reads about the other guests; the patient's own words are in their waiting status).
 * `tone`: "light" in the page, "dark" over the call.
 */
export function OthersInvited({ visit, tone = "light" }: { visit: VisitView; tone?: "light" | "dark" }) {
  // Over the call, the ones in it have a tile: only the others are named.
  const others = visit.guests.filter((g) => g.id !== visit.selfGuestId && (tone === "light" || guestState(g) !== "in-call"));
  if (others.length === 0) return null;
  return (
    <ul data-testid="others-invited" className={`space-y-0.5 text-sm ${tone === "dark" ? "text-slate-300" : "text-slate-800"}`}>
      {others.map((g) => (
        <li key={g.id} data-guest-state={guestState(g)}>
          {nameAndLabel(g)}, {stateWords[guestState(g)]}.
        </li>
      ))}
    </ul>
  );
}

/** The patient may invite a caregiver when the provider allows it: the same form, the role fixed. */
export function InviteCaregiver({ visit, onAdded }: { visit: VisitView; onAdded: () => void }) {
  // Invited from here: the answer (with the link to copy) stays on screen even though the visit may now be full.
  const [invitedHere, setInvitedHere] = useState(false);
  const [round, setRound] = useState(0);
  if (visit.role !== "PATIENT" || !visit.patientMayInvite || visit.phase === "ended") return null;
  if (visit.guests.length >= MAX_GUESTS && !invitedHere) return null;
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4">
      <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">Invite a caregiver</summary>
      <p className="mb-3 text-sm text-slate-700">
        Someone who helps you, such as a family member, can join this video visit from their own phone or computer. They get a link for this
        visit only.
      </p>
      <AddGuestForm
        key={round}
        appointmentId={visit.id}
        fixedRole="CAREGIVER"
        onAdded={() => {
          setInvitedHere(true);
          onAdded();
        }}
        onDone={() => {
          setInvitedHere(false);
          setRound((r) => r + 1);
        }}
      />
    </details>
  );
}

/** The guest, checked in: who lets them in, where the patient is, and how long they have waited. */
export function GuestWaitingStatus({ visit }: { visit: VisitView }) {
  const waited = useElapsed(visit.checkedInAt);
  const provider = visit.provider.name;
  const patient = firstName(visit.patient.name);
  return (
    <div role="status" aria-live="polite" className="space-y-2 rounded-lg border border-brand-100 bg-brand-50 p-4 text-brand-800">
      <p className="text-lg font-semibold">You are checked in. {provider} will let you in.</p>
      <p data-testid="patient-presence">
        {visit.patientInRoom ? `${patient} is here too.` : `${patient} is not here yet.`} Please keep this page open; the video starts when{" "}
        {provider} lets you in.
      </p>
      <p data-testid="not-seen-yet">Nobody in the visit can see or hear you until then.</p>
      <OthersInvited visit={visit} />
      <p className="text-sm">Waiting for {waited}.</p>
    </div>
  );
}
