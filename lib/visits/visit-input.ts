import { z } from "@/lib/validation/zod";
import { SESSION_ID_PATTERN } from "@/lib/signalling/messages";

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export const deviceCheckSchema = z.object({
  camera: z.enum(["ok", "blocked", "missing"]),
  microphone: z.enum(["ok", "blocked", "missing"]),
  speaker: z.enum(["heard", "not-confirmed"]),
  network: z.enum(["direct", "relay", "no-relay", "failed"]),
  relayAvailable: z.boolean(),
  // Stored in a JSONB event, which cannot hold \u0000; a device name has no control characters anyway.
  cameraLabel: z.string().max(200).regex(NO_CONTROL, "must not contain control characters").optional(),
  microphoneLabel: z.string().max(200).regex(NO_CONTROL, "must not contain control characters").optional(),
});
export type DeviceCheckInput = z.infer<typeof deviceCheckSchema>;

export const runningLateSchema = z.object({
  minutes: z.union([z.literal(5), z.literal(10), z.literal(15)], { message: "must be 5, 10 or 15" }),
});

/** Why a patient left the call: their Leave here; the server adds the ends of sessions. */
export const leaveSchema = z.object({ reason: z.enum(["left"]).default("left") });
export type LeaveReason = z.infer<typeof leaveSchema>["reason"] | "signed-out" | "session-ended";

/** A page's room session (lib/visits/room-holder.ts): made by the signalling layer's newSessionId. */
const SESSION = "must be this page's room session id (8-64 letters, digits, - or _)";
export const roomSessionSchema = z.string({ message: SESSION }).regex(SESSION_ID_PATTERN, SESSION);

export const roomClaimSchema = z.object({
  session: roomSessionSchema,
  /** "Use it here" (or the provider's Admit): take the room even from a live holder. */
  take: z.boolean().default(false),
});
export type RoomClaim = z.infer<typeof roomClaimSchema>;
