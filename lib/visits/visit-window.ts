// When a visit room is open: pure, so the page, the channel rules and the API agree to the second.
export type VisitWindowRules = { opensMinutesBefore: number; graceMinutesAfter: number; noShowGraceMinutes: number };

export type VisitWindow = { opensAt: Date; closesAt: Date; noShowAfter: Date };

export function visitWindow(appointment: { start: Date; end: Date }, rules: VisitWindowRules): VisitWindow {
  return {
    opensAt: new Date(appointment.start.getTime() - rules.opensMinutesBefore * 60_000),
    closesAt: new Date(appointment.end.getTime() + rules.graceMinutesAfter * 60_000),
    noShowAfter: new Date(appointment.start.getTime() + rules.noShowGraceMinutes * 60_000),
  };
}

export type WindowStatus = "not-open-yet" | "open" | "closed";

export function windowStatus(window: VisitWindow, now: Date): WindowStatus {
  if (now < window.opensAt) return "not-open-yet";
  if (now >= window.closesAt) return "closed";
  return "open";
}

/** Appointments whose room is open at `now` start by `startsBy` and end after `endsAfter`. */
export function openRoomBounds(now: Date, rules: VisitWindowRules): { startsBy: Date; endsAfter: Date } {
  return {
    startsBy: new Date(now.getTime() + rules.opensMinutesBefore * 60_000),
    endsAfter: new Date(now.getTime() - rules.graceMinutesAfter * 60_000),
  };
}
