// What is happening in a visit, derived only from its append-only events (plus the appointment's status).
export type VisitEventType =
  | "DEVICE_CHECK"
  | "CHECKED_IN"
  | "RUNNING_LATE"
  | "ADMITTED"
  | "JOINED"
  | "LEFT"
  | "CONNECTED"
  | "RECONNECTING"
  | "RECONNECTED"
  | "QUALITY"
  | "ENDED"
  | "NO_SHOW"
  // The record around the visit (who booked it, reminders, link use): on the timeline, not in the state.
  | "BOOKED_BY_STAFF"
  | "REMINDER_SENT"
  | "REMINDER_FAILED"
  | "LINK_USED";

export type VisitEventLike = { id?: bigint | number; type: VisitEventType; actorId: string | null; at: Date; data: unknown };

export type DeviceCheckSummary = "ready" | "camera-blocked" | "no-camera" | "microphone-blocked" | "no-microphone" | "network-may-need-relay" | "network-failed";

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
};

const order = (a: VisitEventLike, b: VisitEventLike) => a.at.getTime() - b.at.getTime() || Number(a.id ?? 0) - Number(b.id ?? 0);

function field<T>(data: unknown, key: string, guard: (v: unknown) => v is T): T | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const value = (data as Record<string, unknown>)[key];
  return guard(value) ? value : undefined;
}
const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number";

export function deriveVisitState(
  appointment: { patientId: string; providerId: string; status: "SCHEDULED" | "CANCELLED" | "COMPLETED" | "NO_SHOW" },
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
  };
  for (const event of [...events].sort(order)) {
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
        if (event.actorId === appointment.patientId) state.patientInRoom = present;
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

const deviceWords: Record<DeviceCheckSummary, string> = {
  ready: "Camera, microphone and connection ready",
  "camera-blocked": "Camera blocked in the browser",
  "no-camera": "No camera found",
  "microphone-blocked": "Microphone blocked in the browser",
  "no-microphone": "No microphone found",
  "network-may-need-relay": "Network may need a relay",
  "network-failed": "Connection test failed",
};

export function describeDeviceCheck(summary: DeviceCheckSummary): string {
  return deviceWords[summary];
}
