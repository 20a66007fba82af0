/**
 * The visit endpoints, typed, for the browser (visit room, waiting room, call engine). Each answers an
 * ApiResult (send-json.ts); reports are best effort and answer nothing.
 */
import "client-only";
import type { QualitySample } from "@/lib/call/quality";
import type { IceConfig } from "@/lib/call/server/ice-servers";
import type { DeviceCheckInput } from "@/lib/visits/visit-input";
import type { GuestView, VisitView } from "@/lib/visits/visit-view";
import type { GuestRole } from "@/lib/guests/guest-label";
import { sendBeacon, sendForm, sendJson, type ApiResult, type RequestOptions } from "@/lib/api-client/send-json";

export type { IceConfig };

/** A report that beat the Admit it follows (409) is sent again: the provider's /admit commits within these. */
const CONNECTION_REPORT_RETRIES_MS = [1_000, 2_000, 4_000] as const;

const visit = (appointmentId: string) => `/api/visits/${encodeURIComponent(appointmentId)}`;

/** `peer`: the remote participant's user id, the pair the report describes (a call of three or four has one peer per pair). */
export type ConnectionReport = (
  | { event: "CONNECTED" | "RECONNECTED"; session: string; localCandidateType: string | null; remoteCandidateType: string | null }
  | { event: "RECONNECTING"; session: string }
) & { peer?: string };

/** POST /guests: `detail` is free text ("Spanish"); with `email` the link is also emailed. */
export type GuestInvitation = { name: string; role: GuestRole; detail?: string; email?: string };

export const visitsApi = {
  get: (appointmentId: string, options?: RequestOptions) => sendJson<VisitView>(visit(appointmentId), "GET", undefined, options),
  saveDeviceCheck: (appointmentId: string, result: DeviceCheckInput) =>
    sendJson<VisitView>(`${visit(appointmentId)}/device-check`, "POST", result),
  checkIn: (appointmentId: string) => sendJson<VisitView>(`${visit(appointmentId)}/check-in`, "POST", {}),
  leave: (appointmentId: string) => sendJson<VisitView>(`${visit(appointmentId)}/leave`, "POST", { reason: "left" }),
  claimRoom: (appointmentId: string, session: string, take: boolean, options?: RequestOptions) =>
    sendJson<{ held: boolean }>(`${visit(appointmentId)}/room`, "POST", { session, take }, options),
  /** The patient, or with `guestId` (the guest's user id) that checked-in guest. */
  admit: (appointmentId: string, guestId?: string) =>
    sendJson<VisitView>(`${visit(appointmentId)}/admit`, "POST", guestId === undefined ? undefined : { guestId }),
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
  reportQuality: (appointmentId: string, sample: QualitySample & { peer?: string }) =>
    sendBeacon(`${visit(appointmentId)}/quality`, sample),
  /** Stored once per peer session and kind, so sending one again is safe. */
  reportConnection: (appointmentId: string, report: ConnectionReport) =>
    sendBeacon(`${visit(appointmentId)}/connection`, report, CONNECTION_REPORT_RETRIES_MS),
};

/** pusher-js channel authorization (its own form fields), answered by /api/pusher/auth. */
export function authorizeChannel<T>(socketId: string, channelName: string): Promise<ApiResult<T>> {
  return sendForm<T>("/api/pusher/auth", { socket_id: socketId, channel_name: channelName });
}
