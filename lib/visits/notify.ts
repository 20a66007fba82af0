import { channels, events } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";

export type VisitChange = "device-check" | "checked-in" | "running-late" | "admitted" | "joined" | "left" | "ended" | "no-show" | "queue";

/** Payloads carry ids and the kind of change only; the receiver re-reads what it is allowed to see. */
export function notifyProvider(providerId: string, appointmentId: string, change: VisitChange) {
  return publish(channels.provider(providerId), events.waitingRoom, { appointmentId, change, at: Date.now() });
}

export function notifyParticipant(userId: string, appointmentId: string, change: VisitChange) {
  return publish(channels.user(userId), events.visitState, { appointmentId, change, at: Date.now() });
}
