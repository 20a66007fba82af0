"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { sendJson } from "@/lib/api-client/send-json";

/** Cancel with a confirmation step; providers must give the patient a reason. */
/** `confirmAt`: where to go once cancelled, so the page confirms it (and drops any older confirmation). */
export function CancelAppointment({
  appointmentId,
  requireReason,
  confirmAt,
}: {
  appointmentId: string;
  requireReason: boolean;
  confirmAt?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function cancel() {
    setPending(true);
    setError(null);
    const result = await sendJson<unknown>(`/api/appointments/${appointmentId}/cancel`, "POST", { reason });
    setPending(false);
    if (result.ok) {
      setOpen(false);
      if (confirmAt) router.replace(confirmAt, { scroll: false });
      router.refresh();
      return;
    }
    setError(result.error);
  }

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="tap-button border border-red-200 bg-white text-red-800 hover:bg-red-50"
      >
        Cancel visit
      </button>
    );
  }
  const inputId = `cancel-reason-${appointmentId}`;
  return (
    <div className="mt-2 w-full space-y-2 rounded-md border border-red-200 bg-red-50 p-3">
      <label htmlFor={inputId} className="block text-sm font-medium">
        {requireReason ? "Reason for the patient (required)" : "Reason (optional)"}
      </label>
      <input
        id={inputId}
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1"
      />
      {error && <Alert>{error}</Alert>}
      <div className="flex gap-2">
        <Button type="button" variant="danger" disabled={pending || (requireReason && reason.trim() === "")} onClick={() => void cancel()}>
          {pending ? "Cancelling…" : "Yes, cancel the visit"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Keep it
        </Button>
      </div>
    </div>
  );
}
