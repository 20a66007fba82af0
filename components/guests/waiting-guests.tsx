"use client";

import { useState } from "react";
import type { GuestView, VisitView } from "@/lib/visits/visit-view";
import { describeDeviceCheck } from "@/lib/visits/visit-state";
import { visitsApi } from "@/lib/api-client/visits";
import { formatInZone } from "@/lib/format-time";
import { useElapsed } from "@/components/visit/use-elapsed";
import { Button } from "@/components/ui/button";
import { guestState, nameAndLabel } from "@/components/guests/guest-words";

/** The guests who have checked in and wait to be let in. */
export function waitingGuests(guests: readonly GuestView[]): GuestView[] {
  return guests.filter((g) => guestState(g) === "waiting");
}

/**
 * Each checked-in guest, under the patient on the waiting card (and over the provider's call): name, label,
 * device check, how long they have waited, and "Let in" (visitsApi.admit with their id). `tone`: "light" on
 * the dashboard, "dark" over the call.
 */
export function WaitingGuests({
  appointmentId,
  guests,
  timeZone,
  onChange,
  tone = "light",
}: {
  appointmentId: string;
  guests: readonly GuestView[];
  timeZone?: string;
  onChange?: (visit: VisitView) => void;
  tone?: "light" | "dark";
}) {
  const waiting = waitingGuests(guests);
  if (waiting.length === 0) return null;
  return (
    <ul aria-label="Guests waiting" className="space-y-2">
      {waiting.map((g) => (
        <WaitingGuest key={g.id} appointmentId={appointmentId} guest={g} timeZone={timeZone} onChange={onChange} tone={tone} />
      ))}
    </ul>
  );
}

function WaitingGuest({
  appointmentId,
  guest,
  timeZone,
  onChange,
  tone,
}: {
  appointmentId: string;
  guest: GuestView;
  timeZone?: string;
  onChange?: (visit: VisitView) => void;
  tone: "light" | "dark";
}) {
  const waited = useElapsed(guest.checkedInAt);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function letIn() {
    setBusy(true);
    const result = await visitsApi.admit(appointmentId, guest.id);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    onChange?.(result.data);
  }
  const ready = guest.deviceCheck === "ready";
  const dark = tone === "dark";
  return (
    <li
      data-waiting-guest={guest.id}
      className={`flex flex-wrap items-center justify-between gap-2 rounded-md border ${dark ? "border-amber-300 bg-amber-50 p-1 text-slate-900" : "border-slate-200 bg-slate-50 p-2"}`}
    >
      <div className="min-w-0 space-y-0.5 text-sm">
        <p className="font-semibold">
          {nameAndLabel(guest)} <span className="font-normal">is waiting</span>
        </p>
        {/* Over the call, space is short (a phone turned sideways): one line, the wait only. */}
        {dark ? (
          <p>Waiting {waited}</p>
        ) : (
          <>
            <p className={ready ? "text-emerald-800" : "text-amber-900"}>
              {guest.deviceCheck ? describeDeviceCheck(guest.deviceCheck) : "Device check not done"}
            </p>
            <p>
              Waiting {waited}
              {guest.checkedInAt && timeZone ? ` (since ${formatInZone(new Date(guest.checkedInAt), timeZone, { timeOnly: true })})` : ""}
            </p>
          </>
        )}
        {error && <p className="text-red-700">{error}</p>}
      </div>
      <Button type="button" disabled={busy} onClick={() => void letIn()}>
        {busy ? "Letting in…" : `Let in ${guest.name}`}
      </Button>
    </li>
  );
}
