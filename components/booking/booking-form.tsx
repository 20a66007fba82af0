"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { SlotPicker } from "@/components/booking/slot-picker";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { formatInZone } from "@/lib/format-time";
import { bookingInsideNoticeWarning } from "@/lib/appointments/allowed-actions";
import type { ClinicContact } from "@/lib/clinic/schemas";
import { ClinicContactDetails } from "@/components/clinic/clinic-contact";

type Props = { provider: { id: string; name: string; timeZone: string; cancelNoticeMinutes: number }; viewerTimeZone: string; contact: ClinicContact };

export function BookingForm({ provider, viewerTimeZone, contact }: Props) {
  const router = useRouter();
  const [start, setStart] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  const warning = start ? bookingInsideNoticeWarning(new Date(start), new Date(), provider.cancelNoticeMinutes) : null;

  async function book(event: React.FormEvent) {
    event.preventDefault();
    if (!start) return setError("Choose a time first.");
    setPending(true);
    setError(null);
    const response = await fetch("/api/appointments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ providerId: provider.id, start, reason }),
    });
    const body = (await response.json().catch(() => ({}))) as { id?: string; error?: string };
    setPending(false);
    if (response.status === 201 && body.id) {
      router.push(`/appointments?booked=${body.id}`);
      router.refresh();
      return;
    }
    setError(body.error ?? "The visit could not be booked. Please try again.");
    if (response.status === 409) {
      setStart(null);
      setReloadKey((k) => k + 1);
    }
  }

  return (
    <form onSubmit={book} className="space-y-6" noValidate>
      <SlotPicker providerId={provider.id} providerTimeZone={provider.timeZone} viewerTimeZone={viewerTimeZone} selected={start} onSelect={setStart} reloadKey={reloadKey} />
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
      {warning && (
        <div role="status" data-notice-warning className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <p className="font-semibold">{warning}</p>
          <p>
            <ClinicContactDetails contact={contact} lead="If you then need to change it, please contact the clinic" />
          </p>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending || !start || reason.trim() === ""}>
          {pending ? "Booking…" : "Book this time"}
        </Button>
        {start && (
          <p className="text-sm text-slate-700" aria-live="polite">
            Selected: {formatInZone(new Date(start), viewerTimeZone, { withZone: true })}
          </p>
        )}
      </div>
    </form>
  );
}
