/**
 * The visit endpoints, typed, for the browser (visit room, waiting room, call engine). Each answers an
 * ApiResult (send-json.ts); reports are best effort and answer nothing.
 */
import "client-only";
import type { QualitySample } from "@/lib/call/quality";
import type { IceConfig } from "@/lib/call/server/ice-servers";
import type { DeviceCheckInput } from "@/lib/visits/visit-input";
import type { GuestView, VisitView } from "@/lib/visits/visit-view";
import { sendBeacon, sendForm, sendJson, type ApiResult, type RequestOptions } from "@/lib/api-client/send-json";

export type { IceConfig };

const visit = (appointmentId: string) => `/api/visits/${encodeURIComponent(appointmentId)}`;

export type ConnectionReport =
  | { event: "CONNECTED" | "RECONNECTED"; session: string; localCandidateType: string | null; remoteCandidateType: string | null }
  | { event: "RECONNECTING"; session: string };

// contract: guests
export type GuestInvitation = { name: string; role: GuestView["role"]; detail?: string; email?: string };

export const visitsApi = {
  get: (appointmentId: string, options?: RequestOptions) => sendJson<VisitView>(visit(appointmentId), "GET", undefined, options),
  saveDeviceCheck: (appointmentId: string, result: DeviceCheckInput) =>
    sendJson<VisitView>(`${visit(appointmentId)}/device-check`, "POST", result),
  checkIn: (appointmentId: string) => sendJson<VisitView>(`${visit(appointmentId)}/check-in`, "POST", {}),
  leave: (appointmentId: string) => sendJson<VisitView>(`${visit(appointmentId)}/leave`, "POST", { reason: "left" }),
  claimRoom: (appointmentId: string, session: string, take: boolean, options?: RequestOptions) =>
    sendJson<{ held: boolean }>(`${visit(appointmentId)}/room`, "POST", { session, take }, options),
  // contract: guests: `guestId` (the guest's user id) lets one guest in; without it, the patient as before.
  admit: (appointmentId: string, guestId?: string) =>
    sendJson<VisitView>(`${visit(appointmentId)}/admit`, "POST", guestId === undefined ? {} : { guestId }),
  // contract: guests
  inviteGuest: (appointmentId: string, input: GuestInvitation) =>
    sendJson<{ guest: GuestView; link: string }>(`${visit(appointmentId)}/guests`, "POST", input),
  removeGuest: (appointmentId: string, guestId: string) =>
    sendJson<VisitView>(`${visit(appointmentId)}/guests/${encodeURIComponent(guestId)}`, "DELETE"),
  setGuestPolicy: (appointmentId: string, patientMayInvite: boolean) =>
    sendJson<VisitView>(`${visit(appointmentId)}/guest-policy`, "POST", { patientMayInvite }),
  end: (appointmentId: string) => sendJson<VisitView>(`${visit(appointmentId)}/end`, "POST"),
  markNoShow: (appointmentId: string) => sendJson<unknown>(`${visit(appointmentId)}/no-show`, "POST"),
  sendNewLink: (appointmentId: string) => sendJson<{ revoked: number }>(`${visit(appointmentId)}/new-link`, "POST"),
  runningLate: (appointmentId: string, minutes: 5 | 10 | 15) =>
    sendJson<unknown>(`${visit(appointmentId)}/running-late`, "POST", { minutes }),
  iceServers: (appointmentId: string, options?: RequestOptions) =>
    sendJson<IceConfig>(`${visit(appointmentId)}/ice-servers`, "GET", undefined, options),
  reportQuality: (appointmentId: string, sample: QualitySample) => sendBeacon(`${visit(appointmentId)}/quality`, sample),
  reportConnection: (appointmentId: string, report: ConnectionReport) => sendBeacon(`${visit(appointmentId)}/connection`, report),
};

/** pusher-js channel authorization (its own form fields), answered by /api/pusher/auth. */
export function authorizeChannel<T>(socketId: string, channelName: string): Promise<ApiResult<T>> {
  return sendForm<T>("/api/pusher/auth", { socket_id: socketId, channel_name: channelName });
}
