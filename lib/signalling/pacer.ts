/**
 * One pacing budget for every signalling outbox on one Pusher connection.
 *
 *   new Pacer({ clock?, maxPerWindow?, windowMs? })
 *   pacer.ready(sender): void   - `sender` has something to send; its sendNext() is called as the window allows
 *   pacer.forget(sender): void  - it has nothing more (closed, or its new session dropped its queue)
 *   pacer.sentInWindow(): number
 *   pacerFor(channel, options?): Pacer - the one pacer of the connection behind a channel (shared by every caller)
 *
 * Hosted Pusher counts client events per connection (10 per second; beyond that, `pusher:error` 4301 and
 * the event is dropped). A call of three or four people has one peer per pair, so one tab runs up to three
 * outboxes on the same connection: each with its own 8-per-second window they could send 24. Every outbox
 * of a tab goes through this one sliding window instead (8 in any `windowMs`, default 1 s).
 *
 * Fair and still fast: a sender with something to send while the window has room and nobody is waiting
 * sends at once (so the first candidate of a burst still leaves on the leading edge); once the window is
 * full, waiting senders take turns, one message each, in the order they became ready.
 *
 * Pure: time comes from the injected Clock.
 */

import { systemClock, type Clock } from "./clock";

export interface PacedSender {
  /** Whether it still has a message to send. */
  hasNext(): boolean;
  /** Sends exactly one message (called only when hasNext() was true). */
  sendNext(): void;
}

export interface PacerOptions {
  clock?: Clock;
  maxPerWindow?: number;
  windowMs?: number;
}

export class Pacer {
  readonly maxPerWindow: number;
  readonly windowMs: number;
  private readonly clock: Clock;
  private readonly sentAt: number[] = [];
  private readonly waiting: PacedSender[] = [];
  private cancelWake: (() => void) | null = null;
  private pumping = false;

  constructor(options: PacerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.maxPerWindow = options.maxPerWindow ?? 8;
    this.windowMs = options.windowMs ?? 1000;
  }

  ready(sender: PacedSender): void {
    if (!this.waiting.includes(sender)) this.waiting.push(sender);
    this.pump();
  }

  forget(sender: PacedSender): void {
    const at = this.waiting.indexOf(sender);
    if (at >= 0) this.waiting.splice(at, 1);
    if (this.waiting.length === 0) {
      this.cancelWake?.();
      this.cancelWake = null;
    }
  }

  /** Messages sent in the current sliding window. */
  sentInWindow(): number {
    this.expire(this.clock.now());
    return this.sentAt.length;
  }

  private expire(now: number): void {
    while (this.sentAt.length > 0 && now - (this.sentAt[0] ?? now) >= this.windowMs) this.sentAt.shift();
  }

  private pump(): void {
    if (this.pumping) return; // a send that makes another sender ready: the loop below picks it up
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const now = this.clock.now();
        this.expire(now);
        if (this.sentAt.length >= this.maxPerWindow) {
          this.wakeAt((this.sentAt[0] ?? now) + this.windowMs - now);
          return;
        }
        const sender = this.waiting.shift();
        if (!sender || !sender.hasNext()) continue;
        this.sentAt.push(now);
        sender.sendNext();
        // Back of the line: with the window full, senders take turns.
        if (sender.hasNext() && !this.waiting.includes(sender)) this.waiting.push(sender);
      }
    } finally {
      this.pumping = false;
    }
  }

  private wakeAt(ms: number): void {
    if (this.cancelWake) return;
    this.cancelWake = this.clock.setTimer(
      () => {
        this.cancelWake = null;
        this.pump();
      },
      Math.max(0, ms),
    );
  }
}

/** The connection behind a pusher-js channel (`channel.pusher`), or the channel itself when there is none. */
const pacers = new WeakMap<object, Pacer>();

export function pacerFor(channel: object, options: PacerOptions = {}): Pacer {
  const owner = (channel as { pusher?: unknown }).pusher;
  const key = typeof owner === "object" && owner !== null ? owner : channel;
  let pacer = pacers.get(key);
  if (!pacer) {
    pacer = new Pacer(options);
    pacers.set(key, pacer);
  }
  return pacer;
}
