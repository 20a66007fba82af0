"use client";

import type { VisitView } from "@/lib/visits/visit-view";
import { formatInZone } from "@/lib/format-time";
import { useElapsed } from "@/components/visit/use-elapsed";

/** What a waiting patient reads: in words, what is happening and what comes next. */
export function WaitingStatus({ visit, timeZone }: { visit: VisitView; timeZone: string }) {
  const waited = useElapsed(visit.checkedInAt);
  const place = visit.placeInQueue;
  return (
    <div role="status" aria-live="polite" className="space-y-2 rounded-lg border border-brand-100 bg-brand-50 p-4 text-brand-800">
      <p className="text-lg font-semibold">You are checked in. {visit.provider.name} knows you are here.</p>
      <p>
        {place === null || place === 1
          ? `You are next. Please keep this page open; the video starts when ${visit.provider.name} lets you in.`
          : `${place - 1} patient${place - 1 === 1 ? " is" : "s are"} ahead of you. Please keep this page open.`}
      </p>
      {visit.runningLate && (
        <p className="font-medium" data-testid="running-late">
          {visit.provider.name} is running about {visit.runningLate.minutes} minutes late (sent at{" "}
          {formatInZone(new Date(visit.runningLate.at), timeZone, { timeOnly: true })}).
        </p>
      )}
      <p data-testid="not-seen-yet">{visit.provider.name} cannot see or hear you until they let you in.</p>
      <p className="text-sm">Waiting for {waited}.</p>
    </div>
  );
}
