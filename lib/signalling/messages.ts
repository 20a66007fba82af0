/**
 * Wire format of the call signalling sent as `client-signal` events (version 1).
 *
 *   parse(input: unknown): SignalMessage | null     - object or JSON string; null if malformed/too large; never throws
 *   encode(message: SignalMessage): string          - canonical JSON
 *   encodedBytes(message: SignalMessage): number    - UTF-8 size of encode(), what Pusher's 10 KB limit counts
 *   newSessionId(): string                          - random id for one peer instance
 *
 * Every message carries an envelope: `from` (user id), `session` (one peer instance; a reload or rebuild
 * makes a new one), `seq` (per session, from 0), `for` (the recipient's user id: in a call of three or four
 * each pair has its own peer, and a signal is for one person; optional, for clients from before guests)
 * and optionally `to` (the receiver's session it answers).
 * A `description` too big for one event travels as consecutive-seq parts `{part, parts}`.
 *
 * Pure: no Next, no Prisma, no browser-only globals.
 */

// zod/mini, not lib/validation/zod: this schema runs in the browser on every signal received, and the full
// zod, with its error messages in forty languages, was 400 KB of the visit page's 660 KB of script (decision 12).
import * as z from "zod/mini";

export const PROTOCOL_VERSION = 1;
/** Hosted Pusher's limit for one event's data; nothing larger can have come through it. */
export const MAX_MESSAGE_BYTES = 10 * 1024;
export const MAX_SEQ = 2 ** 31 - 1;
export const MAX_PARTS = 16;
export const MAX_CANDIDATES = 64;
/** A reassembled SDP; real ones are 2-20 KB, this only bounds the receiver's memory. */
export const MAX_SDP_CHARS = MAX_PARTS * MAX_MESSAGE_BYTES;

/** A session id's shape (newSessionId makes 24 hex digits); a page's room session has it too (lib/visits/visit-input.ts). */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const sessionId = z.string().check(z.regex(SESSION_ID_PATTERN));
const userId = z.string().check(z.minLength(1), z.maxLength(128));
const count = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

const envelope = {
  v: z.literal(PROTOCOL_VERSION),
  from: userId,
  session: sessionId,
  seq: count(0, MAX_SEQ),
  for: z.optional(userId),
  to: z.optional(sessionId),
};

const candidate = z.object({
  candidate: z.string().check(z.maxLength(1024)),
  sdpMid: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  sdpMLineIndex: z.optional(z.nullable(count(0, 1023))),
});

const descriptionMessage = z
  .object({
    ...envelope,
    kind: z.literal("description"),
    type: z.enum(["offer", "answer"]),
    sdp: z.string().check(z.minLength(1), z.maxLength(MAX_MESSAGE_BYTES)),
    part: z.optional(count(0, MAX_PARTS - 1)),
    parts: z.optional(count(2, MAX_PARTS)),
  })
  .check(
    z.refine((m) => (m.part === undefined) === (m.parts === undefined), "part and parts go together"),
    z.refine((m) => m.part === undefined || m.parts === undefined || m.part < m.parts, "part must be below parts"),
  );

const signalMessage = z.discriminatedUnion("kind", [
  descriptionMessage,
  z.object({
    ...envelope,
    kind: z.literal("candidates"),
    candidates: z.array(candidate).check(z.minLength(1), z.maxLength(MAX_CANDIDATES)),
  }),
  z.object({ ...envelope, kind: z.literal("hello") }),
  z.object({ ...envelope, kind: z.literal("bye") }),
  z.object({ ...envelope, kind: z.literal("restart") }),
  // simple-peer's non-initiator asks the initiator to renegotiate (e.g. it added a track) this way.
  z.object({ ...envelope, kind: z.literal("renegotiate"), transceiver: z.optional(z.object({ kind: z.enum(["audio", "video"]) })) }),
]);

/** One event on the wire: a complete message, or one part of a chunked description. */
export type SignalMessage = z.infer<typeof signalMessage>;
export type IceCandidate = z.infer<typeof candidate>;
export type Envelope = {
  v: typeof PROTOCOL_VERSION;
  from: string;
  session: string;
  seq: number;
  for?: string | undefined;
  to?: string | undefined;
};

/** What a side means to say, before the outbox adds the envelope (and splits descriptions). */
export type SignalBody =
  | { kind: "description"; type: "offer" | "answer"; sdp: string }
  | { kind: "candidates"; candidates: IceCandidate[] }
  | { kind: "hello" }
  | { kind: "bye" }
  | { kind: "restart" }
  | { kind: "renegotiate"; transceiver?: { kind: "audio" | "video" } | undefined };

export type SignalKind = SignalBody["kind"];
/** A complete message as the inbox delivers it: parts joined, `seq` is that of the first part. */
export type ReceivedSignal = Envelope & SignalBody;

export function encode(message: SignalMessage): string {
  return JSON.stringify(message);
}

export function encodedBytes(message: SignalMessage): number {
  return utf8Bytes(encode(message));
}

export function parse(input: unknown): SignalMessage | null {
  let value: unknown = input;
  try {
    if (typeof input === "string") {
      // Cheap guard before JSON.parse: a string has at least as many UTF-8 bytes as UTF-16 units.
      if (input.length > MAX_MESSAGE_BYTES || utf8Bytes(input) > MAX_MESSAGE_BYTES) return null;
      value = JSON.parse(input);
    } else {
      // Objects arrive already parsed by pusher-js; measure them as they were on the wire.
      const text = JSON.stringify(input);
      if (text === undefined || utf8Bytes(text) > MAX_MESSAGE_BYTES) return null;
    }
  } catch {
    return null; // bad JSON, cycles, BigInt
  }
  const result = signalMessage.safeParse(value);
  return result.success ? result.data : null;
}

export function newSessionId(randomBytes: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b)): string {
  return Array.from(randomBytes(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** UTF-8 length without TextEncoder/Buffer, so the module runs anywhere. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
