// Wire format helpers. Channel events carry `data` as a string (hosted Pusher double-encodes),
// while pusher:error and pusher:subscription_error carry an object, as pusher-js expects.

import { LIMITS } from "./config";

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export interface ChannelMessage {
  event: string;
  channel: string;
  data: string;
  user_id?: string;
}

export function encodeData(data: unknown): string {
  return typeof data === "string" ? data : JSON.stringify(data ?? null);
}

export function dataBytes(data: unknown): number {
  return Buffer.byteLength(encodeData(data), "utf8");
}

export function tooLargeMessage(limit: number): string {
  return `The data content of this event exceeds the allowed maximum (${limit} bytes)`;
}

export function errorFrame(code: number | null, message: string): string {
  return JSON.stringify({ event: "pusher:error", data: { code, message } });
}

export function subscriptionErrorFrame(channel: string, status: number, error: string): string {
  return JSON.stringify({ event: "pusher:subscription_error", channel, data: { type: "AuthError", error, status } });
}

export type ChannelKind = "public" | "private" | "presence";

export function channelKind(channel: string): ChannelKind {
  if (channel.startsWith("presence-")) return "presence";
  if (channel.startsWith("private-")) return "private";
  return "public";
}

const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]+$/;

export function isValidChannelName(channel: unknown): channel is string {
  return typeof channel === "string" && channel.length <= LIMITS.channelNameMaxLength && CHANNEL_NAME.test(channel);
}
