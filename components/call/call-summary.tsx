"use client";

import { useState } from "react";
import Link from "next/link";
import { formatDuration } from "@/components/call/call-status";
import type { ConnectionType } from "@/lib/call-engine/remote-link";

/** Shown to both sides once the provider has ended the visit. */
export function CallSummary(props: {
  role: "PATIENT" | "PROVIDER" | "GUEST";
  startedAt: number | null;
  connectionType: ConnectionType | null;
  relayedEver: boolean;
}) {
  const [endedAt] = useState(() => Date.now());
  // The technical words are the provider's; the patient is told what it meant for them, in plain words.
  const patientConnection =
    props.connectionType === null
      ? "The call did not connect."
      : props.connectionType === "relayed" || props.relayedEver
        ? "Sound and video went through the clinic's relay server, not stored anywhere. Nothing was recorded."
        : "Sound and video went directly between your device and your provider's. Nothing was recorded.";
  const guestConnection =
    props.connectionType === null
      ? "The call did not connect."
      : "Sound and video went between the devices in the call, not stored anywhere. Nothing was recorded.";
  const connection =
    props.role === "GUEST"
      ? guestConnection
      : props.role === "PATIENT"
        ? patientConnection
        : props.connectionType === null
          ? "Not connected"
          : props.connectionType === "relayed"
            ? "Relayed through a TURN server"
            : props.relayedEver
              ? "Direct (relayed at times)"
              : "Direct";
  return (
    <section
      aria-labelledby="call-summary-heading"
      aria-live="polite"
      data-testid="call-summary"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="call-summary-heading" className="text-lg font-semibold text-slate-900">
        {props.role === "PATIENT"
          ? "Your provider ended the visit"
          : props.role === "GUEST"
            ? "The provider ended the visit"
            : "You ended the visit"}
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">Duration</dt>
        <dd data-testid="summary-duration" className="font-mono tabular-nums">
          {props.startedAt === null ? "—" : formatDuration(endedAt - props.startedAt)}
        </dd>
        <dt className="text-slate-600">{props.role === "PROVIDER" ? "Connection" : "Your call"}</dt>
        <dd data-testid="summary-connection">{connection}</dd>
      </dl>
      {/* A guest has no appointments or dashboard to go back to: their link was for this visit only. */}
      {props.role === "GUEST" ? (
        <p className="text-sm text-slate-700">Thank you for joining. You can close this page.</p>
      ) : (
        <Link
          href={props.role === "PATIENT" ? "/appointments" : "/dashboard"}
          className="tap-button bg-brand-600 font-medium text-white hover:bg-brand-700"
        >
          {props.role === "PATIENT" ? "Back to my appointments" : "Back to the dashboard"}
        </Link>
      )}
    </section>
  );
}
