/**
 * Part of the Admit hand-off (admit-handoff.ts): channel authorizations for pusher-js, with room to fetch
 * one ahead of need.
 *
 * A presence signature is bound to one socket (and channel), so it can be fetched before the subscription
 * and used by it later: the provider's dashboard does so for each waiting patient's visit channel, so
 * that the subscription at Admit costs one WebSocket round trip instead of an HTTP request first.
 * Fetching one records nothing (presence starts with the subscription itself); the signature stays in
 * this tab's memory, and one for another socket (after a reconnect) is never used.
 */
import "client-only";
import type { ChannelAuthorizationCallback, ChannelAuthorizationHandler } from "pusher-js";
import { authorizeChannel } from "@/lib/api-client/visits";
import { LIFETIMES } from "@/lib/admit-handoff/lifetimes";

type ChannelAuthorizationData = Parameters<ChannelAuthorizationCallback>[1] & object;
type ChannelAuthorizationRequestParams = Parameters<ChannelAuthorizationHandler>[0];

const KEEP_MS = LIFETIMES.channelSignatureMs;
const MAX_KEPT = LIFETIMES.channelSignaturesKept;

type Kept = { at: number; auth: Promise<ChannelAuthorizationData> };
const kept = new Map<string, Kept>();
const keyOf = (socketId: string, channelName: string) => `${socketId} ${channelName}`;

async function requestAuth(socketId: string, channelName: string): Promise<ChannelAuthorizationData> {
  // The same form fields pusher-js's own "ajax" transport posts.
  const result = await authorizeChannel<ChannelAuthorizationData>(socketId, channelName);
  if (!result.ok) throw new Error(`Could not subscribe to ${channelName}: ${result.error}`);
  return result.data;
}

/** Fetches the signature for this socket and channel now, for a subscription that may follow. */
export function prefetchChannelAuth(socketId: string, channelName: string): void {
  const key = keyOf(socketId, channelName);
  const now = Date.now();
  const existing = kept.get(key);
  if (existing && now - existing.at < KEEP_MS) return;
  const auth = requestAuth(socketId, channelName);
  auth.catch(() => kept.delete(key)); // a failed one is not kept: the subscription asks again itself
  kept.set(key, { at: now, auth });
  for (const [k, v] of kept) if (kept.size > MAX_KEPT || now - v.at >= KEEP_MS) kept.delete(k);
}

/** pusher-js `channelAuthorization.customHandler`: a prefetched signature for this socket if there is one, else a request. */
export function channelAuthHandler(params: ChannelAuthorizationRequestParams, callback: ChannelAuthorizationCallback): void {
  const key = keyOf(params.socketId, params.channelName);
  const prefetched = kept.get(key);
  kept.delete(key); // used once: a later subscription (after unsubscribing) asks afresh
  const auth =
    prefetched && Date.now() - prefetched.at < KEEP_MS
      ? prefetched.auth.catch(() => requestAuth(params.socketId, params.channelName))
      : requestAuth(params.socketId, params.channelName);
  auth.then(
    (data) => callback(null, data),
    (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
  );
}
