/**
 * Receiver side of the signalling: turns raw `client-signal` events into complete, ordered messages.
 *
 *   new Inbox({ self, remote?, localSession, deliver, clock?, gapWaitMs?, onDrop? })
 *   inbox.receive(data: unknown, senderUserId?: string): void - one event as pusher-js hands it over
 *   inbox.setLocalSession(session): void                       - after our own peer was rebuilt
 *   inbox.close(): void
 *
 * Drops: malformed or oversized events, our own user's events (another tab of ours), events whose
 * `from` is not the user Pusher says sent them, events from anyone but `remote` (when given: in a call of
 * three or four, each pair's inbox reads only its own remote), events `for` another user (a signal names
 * its recipient; one without `for` comes from a client that predates it), events addressed (`to`) to a
 * session of ours that is not the current one, duplicates and stale seq, and anything from a session that a newer session of
 * the same user has replaced. Per session, messages are delivered in seq order; a gap holds later
 * messages for `gapWaitMs` (delivery is not guaranteed, so a missing one may never come), then skips.
 * Description parts are joined before delivery. The first message of a session that replaces an
 * earlier one is delivered with `newSession: true` and the replaced id: the other side reloaded or
 * rebuilt, and the caller must rebuild its peer (the negotiation policy decides when).
 * Two kinds of dropped message are also handed to `onOverheard`, for the negotiation to notice another page
 * of our own user in the same pair (negotiation.ts): our user's from another page, `for` our remote (Pusher
 * must vouch for the sender), and our remote's `for` us but addressed to a session that is not our current one.
 *
 * Pure: the only time it needs is the gap wait, from the injected Clock.
 */

import { parse, MAX_SDP_CHARS, type ReceivedSignal, type SignalMessage } from "./messages";
import { systemClock, type Clock } from "./outbox";

export interface DeliveryInfo {
  /** First delivered message of a session not seen before. */
  newSession: boolean;
  /** The session of the same user that this one replaced, if any. */
  replaced: string | null;
}

export type DropReason = "malformed" | "own" | "spoofed" | "other-pair" | "not-for-us" | "stale-session" | "duplicate" | "incomplete";

export interface InboxOptions {
  /** Our user id. */
  self: string;
  /** The one user whose messages this inbox reads (its pair's remote); every sender when absent. */
  remote?: string;
  localSession: string;
  deliver(message: ReceivedSignal, info: DeliveryInfo): void;
  clock?: Clock;
  gapWaitMs?: number;
  onDrop?(reason: DropReason, data: unknown): void;
  onOverheard?(by: "remote" | "self", message: SignalMessage): void;
}

interface SessionState {
  session: string;
  next: number;
  held: Map<number, SignalMessage>;
  cancelGap: (() => void) | null;
  assembling: { base: number; type: "offer" | "answer"; parts: number; pieces: string[]; size: number } | null;
  announced: boolean;
  replaced: string | null;
}

const MAX_HELD = 64;
const MAX_RETIRED = 32;

export class Inbox {
  private readonly clock: Clock;
  private readonly gapWaitMs: number;
  private localSession: string;
  /** Current session per remote user. */
  private readonly current = new Map<string, SessionState>();
  private readonly retired: string[] = [];
  private closed = false;

  constructor(private readonly options: InboxOptions) {
    this.clock = options.clock ?? systemClock;
    this.gapWaitMs = options.gapWaitMs ?? 200;
    this.localSession = options.localSession;
  }

  receive(data: unknown, senderUserId?: string): void {
    if (this.closed) return;
    const message = parse(data);
    if (!message) return this.drop("malformed", data);
    if (senderUserId !== undefined && senderUserId !== message.from) return this.drop("spoofed", data);
    if (message.from === this.options.self) {
      if (message.for !== undefined && message.for === this.options.remote) this.options.onOverheard?.("self", message);
      return this.drop("own", data);
    }
    if (this.options.remote !== undefined && message.from !== this.options.remote) return this.drop("other-pair", data);
    if (message.for !== undefined && message.for !== this.options.self) return this.drop("not-for-us", data);
    if (message.to !== undefined && message.to !== this.localSession) {
      this.options.onOverheard?.("remote", message);
      return this.drop("not-for-us", data);
    }
    if (this.retired.includes(message.session)) return this.drop("stale-session", data);

    let state = this.current.get(message.from);
    if (!state || state.session !== message.session) {
      const replaced = state ? this.retire(state) : null;
      // A session starts where its first message says; a description part also says where its set began.
      const next = message.kind === "description" && message.part !== undefined ? message.seq - message.part : message.seq;
      state = { session: message.session, next, held: new Map(), cancelGap: null, assembling: null, announced: false, replaced };
      this.current.set(message.from, state);
    }
    if (message.seq < state.next || state.held.has(message.seq)) return this.drop("duplicate", data);
    state.held.set(message.seq, message);
    this.release(state);
  }

  setLocalSession(session: string): void {
    this.localSession = session;
  }

  close(): void {
    this.closed = true;
    for (const state of this.current.values()) state.cancelGap?.();
    this.current.clear();
  }

  private retire(state: SessionState): string {
    state.cancelGap?.();
    this.retired.push(state.session);
    if (this.retired.length > MAX_RETIRED) this.retired.shift();
    return state.session;
  }

  private release(state: SessionState): void {
    for (let message = state.held.get(state.next); message; message = state.held.get(state.next)) {
      state.held.delete(state.next);
      state.next++;
      this.process(state, message);
      if (this.closed || this.current.get(message.from) !== state) return; // a delivery closed us or moved on
    }
    if (state.held.size === 0) {
      state.cancelGap?.();
      state.cancelGap = null;
    } else if (state.held.size > MAX_HELD) {
      this.skipGap(state);
    } else if (!state.cancelGap) {
      state.cancelGap = this.clock.setTimer(() => {
        state.cancelGap = null;
        this.skipGap(state);
      }, this.gapWaitMs);
    }
  }

  /** The missing message is presumed lost: carry on from the lowest one we hold. */
  private skipGap(state: SessionState): void {
    if (this.closed || state.held.size === 0) return;
    state.next = Math.min(...state.held.keys());
    this.release(state);
  }

  private process(state: SessionState, message: SignalMessage): void {
    if (message.kind !== "description" || message.part === undefined || message.parts === undefined) {
      if (state.assembling) this.abandon(state);
      return this.deliver(state, message);
    }
    const { part, parts } = message;
    if (part === 0) {
      if (state.assembling) this.abandon(state);
      state.assembling = { base: message.seq, type: message.type, parts, pieces: [], size: 0 };
    }
    const a = state.assembling;
    // Parts arrive in seq order here, so part k of a set is exactly seq base + k.
    if (!a || message.seq !== a.base + part || part !== a.pieces.length || parts !== a.parts || message.type !== a.type) {
      if (a) this.abandon(state);
      return this.drop("incomplete", message);
    }
    a.pieces.push(message.sdp);
    a.size += message.sdp.length;
    if (a.size > MAX_SDP_CHARS) {
      this.abandon(state);
      return this.drop("incomplete", message);
    }
    if (a.pieces.length < a.parts) return;
    state.assembling = null;
    const { part: _part, parts: _parts, ...envelope } = message;
    this.deliver(state, { ...envelope, seq: a.base, sdp: a.pieces.join("") });
  }

  private abandon(state: SessionState): void {
    this.drop("incomplete", state.assembling);
    state.assembling = null;
  }

  private deliver(state: SessionState, message: ReceivedSignal): void {
    const info: DeliveryInfo = { newSession: !state.announced, replaced: state.announced ? null : state.replaced };
    state.announced = true;
    this.options.deliver(message, info);
  }

  private drop(reason: DropReason, data: unknown): void {
    this.options.onDrop?.(reason, data);
  }
}
