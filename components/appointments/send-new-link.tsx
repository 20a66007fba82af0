"use client";

import { useState } from "react";
import { visitsApi } from "@/lib/api-client/visits";

/**
 * For the provider, when a patient says they cannot find their link (or it went to the wrong person):
 * confirm, then the old links stop working and a new one is emailed. The result stays in words on the card.
 */
export function SendNewLink({ appointmentId, patientName }: { appointmentId: string; patientName: string }) {
  const [step, setStep] = useState<"idle" | "confirm" | "sending" | "sent">("idle");
  const [error, setError] = useState<string | null>(null);
  async function send() {
    setStep("sending");
    const result = await visitsApi.sendNewLink(appointmentId);
    if (!result.ok) {
      setError(result.error);
      return setStep("confirm");
    }
    setError(null);
    setStep("sent");
  }
  const button = "tap-button border border-slate-300 bg-white text-brand-700 hover:bg-slate-50";
  if (step === "sent")
    return (
      <p role="status" className="basis-full text-sm text-emerald-800" data-new-link="sent">
        A new join link is on its way to {patientName} by email. The links sent before no longer work.
      </p>
    );
  if (step === "idle")
    return (
      <button type="button" className={button} onClick={() => setStep("confirm")}>
        Send a new join link
      </button>
    );
  return (
    <div className="basis-full space-y-2 rounded-md bg-slate-50 p-3 text-sm" data-new-link="confirm">
      <p>Email {patientName} a new link? The links they have now stop working, also in a room they have open.</p>
      {error && (
        <p role="alert" className="text-red-800">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="tap-button bg-brand-600 font-medium text-white hover:bg-brand-700"
          disabled={step === "sending"}
          onClick={() => void send()}
        >
          {step === "sending" ? "Sending…" : "Send the new link"}
        </button>
        <button type="button" className={button} onClick={() => setStep("idle")}>
          Keep the current link
        </button>
      </div>
    </div>
  );
}
