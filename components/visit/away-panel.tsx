"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { AwayReason } from "@/components/visit/use-visit";

const words: Record<AwayReason, (provider: string) => string> = {
  left: (provider) =>
    `You left the call. Your camera and microphone are off. ${provider} can see that you left. You can rejoin while the visit is open.`,
  "signed-out": () => "You signed out, so the call stopped on this device and your camera and microphone are off.",
};

/** The patient's page out of the call: why, and the way back (rejoin here, or sign in again). */
export function AwayPanel({ reason, providerName, onRejoin }: { reason: AwayReason; providerName: string; onRejoin(): void }) {
  return (
    <div role="status" data-away={reason} className="space-y-3 rounded-lg border border-brand-100 bg-brand-50 p-4 text-brand-900">
      <p>{words[reason](providerName)}</p>
      <div className="flex flex-wrap gap-2">
        {reason === "signed-out" ? (
          <Link href="/sign-in" className="tap-button bg-brand-600 font-medium text-white">
            Sign in again
          </Link>
        ) : (
          <Button type="button" onClick={onRejoin}>
            Rejoin the call
          </Button>
        )}
        {reason !== "signed-out" && (
          <Link href="/appointments" className="tap-button border border-slate-300 bg-white font-medium text-brand-700">
            Back to my appointments
          </Link>
        )}
      </div>
    </div>
  );
}
