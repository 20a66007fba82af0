"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { SlotPicker, type Slot } from "@/components/booking/slot-picker";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { formatInZone } from "@/lib/format-time";
import { bookingInsideNoticeWarning } from "@/lib/appointments/allowed-actions";
import { bookingStateFromUrl, bookingUrl } from "@/lib/appointments/booking-url";
import type { ClinicContact } from "@/lib/clinic/clinic-contact-input";
import { ClinicContactDetails } from "@/components/clinic/clinic-contact";
import { sendJson } from "@/lib/api-client/send-json";

type Props = {
  provider: { id: string; name: string; timeZone: string; cancelNoticeMinutes: number };
  viewerTimeZone: string;
  contact: ClinicContact;
};

/**
 * Booking keeps its week, time and reason in the address (the reason in the part after #, which never
 * leaves the browser), so Back, Forward and reload bring them back. On a phone the chosen time and Book
 * stay pinned to the bottom of the screen while the list of times scrolls.
 */
export function BookingForm({ provider, viewerTimeZone, contact }: Props) {
  const router = useRouter();
  const search = useSearchParams();
  const initial = bookingStateFromUrl(search.toString(), "");
  const [week, setWeek] = useState(initial.week);
  const [start, setStart] = useState<string | null>(initial.slot);
  // The hash is only known in the browser (the server renders without it); typing takes over from it.
  const hash = useSyncExternalStore(
    subscribeToHistory,
    () => window.location.hash,
    () => "",
  );
  const [typed, setReason] = useState<string | null>(null);
  const reason = typed ?? bookingStateFromUrl("", hash).reason;
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const restoredSlotChecked = useRef(initial.slot === null);

  // Not on the first run: while hydrating, the reason is not yet read from the hash, and writing the
  // address then would erase it.
  const addressReady = useRef(false);
  useEffect(() => {
    if (!addressReady.current) {
      addressReady.current = true;
      return;
    }
    const url = bookingUrl(window.location.pathname, { week, slot: start, reason });
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`)
      window.history.replaceState(window.history.state, "", url);
  }, [week, start, reason]);

  function checkRestoredSlot(slots: Slot[]) {
    if (restoredSlotChecked.current) return;
    restoredSlotChecked.current = true;
    if (start && !slots.some((s) => s.start === start)) {
      setStart(null);
      setError("The time you had chosen is no longer free. Please choose another.");
    }
  }

  const warning = start ? bookingInsideNoticeWarning(new Date(start), new Date(), provider.cancelNoticeMinutes) : null;

  async function book(event: React.FormEvent) {
    event.preventDefault();
    if (!start) return setError("Choose a time first.");
    setPending(true);
    setError(null);
    const result = await sendJson<{ id: string }>("/api/appointments", "POST", { providerId: provider.id, start, reason });
    setPending(false);
    if (result.ok) {
      // The booking page's own entry forgets the choice, so Back from the appointments page starts afresh.
      window.history.replaceState(window.history.state, "", window.location.pathname);
      router.push(`/appointments?booked=${result.data.id}`);
      router.refresh();
      return;
    }
    setError(result.error);
    if (result.status === 409) {
      setStart(null);
      setReloadKey((k) => k + 1);
    }
  }

  return (
    <form onSubmit={book} className="space-y-6" noValidate>
      <div className="space-y-1">
        <label htmlFor="reason" className="block text-sm font-medium text-slate-800">
          What is the visit about?
        </label>
        <textarea
          id="reason"
          name="reason"
          required
          maxLength={500}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          aria-describedby="reason-hint"
        />
        <p id="reason-hint" className="text-xs text-slate-600">
          Only your provider sees this.
        </p>
      </div>
      <SlotPicker
        providerId={provider.id}
        providerTimeZone={provider.timeZone}
        viewerTimeZone={viewerTimeZone}
        selected={start}
        onSelect={(s) => {
          setStart(s);
          setError(null);
        }}
        reloadKey={reloadKey}
        week={week}
        onWeekChange={setWeek}
        onSlotsLoaded={checkRestoredSlot}
      />
      <div
        data-book-bar
        className="sticky bottom-0 z-10 -mx-4 space-y-3 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-[0_-4px_12px_rgba(15,23,42,0.08)] backdrop-blur sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:p-0 sm:shadow-none"
      >
        {warning && (
          <div
            role="status"
            data-notice-warning
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
          >
            <p className="font-semibold">{warning}</p>
            <p>
              <ClinicContactDetails contact={contact} lead="If you then need to change it, please contact the clinic" />
            </p>
          </div>
        )}
        {error && <Alert>{error}</Alert>}
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <Button type="submit" disabled={pending || !start || reason.trim() === ""} className="w-full sm:w-auto">
            {pending ? "Booking…" : "Book this time"}
          </Button>
          <p className="text-sm text-slate-700" aria-live="polite" data-selected-slot>
            {start ? `Selected: ${formatInZone(new Date(start), viewerTimeZone, { withZone: true })}` : "Choose a time above."}
            {start && reason.trim() === "" ? " Add what the visit is about at the top to book." : ""}
          </p>
        </div>
      </div>
    </form>
  );
}

function subscribeToHistory(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener("hashchange", onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener("hashchange", onChange);
  };
}
