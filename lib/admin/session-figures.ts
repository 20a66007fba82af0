/**
 * The admin's figures for one visit, derived from its events. Pure: no Prisma, no clock (`now` is passed).
 *
 *   summarizeEvents(appointment, events) -> VisitSummaryFigures   the same aggregates the database keeps in
 *                                                                 "VisitSummary" (trigger in the admin_review migration)
 *   sessionFigures(appointment, summary, now) -> SessionFigures   wait, duration, connection, reconnects, quality, outcome
 *
 * Every aggregate is a first/last/count, so events out of order, duplicated LEFTs or a missing LEFT give
 * sensible figures. The list reads the summary row from SQL; the detail summarizes the events itself;
 * both then go through sessionFigures(), so a visit shows the same figures everywhere.
 */
import type { AppointmentStatus, VisitEventType } from "@/lib/generated/prisma/enums";

export type FigureEvent = { type: VisitEventType; actorId: string | null; at: Date; data: unknown };
export type { AppointmentStatus };
export type FigureAppointment = { status: AppointmentStatus; endsAt: Date; patientId: string; providerId: string };

export type VisitSummaryFigures = {
  eventCount: number;
  checkedInAt: Date | null;
  admittedAt: Date | null;
  firstJoinedAt: Date | null;
  firstConnectedAt: Date | null;
  /** The latest CONNECTED or RECONNECTED. */
  lastRecoveredAt: Date | null;
  lastReconnectingAt: Date | null;
  /** The latest CONNECTED, RECONNECTING, RECONNECTED, QUALITY or LEFT. */
  lastCallActivityAt: Date | null;
  endedAt: Date | null;
  noShowAt: Date | null;
  /** Null without any CONNECTED/RECONNECTED; true once any of them was relayed. */
  relayed: boolean | null;
  patientReconnects: number;
  providerReconnects: number;
  qualitySamples: number;
  /** Sum of good = 1, fair = 0.5, poor = 0 over the samples. */
  qualityScore: number;
};

/**
 * One outcome per visit, decided in this order (the SQL twin is visit_outcome() in the admin_review migration):
 * - cancelled:       the appointment is CANCELLED.
 * - no-show:         NO_SHOW status or event; or nobody checked in, was admitted or joined and the visit is
 *                    over (its scheduled end + VISIT_OVER_AFTER_MS has passed) without being marked.
 * - completed:       connected at least once and ended (ENDED event or COMPLETED status), not while reconnecting.
 * - dropped:         connected at least once, and either ended while the last RECONNECTING had no later
 *                    CONNECTED/RECONNECTED, or never ended and the visit is over (a participant LEFT or the
 *                    connection went away, and nobody ended it).
 * - never connected: not cancelled/no-show; the patient checked in, was admitted or joined (or the visit was
 *                    ended) but no CONNECTED was ever recorded, and the visit is ended or over.
 * - open:            anything still to come or under way (scheduled, waiting, in the call before it is over).
 */
export const OUTCOMES = ["completed", "no-show", "cancelled", "never-connected", "dropped", "open"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const outcomeLabels: Record<Outcome, string> = {
  completed: "Completed",
  "no-show": "No-show",
  cancelled: "Cancelled",
  "never-connected": "Never connected",
  dropped: "Dropped",
  open: "Open",
};

/** A visit still unended this long after its scheduled end is over: nobody is coming back to it. */
export const VISIT_OVER_AFTER_MS = 60 * 60_000;

export type QualityLabel = "good" | "fair" | "poor";
export type SessionFigures = {
  outcome: Outcome;
  /** Check-in to admission (first of each). */
  waitMs: number | null;
  /** First CONNECTED, else ADMITTED. */
  callStartAt: Date | null;
  /** ENDED, else the last sign of the call (LEFT, QUALITY, connection report); `endEstimated` then. */
  callEndAt: Date | null;
  endEstimated: boolean;
  durationMs: number | null;
  connection: "direct" | "relay" | null;
  /** The larger of the two sides' RECONNECTING counts: one drop seen by both sides counts once. */
  reconnects: number;
  quality: { score: number; label: QualityLabel; samples: number } | null;
};

const min = (a: Date | null, b: Date) => (a === null || b < a ? b : a);
const max = (a: Date | null, b: Date) => (a === null || b > a ? b : a);
const CALL_ACTIVITY = new Set<VisitEventType>(["CONNECTED", "RECONNECTING", "RECONNECTED", "QUALITY", "LEFT"]);
const QUALITY_SCORE: Record<string, number> = { good: 1, fair: 0.5, poor: 0 };

function prop(data: unknown, key: string): unknown {
  return typeof data === "object" && data !== null ? (data as Record<string, unknown>)[key] : undefined;
}

export function emptySummary(): VisitSummaryFigures {
  return {
    eventCount: 0,
    checkedInAt: null,
    admittedAt: null,
    firstJoinedAt: null,
    firstConnectedAt: null,
    lastRecoveredAt: null,
    lastReconnectingAt: null,
    lastCallActivityAt: null,
    endedAt: null,
    noShowAt: null,
    relayed: null,
    patientReconnects: 0,
    providerReconnects: 0,
    qualitySamples: 0,
    qualityScore: 0,
  };
}

export function summarizeEvents(
  appointment: Pick<FigureAppointment, "patientId" | "providerId">,
  events: readonly FigureEvent[],
): VisitSummaryFigures {
  const s = emptySummary();
  for (const e of events) {
    // A guest's own events (and their admission) are not the patient's: the figures stay per the patient,
    // as the VisitSummary trigger has them (guest_figures migration).
    if (prop(e.data, "guest") === true) continue;
    s.eventCount++;
    if (CALL_ACTIVITY.has(e.type)) s.lastCallActivityAt = max(s.lastCallActivityAt, e.at);
    switch (e.type) {
      case "CHECKED_IN":
        s.checkedInAt = min(s.checkedInAt, e.at);
        break;
      case "ADMITTED":
        s.admittedAt = min(s.admittedAt, e.at);
        break;
      case "JOINED":
        s.firstJoinedAt = min(s.firstJoinedAt, e.at);
        break;
      case "ENDED":
        s.endedAt = min(s.endedAt, e.at);
        break;
      case "NO_SHOW":
        s.noShowAt = min(s.noShowAt, e.at);
        break;
      case "CONNECTED":
      case "RECONNECTED":
        if (e.type === "CONNECTED") s.firstConnectedAt = min(s.firstConnectedAt, e.at);
        s.lastRecoveredAt = max(s.lastRecoveredAt, e.at);
        s.relayed = (s.relayed ?? false) || prop(e.data, "relayed") === true;
        break;
      case "RECONNECTING":
        s.lastReconnectingAt = max(s.lastReconnectingAt, e.at);
        if (e.actorId !== null && e.actorId === appointment.patientId) s.patientReconnects++;
        if (e.actorId !== null && e.actorId === appointment.providerId) s.providerReconnects++;
        break;
      case "QUALITY": {
        const score = QUALITY_SCORE[String(prop(e.data, "quality"))];
        if (score !== undefined) {
          s.qualitySamples++;
          s.qualityScore += score;
        }
        break;
      }
      default:
        break;
    }
  }
  return s;
}

export function qualityLabel(score: number): QualityLabel {
  return score >= 0.75 ? "good" : score >= 0.4 ? "fair" : "poor";
}

export function outcomeOf(appointment: Pick<FigureAppointment, "status" | "endsAt">, s: VisitSummaryFigures, now: Date): Outcome {
  const over = appointment.endsAt.getTime() + VISIT_OVER_AFTER_MS < now.getTime();
  const ended = s.endedAt !== null || appointment.status === "COMPLETED";
  if (appointment.status === "CANCELLED") return "cancelled";
  if (appointment.status === "NO_SHOW" || s.noShowAt !== null) return "no-show";
  if (s.firstConnectedAt !== null) {
    if (!ended) return over ? "dropped" : "open";
    const unrecovered =
      s.lastReconnectingAt !== null &&
      s.lastReconnectingAt > (s.lastRecoveredAt ?? new Date(-8.64e15)) &&
      (s.endedAt === null || s.lastReconnectingAt <= s.endedAt);
    return unrecovered ? "dropped" : "completed";
  }
  if (ended) return "never-connected";
  if (s.checkedInAt !== null || s.admittedAt !== null || s.firstJoinedAt !== null) return over ? "never-connected" : "open";
  return over ? "no-show" : "open";
}

export function sessionFigures(
  appointment: Pick<FigureAppointment, "status" | "endsAt">,
  s: VisitSummaryFigures,
  now: Date,
): SessionFigures {
  const waitMs = s.checkedInAt && s.admittedAt ? Math.max(0, s.admittedAt.getTime() - s.checkedInAt.getTime()) : null;
  const callStartAt = s.firstConnectedAt ?? s.admittedAt;
  const callEndAt = s.endedAt ?? s.lastCallActivityAt;
  const durationMs = callStartAt && callEndAt ? Math.max(0, callEndAt.getTime() - callStartAt.getTime()) : null;
  const average = s.qualitySamples > 0 ? s.qualityScore / s.qualitySamples : null;
  return {
    outcome: outcomeOf(appointment, s, now),
    waitMs,
    callStartAt,
    callEndAt: callStartAt ? callEndAt : null,
    endEstimated: callStartAt !== null && s.endedAt === null && callEndAt !== null,
    durationMs,
    connection: s.relayed === null ? null : s.relayed ? "relay" : "direct",
    reconnects: Math.max(s.patientReconnects, s.providerReconnects),
    quality: average === null ? null : { score: Math.round(average * 100) / 100, label: qualityLabel(average), samples: s.qualitySamples },
  };
}

/** Both steps at once, for the detail view and tests. */
export function figuresFromEvents(appointment: FigureAppointment, events: readonly FigureEvent[], now: Date): SessionFigures {
  return sessionFigures(appointment, summarizeEvents(appointment, events), now);
}
