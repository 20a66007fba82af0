/**
 * One pacing budget for every signalling outbox on one Pusher connection.
 *
 *   new Pacer({ clock?, maxPerWindow?, windowMs?, spread? })
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
 * Pusher counts when the events arrive, not when they left: a stall on the way (a busy event loop, TCP
 * holding a lost segment's followers) delivers events bunched up, and 8 in one second next to 8 in the next
 * can arrive as 11 within one. So a second rule, `spread` (default at most 10 in any 1.5 s), keeps any 11
 * consecutive events at least 1.5 s apart at the sender: up to half a second of bunching still stays within
 * 10 per second at Pusher. A burst of 8 still leaves at once; what follows runs at 10 per 1.5 s.
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
  /** At most `max` in any `ms` as well (default 10 in 1.5 × windowMs): the tolerance for bunching on the way. */
  spread?: { max: number; ms: number };
}

export class Pacer {
  readonly maxPerWindow: number;
  readonly windowMs: number;
  private readonly rules: { max: number; ms: number }[];
  private readonly clock: Clock;
  private readonly sentAt: number[] = [];
  private readonly waiting: PacedSender[] = [];
  private cancelWake: (() => void) | null = null;
  private pumping = false;

  constructor(options: PacerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.maxPerWindow = options.maxPerWindow ?? 8;
    this.windowMs = options.windowMs ?? 1000;
    const spread = options.spread ?? { max: 10, ms: this.windowMs * 1.5 };
    this.rules = [{ max: this.maxPerWindow, ms: this.windowMs }, spread];
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
    const now = this.clock.now();
    return this.sentAt.filter((t) => now - t < this.windowMs).length;
  }

  /** When the next message may leave: for each rule, its max-th latest send plus its window. */
  private nextAt(): number {
    let at = -Infinity;
    for (const { max, ms } of this.rules) {
      const stamp = this.sentAt[this.sentAt.length - max];
      if (stamp !== undefined) at = Math.max(at, stamp + ms);
    }
    return at;
  }

  private pump(): void {
    if (this.pumping) return; // a send that makes another sender ready: the loop below picks it up
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const now = this.clock.now();
        const at = this.nextAt();
        if (now < at) {
          this.wakeAt(at - now);
          return;
        }
        const sender = this.waiting.shift();
        if (!sender || !sender.hasNext()) continue;
        this.sentAt.push(now);
        const keep = Math.max(...this.rules.map((r) => r.max));
        if (this.sentAt.length > keep) this.sentAt.splice(0, this.sentAt.length - keep);
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
