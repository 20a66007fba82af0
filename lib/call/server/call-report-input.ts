import "server-only";
import { z } from "@/lib/validation/zod";
import { CANDIDATE_TYPES } from "@/lib/call/quality";
import { idSchema } from "@/lib/validation/id";

const measure = (max: number) => z.number().finite().min(0, "must not be negative").max(max, `must be at most ${max}`).nullable();
const candidateType = z.enum(CANDIDATE_TYPES).nullable();

/** One quality sample as a browser measures it from getStats(); null where the figure is not known yet. */
export const qualitySampleSchema = z.strictObject({
  rttMs: measure(60_000),
  jitterMs: measure(60_000),
  packetLossPct: measure(100),
  inKbps: measure(1_000_000),
  outKbps: measure(1_000_000),
  fps: measure(240),
  width: z.number().int().min(0).max(16_384).nullable(),
  height: z.number().int().min(0).max(16_384).nullable(),
  localCandidateType: candidateType,
  remoteCandidateType: candidateType,
  quality: z.enum(["good", "fair", "poor"]),
  /** The remote participant's user id: which pair of a three- or four-person call this describes. */
  peer: idSchema.optional(),
});
export type QualitySampleInput = z.infer<typeof qualitySampleSchema>;

/** A signalling/peer session id, as lib/signalling makes them. */
export const peerSessionSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be a peer session id");

export const connectionEventSchema = z.strictObject({
  event: z.enum(["CONNECTED", "RECONNECTING", "RECONNECTED"]),
  session: peerSessionSchema,
  localCandidateType: candidateType.optional(),
  remoteCandidateType: candidateType.optional(),
  /** The remote participant's user id (the pair); older clients leave it out. */
  peer: idSchema.optional(),
});
export type ConnectionEventInput = z.infer<typeof connectionEventSchema>;
