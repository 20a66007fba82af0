"use client";

import { useId, useState } from "react";
import { useVisitGuests } from "@/components/guests/use-visit-guests";
import { GuestsPanel } from "@/components/guests/guests-panel";
import { WaitingGuests } from "@/components/guests/waiting-guests";
import { guestState, nameAndLabel } from "@/components/guests/guest-words";

/**
 * On a dashboard card (waiting, in a call): the visit's checked-in guests with "Let in", live, and the others
 * in one line. The patient's own Admit stays the card's; this is only for guests.
 */
export function CardGuests({ appointmentId, selfId, timeZone }: { appointmentId: string; selfId: string; timeZone: string }) {
  const { visit, setVisit } = useVisitGuests(appointmentId, selfId);
  if (!visit || visit.guests.length === 0) return null;
  const others = visit.guests.filter((g) => guestState(g) !== "waiting");
  return (
    <div className="space-y-2" data-card-guests={appointmentId}>
      <WaitingGuests appointmentId={appointmentId} guests={visit.guests} timeZone={timeZone} onChange={setVisit} />
      {others.length > 0 && (
        <p className="text-sm text-slate-700">
          {others
            .map((g) => {
              const state = guestState(g);
              return `${nameAndLabel(g)}: ${state === "in-call" ? "in the call" : state === "left" ? "left" : "invited, not here yet"}`;
            })
            .join(" · ")}
        </p>
      )}
    </div>
  );
}

/** "Guests" on a dashboard card: opens the visit's guest list, Remove, the patient's permission and Add a guest. */
export function GuestsDisclosure({ appointmentId, selfId }: { appointmentId: string; selfId: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const { visit, setVisit, refetch, error } = useVisitGuests(appointmentId, selfId, open);
  return (
    <div className="w-full">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="text-sm font-medium text-brand-700 underline"
      >
        {open ? "Hide guests" : "Guests: add an interpreter, caregiver or colleague"}
      </button>
      {open && (
        <div id={id} className="mt-2">
          {error ? (
            <p className="text-sm text-red-700">{error}</p>
          ) : visit ? (
            <GuestsPanel visit={visit} onChange={setVisit} refresh={() => void refetch()} headingLevel={3} />
          ) : (
            <p className="text-sm text-slate-700">Loading the guests…</p>
          )}
        </div>
      )}
    </div>
  );
}
