/**
 * What the browsers of a call tell each other over the WebRTC data channels, one per pair (never through the
 * server): each side's media state for the others' indicators, chat lines (sent to every connected pair, never
 * stored), the provider's "admitted" (a warm connection's track swap) and "visit ended". Only the provider
 * sends "admit" and "end", and the call engine honours them only on its pair with the provider.
 *
 *   encodeData(message): string
 *   parseData(raw: unknown): DataMessage | null   - string or bytes; null when malformed or too large
 *
 * Pure: no browser or server code.
 */
// zod/mini: this schema runs in the browser on every data-channel message (decision 12).
import * as z from "zod/mini";

export const MAX_CHAT_CHARS = 2000;
const MAX_MESSAGE_CHARS = 8 * 1024;

const dataMessage = z.discriminatedUnion("t", [
  // noCamera / noMicrophone: that side has none (refused or missing), so the other says so instead of blaming the connection.
  z.object({
    t: z.literal("state"),
    muted: z.boolean(),
    cameraOff: z.boolean(),
    sharing: z.boolean(),
    noCamera: z.optional(z.boolean()),
    noMicrophone: z.optional(z.boolean()),
  }),
  z.object({
    t: z.literal("chat"),
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    text: z.string().check(z.minLength(1), z.maxLength(MAX_CHAT_CHARS)),
    at: z.number(),
  }),
  z.object({ t: z.literal("end") }),
  // The provider admitted over a warm connection: the patient's page puts its tracks on the senders now.
  z.object({ t: z.literal("admit") }),
]);

export type DataMessage = z.infer<typeof dataMessage>;
export type MediaState = Omit<Extract<DataMessage, { t: "state" }>, "t">;
export type ChatLine = { id: string; text: string; at: number; mine: boolean };

export function encodeData(message: DataMessage): string {
  return JSON.stringify(message);
}

export function parseData(raw: unknown): DataMessage | null {
  let text: string;
  if (typeof raw === "string") text = raw;
  else if (raw instanceof Uint8Array) text = new TextDecoder().decode(raw);
  else if (raw instanceof ArrayBuffer) text = new TextDecoder().decode(new Uint8Array(raw));
  else return null;
  if (text.length > MAX_MESSAGE_CHARS) return null;
  try {
    const result = dataMessage.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** A chat line as typed: trimmed, control characters other than newlines removed; null if nothing is left. */
export function cleanChatText(input: string): string | null {
  const text = input.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "").trim();
  if (!text) return null;
  return text.slice(0, MAX_CHAT_CHARS);
}
