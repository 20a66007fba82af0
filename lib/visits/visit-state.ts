// What is happening in a visit, derived only from its append-only events (plus the appointment's status).
import type { AppointmentStatus, VisitEventType } from "@/lib/generated/prisma/enums";

export type { VisitEventType };

export type VisitEventLike = { id?: bigint | number; type: VisitEventType; actorId: string | null; at: Date; data: unknown };

export type DeviceCheckSummary =
  "ready" | "camera-blocked" | "no-camera" | "microphone-blocked" | "no-microphone" | "network-may-need-relay" | "network-failed";

export type VisitPhase = "scheduled" | "waiting" | "admitted" | "ended" | "no-show" | "cancelled";

export type VisitState = {
  phase: VisitPhase;
  checkedInAt: Date | null;
  admittedAt: Date | null;
  endedAt: Date | null;
  patientInRoom: boolean;
  providerInRoom: boolean;
  deviceCheck: { summary: DeviceCheckSummary; at: Date } | null;
  runningLate: { minutes: number; at: Date } | null;
  /** The patient's last departure with a reason (Leave, sign-out, a handed-over tab), until they join again. */
  patientLeft: { reason: string; at: Date } | null;
  /** Each guest's own progress, by the guest's user id (only guests with at least one event are here). */
  guests: Record<string, GuestState>;
};

/** A guest's own check-in, admission, presence and device check (events with data.guest = true). */
export type GuestState = {
  checkedInAt: Date | null;
  admittedAt: Date | null;
  inRoom: boolean;
  deviceCheck: { summary: DeviceCheckSummary; at: Date } | null;
};

export const emptyGuestState = (): GuestState => ({ checkedInAt: null, admittedAt: null, inRoom: false, deviceCheck: null });

/** A guest's own events carry data.guest = true; the patient's fields (and the wait and duration figures) ignore them. */
export function isGuestEvent(data: unknown): boolean {
  return typeof data === "object" && data !== null && (data as Record<string, unknown>).guest === true;
}

const order = (a: VisitEventLike, b: VisitEventLike) => a.at.getTime() - b.at.getTime() || Number(a.id ?? 0) - Number(b.id ?? 0);

function field<T>(data: unknown, key: string, guard: (v: unknown) => v is T): T | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const value = (data as Record<string, unknown>)[key];
  return guard(value) ? value : undefined;
}
const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number";

export function deriveVisitState(
  appointment: { patientId: string; providerId: string; status: AppointmentStatus },
  events: VisitEventLike[],
): VisitState {
  const state: VisitState = {
    phase: "scheduled",
    checkedInAt: null,
    admittedAt: null,
    endedAt: null,
    patientInRoom: false,
    providerInRoom: false,
    deviceCheck: null,
    runningLate: null,
    patientLeft: null,
    guests: {},
  };
  for (const event of [...events].sort(order)) {
    if (isGuestEvent(event.data)) {
      applyGuestEvent(state.guests, event);
      continue;
    }
    switch (event.type) {
      case "CHECKED_IN":
        state.checkedInAt ??= event.at;
        break;
      case "ADMITTED":
        state.admittedAt ??= event.at;
        break;
      case "ENDED":
        state.endedAt ??= event.at;
        break;
      case "DEVICE_CHECK": {
        const summary = field(event.data, "summary", isString) as DeviceCheckSummary | undefined;
        if (summary) state.deviceCheck = { summary, at: event.at };
        break;
      }
      case "RUNNING_LATE": {
        const minutes = field(event.data, "minutes", isNumber);
        if (minutes) state.runningLate = { minutes, at: event.at };
        break;
      }
      case "JOINED":
      case "LEFT": {
        const present = event.type === "JOINED";
        if (event.actorId === appointment.patientId) {
          state.patientInRoom = present;
          // The presence webhook's LEFT (no reason) follows a Leave: it keeps the reason the patient gave.
          const reason = field(event.data, "reason", isString);
          if (present) state.patientLeft = null;
          else if (reason) state.patientLeft = { reason, at: event.at };
        }
        if (event.actorId === appointment.providerId) state.providerInRoom = present;
        break;
      }
      default:
        break;
    }
  }
  state.phase =
    appointment.status === "CANCELLED"
      ? "cancelled"
      : appointment.status === "NO_SHOW"
        ? "no-show"
        : appointment.status === "COMPLETED" || state.endedAt
          ? "ended"
          : state.admittedAt
            ? "admitted"
            : state.checkedInAt
              ? "waiting"
              : "scheduled";
  return state;
}

const GUEST_STATE_EVENTS = new Set<VisitEventType>(["CHECKED_IN", "ADMITTED", "JOINED", "LEFT", "DEVICE_CHECK"]);

function applyGuestEvent(guests: Record<string, GuestState>, event: VisitEventLike): void {
  // Connection and quality reports of a pair with a guest in it say nothing of anyone's progress.
  if (!GUEST_STATE_EVENTS.has(event.type)) return;
  // Admitting a guest is the provider's event naming the guest; the rest are the guest's own.
  const guestId = event.type === "ADMITTED" ? field(event.data, "guestId", isString) : (event.actorId ?? undefined);
  if (!guestId) return;
  const guest = (guests[guestId] ??= emptyGuestState());
  switch (event.type) {
    case "CHECKED_IN":
      guest.checkedInAt ??= event.at;
      break;
    case "ADMITTED":
      guest.admittedAt ??= event.at;
      break;
    case "JOINED":
    case "LEFT":
      guest.inRoom = event.type === "JOINED";
      break;
    case "DEVICE_CHECK": {
      const summary = field(event.data, "summary", isString) as DeviceCheckSummary | undefined;
      if (summary) guest.deviceCheck = { summary, at: event.at };
      break;
    }
    default:
      break;
  }
}

/**
 * A guest's own phase: the visit's end (or cancellation, no-show) is theirs too; otherwise admitted once the
 * provider let this guest in, waiting once they checked in.
 */
export function guestPhase(state: VisitState, guestUserId: string): VisitPhase {
  if (state.phase === "ended" || state.phase === "cancelled" || state.phase === "no-show") return state.phase;
  const guest = state.guests[guestUserId];
  return guest?.admittedAt ? "admitted" : guest?.checkedInAt ? "waiting" : "scheduled";
}

const deviceWords: Record<DeviceCheckSummary, string> = {
  ready: "Camera, microphone and connection ready",
  "camera-blocked": "No camera (blocked in the browser): audio only",
  "no-camera": "No camera found: audio only",
  "microphone-blocked": "No microphone (blocked in the browser): video only",
  "no-microphone": "No microphone found: video only",
  "network-may-need-relay": "Network may need a relay",
  "network-failed": "Connection test failed",
};

export function describeDeviceCheck(summary: DeviceCheckSummary): string {
  return deviceWords[summary];
}
