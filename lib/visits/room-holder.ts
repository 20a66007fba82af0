/**
 * One live visit room per participant and visit, on any device: which page holds it (pure; the claim
 * service in claim-room.ts keeps the holder in PostgreSQL). Every live room renews its claim with the visit
 * room's heartbeat; a page that is not the holder says the visit is open elsewhere until asked to take it.
 */
import type { RoomClaim } from "@/lib/visits/visit-input";

/** The visit room's heartbeat (components/visit/use-visit.ts). */
export const ROOM_HEARTBEAT_MS = 5000;
/** Three missed heartbeats: the holding page is gone (closed, crashed, offline), so the next page takes it. */
export const ROOM_HOLDER_STALE_MS = 3 * ROOM_HEARTBEAT_MS;

export type RoomHolding = { session: string; heartbeatAt: Date };

export type ClaimOutcome =
  /** Nobody held it, or the holder had gone quiet: this page holds it now. */
  | { kind: "taken"; from: string | null }
  /** This page held it already: its heartbeat is renewed. */
  | { kind: "renewed" }
  /** Taken over from a live page ("Use it here"): that page must stop its call. */
  | { kind: "moved"; from: string }
  /** Another live page holds it. */
  | { kind: "refused" };

export function isLive(holding: RoomHolding, now: Date, staleMs = ROOM_HOLDER_STALE_MS): boolean {
  return now.getTime() - holding.heartbeatAt.getTime() < staleMs;
}

export function decideClaim(current: RoomHolding | null, claim: RoomClaim, now: Date, staleMs = ROOM_HOLDER_STALE_MS): ClaimOutcome {
  if (!current) return { kind: "taken", from: null };
  if (current.session === claim.session) return { kind: "renewed" };
  if (!isLive(current, now, staleMs)) return { kind: "taken", from: current.session };
  return claim.take ? { kind: "moved", from: current.session } : { kind: "refused" };
}
