"use client";

import { useState } from "react";
import type { GuestView, VisitView } from "@/lib/visits/visit-view";
import { visitsApi } from "@/lib/api-client/visits";
import { useElapsed } from "@/components/visit/use-elapsed";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { AddGuestForm } from "@/components/guests/add-guest-form";
import { MAX_GUESTS, guestState, nameAndLabel, type GuestState } from "@/components/guests/guest-words";

/** The server's sentence for a fifth person (contract: guests), shown before anyone tries. */
const FULL = "A visit can have at most four people: remove a guest before inviting another.";

/**
 * The provider's guests of one visit: who is invited and where they are now, Remove (confirmed), whether
 * the patient may invite a caregiver, and "Add a guest". On the visit page's panel and on the dashboard's
 * visit card. `onChange` takes the visit as the server answers; `refresh` re-reads it (after an invitation,
 * whose answer is the guest, not the visit).
 */
export function GuestsPanel({
  visit,
  onChange,
  refresh,
  headingLevel = 2,
}: {
  visit: VisitView;
  onChange: (visit: VisitView) => void;
  refresh: () => void;
  headingLevel?: 2 | 3;
}) {
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [savingPolicy, setSavingPolicy] = useState(false);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const open = visit.status === "SCHEDULED" && visit.phase !== "ended";
  const full = visit.guests.length >= MAX_GUESTS;

  async function setPolicy(patientMayInvite: boolean) {
    setSavingPolicy(true);
    const result = await visitsApi.setGuestPolicy(visit.id, patientMayInvite);
    setSavingPolicy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    onChange(result.data);
  }

  return (
    <section
      aria-label="Guests"
      data-guests-panel={visit.id}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-slate-900"
    >
      <Heading className="text-base font-semibold">Guests</Heading>
      <p className="text-sm text-slate-700">
        An interpreter, a caregiver or a colleague can join this visit by a link, with no account. Up to {MAX_GUESTS} guests.
      </p>
      {error && <Alert>{error}</Alert>}
      {visit.guests.length === 0 ? (
        <p className="text-sm text-slate-700">No guests invited.</p>
      ) : (
        <ul className="space-y-2">
          {visit.guests.map((g) => (
            <GuestRow key={g.id} appointmentId={visit.id} guest={g} onChange={onChange} canRemove={open} />
          ))}
        </ul>
      )}
      {open && (
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={visit.patientMayInvite}
            disabled={savingPolicy}
            onChange={(e) => void setPolicy(e.target.checked)}
            className="h-5 w-5"
          />
          Let the patient invite a caregiver
        </label>
      )}
      {/* While adding, the form stays (its answer shows the new guest's link, even if the visit is now full). */}
      {open &&
        (adding ? (
          <div className="space-y-2 border-t border-slate-200 pt-3">
            <AddGuestForm appointmentId={visit.id} onAdded={() => refresh()} onDone={() => setAdding(false)} />
            <button type="button" onClick={() => setAdding(false)} className="text-sm text-brand-700 underline">
              Close
            </button>
          </div>
        ) : full ? (
          <p className="text-sm text-slate-700">{FULL}</p>
        ) : (
          <Button type="button" variant="secondary" onClick={() => setAdding(true)}>
            Add a guest
          </Button>
        ))}
    </section>
  );
}

const stateStyle: Record<GuestState, string> = {
  invited: "bg-slate-100 text-slate-800",
  waiting: "bg-amber-100 text-amber-950",
  "in-call": "bg-emerald-100 text-emerald-900",
  left: "bg-slate-100 text-slate-700",
};

function StateWords({ guest }: { guest: GuestView }) {
  const state = guestState(guest);
  const waited = useElapsed(state === "waiting" ? guest.checkedInAt : null);
  const words: Record<GuestState, string> = {
    invited: "Invited, not here yet",
    waiting: `Checked in, waiting ${waited}`,
    "in-call": "In the call",
    left: guest.admittedAt ? "Left the call" : "Checked in, then left",
  };
  return (
    <span data-guest-state={state} className={`rounded px-2 py-0.5 text-xs font-medium ${stateStyle[state]}`}>
      {words[state]}
    </span>
  );
}

function GuestRow({
  appointmentId,
  guest,
  onChange,
  canRemove,
}: {
  appointmentId: string;
  guest: GuestView;
  onChange: (visit: VisitView) => void;
  canRemove: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    setBusy(true);
    const result = await visitsApi.removeGuest(appointmentId, guest.guestId);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onChange(result.data);
  }
  return (
    <li data-guest={guest.id} className="space-y-2 rounded-md border border-slate-200 p-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{nameAndLabel(guest)}</p>
          <StateWords guest={guest} />
        </div>
        {canRemove && !confirming && (
          <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
            Remove
          </Button>
        )}
      </div>
      {confirming && (
        <div role="group" aria-label={`Remove ${guest.name}`} className="space-y-2 rounded-md bg-red-50 p-2 text-sm text-red-950">
          <p>
            {guest.name} will be removed from this visit and their link stops working.
            {guestState(guest) === "in-call" ? " They leave the call within a few seconds." : ""}
          </p>
          {error && <p className="text-red-700">{error}</p>}
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="danger" disabled={busy} onClick={() => void remove()}>
              {busy ? "Removing…" : `Yes, remove ${guest.name}`}
            </Button>
            <Button type="button" variant="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              Keep {guest.name}
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}
