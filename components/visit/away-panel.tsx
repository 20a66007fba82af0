"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { AwayReason } from "@/components/visit/use-visit";

const words: Record<AwayReason, (provider: string) => string> = {
  left: (provider) =>
    `You left the call. Your camera and microphone are off. ${provider} can see that you left. You can rejoin while the visit is open.`,
  "signed-out": () => "You signed out, so the call stopped on this device and your camera and microphone are off.",
  elsewhere: () =>
    "This visit is open in another tab or on another device. To use this one instead, choose Use it here: the other one will stop its camera and microphone.",
  moved: () =>
    "You moved this visit to another tab or device, so it stopped here and this camera and microphone are off. To come back to this one, choose Use it here.",
};

type Props = {
  reason: AwayReason;
  role: "PATIENT" | "PROVIDER" | "GUEST";
  providerName: string;
  /** Came in by an emailed link: their session ends when the link stops working, not by a sign-out. */
  viaLink?: boolean;
  onRejoin(): void;
  onUseHere(): Promise<void>;
};

const linkEnded =
  "This link no longer opens the visit, so the call stopped here and your camera and microphone are off. The clinic may have sent you a new link: open their newest email, or contact the clinic.";

// A guest has no account: their link was this visit's only way in (removed, or the room closed).
const guestLinkEnded =
  "This link no longer opens the visit, so the call stopped here and your camera and microphone are off. If you think this is a mistake, ask the person who invited you.";

/** The page out of the call: why, and the way back (rejoin here, use it here, or sign in again). */
export function AwayPanel({ reason, role, providerName, viaLink = false, onRejoin, onUseHere }: Props) {
  const elsewhere = reason === "elsewhere" || reason === "moved";
  const [moving, setMoving] = useState(false);
  return (
    <div role="status" data-away={reason} className="space-y-3 rounded-lg border border-brand-100 bg-brand-50 p-4 text-brand-900">
      {elsewhere && (
        <h2 className="text-lg font-semibold">
          {reason === "moved" ? "Moved to another tab or device" : "This visit is open somewhere else"}
        </h2>
      )}
      <p>
        {reason === "signed-out" && role === "GUEST"
          ? guestLinkEnded
          : reason === "signed-out" && viaLink
            ? linkEnded
            : words[reason](providerName)}
      </p>
      <div className="flex flex-wrap gap-2">
        {reason === "signed-out" && role !== "GUEST" && (
          <Link href="/sign-in" className="tap-button bg-brand-600 font-medium text-white">
            {viaLink ? "Sign in with a password" : "Sign in again"}
          </Link>
        )}
        {reason === "left" && (
          <Button type="button" onClick={onRejoin}>
            Rejoin the call
          </Button>
        )}
        {elsewhere && (
          <Button
            type="button"
            disabled={moving}
            onClick={() => {
              setMoving(true);
              void onUseHere().finally(() => setMoving(false));
            }}
          >
            {moving ? "Moving it here…" : "Use it here"}
          </Button>
        )}
        {reason !== "signed-out" && role !== "GUEST" && (
          <Link
            href={role === "PATIENT" ? "/appointments" : "/dashboard"}
            className="tap-button border border-slate-300 bg-white font-medium text-brand-700"
          >
            {role === "PATIENT" ? "Back to my appointments" : "Back to the dashboard"}
          </Link>
        )}
      </div>
    </div>
  );
}
