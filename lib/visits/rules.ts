import { env } from "@/lib/env";
import type { VisitWindowRules } from "@/lib/visits/visit-window";

export function visitWindowRules(): VisitWindowRules {
  const e = env();
  return {
    opensMinutesBefore: e.VISIT_OPENS_MINUTES_BEFORE,
    graceMinutesAfter: e.VISIT_GRACE_MINUTES_AFTER,
    noShowGraceMinutes: e.NO_SHOW_GRACE_MINUTES,
  };
}
