/**
 * Sender queue that keeps signalling inside hosted Pusher's client-event limits.
 *
 *   new Outbox({ from, for?, session, send, clock?, pacer?, batchMs?, maxBytes?, maxPerWindow?, windowMs? })
 *   outbox.post(body, to?): boolean        - queue a message; false if it can never fit (then nothing is queued)
 *   outbox.candidate(candidate, to?): boolean - send an ICE candidate; those that follow within `batchMs` go as one message
 *   outbox.setSession(session): void       - new peer instance: drop what the old one still had queued, seq from 0
 *   outbox.stats(): OutboxStats
 *   outbox.close(): void
 *
 * Limits (hosted Pusher: 10 KB per event, 10 client events/s per connection, excess dropped with 4301):
 * every message is at most `maxBytes` (9 KB default, headroom under 10 KB; a bigger SDP goes in parts),
 * and at most `maxPerWindow` (8) leave in any sliding `windowMs` (1 s). The pacing window belongs to the
 * connection, not to one outbox: pass the connection's `pacer` (lib/signalling/pacer.ts) and every outbox
 * of the tab (one per pair of a call of three or four) shares its 8 per second; without one, the outbox
 * paces itself alone. Either way the window survives setSession. Order is FIFO within an outbox; pending
 * candidates go out before a later message. `for` (the recipient's user id) goes on every message.
 *
 * Candidates that find a candidates message for the same receiver still queued (the pacing window is full)
 * join it rather than making another event.
 *
 * Candidates are throttled on the leading edge: the first one after a quiet spell leaves at once (the other
 * side can start its connectivity checks now, which is what sets the call's start-up time), and the rest of
 * a gathering burst waits for the window's end, one `candidates` message per `batchMs` at most.
 *
 * Pure: time comes from the injected Clock, so tests drive it with fake timers.
 */

import {
  MAX_CANDIDATES,
  MAX_PARTS,
  MAX_SEQ,
  PROTOCOL_VERSION,
  encodedBytes,
  utf8Bytes,
  type Envelope,
  type IceCandidate,
  type SignalBody,
  type SignalKind,
  type SignalMessage,
} from "./messages";
import { systemClock, type Clock } from "./clock";
import { Pacer, type PacedSender } from "./pacer";

export { systemClock, type Clock };

export interface OutboxOptions {
  from: string;
  /** The recipient's user id, on every message. */
  for?: string;
  session: string;
  send(message: SignalMessage): void;
  clock?: Clock;
  /** The connection's shared pacing window; without one, this outbox has its own (maxPerWindow, windowMs). */
  pacer?: Pacer;
  batchMs?: number;
  maxBytes?: number;
  maxPerWindow?: number;
  windowMs?: number;
}

export interface OutboxStats {
  sent: number;
  sentByKind: Record<SignalKind, number>;
  queued: number;
  /** Largest message sent, in bytes. */
  largest: number;
}

/** An open throttle window: what waits for its end (possibly nothing, then it just keeps the next one waiting). */
interface Batch {
  to: string | undefined;
  candidates: IceCandidate[];
  cancel: () => void;
}

export class Outbox {
  private readonly clock: Clock;
  private readonly batchMs: number;
  private readonly maxBytes: number;
  private readonly pacer: Pacer;
  private readonly sender: PacedSender;
  private session: string;
  private seq = 0;
  private queue: SignalMessage[] = [];
  private batch: Batch | null = null;
  private closed = false;
  private readonly counts: OutboxStats;

  constructor(private readonly options: OutboxOptions) {
    this.clock = options.clock ?? systemClock;
    this.batchMs = options.batchMs ?? 60;
    this.maxBytes = options.maxBytes ?? 9 * 1024;
    this.pacer = options.pacer ?? new Pacer({ clock: this.clock, maxPerWindow: options.maxPerWindow, windowMs: options.windowMs });
    this.sender = { hasNext: () => !this.closed && this.queue.length > 0, sendNext: () => this.sendNext() };
    this.session = options.session;
    const sentByKind = { description: 0, candidates: 0, hello: 0, bye: 0, restart: 0, renegotiate: 0 };
    this.counts = { sent: 0, sentByKind, queued: 0, largest: 0 };
  }

  post(body: SignalBody, to?: string): boolean {
    if (this.closed) return false;
    if (body.kind === "candidates") {
      // Posted whole (a held peer's, released at once): as few messages as fit, now. One at a time: candidate().
      this.flushBatch();
      let fits = true;
      for (const c of body.candidates) {
        if (this.fits({ kind: "candidates", candidates: [c] }, to)) this.enqueue({ kind: "candidates", candidates: [c] }, to);
        else fits = false;
      }
      this.drain();
      return fits;
    }
    const messages = body.kind === "description" ? this.splitDescription(body, to) : [body];
    if (!messages) return false;
    this.flushBatch(); // candidates gathered earlier go first
    for (const m of messages) this.enqueue(m, to);
    this.drain();
    return true;
  }

  /** False if the candidate alone exceeds the budget (it is dropped). */
  candidate(candidate: IceCandidate, to?: string): boolean {
    if (this.closed) return false;
    if (!this.fits({ kind: "candidates", candidates: [candidate] }, to)) return false;
    const batch = this.batch;
    if (!batch || batch.to !== to) {
      // Quiet (or addressed elsewhere): this one goes now, and a window opens for those that follow.
      this.flushBatch();
      this.enqueue({ kind: "candidates", candidates: [candidate] }, to);
      this.openWindow(to);
      this.drain();
      return true;
    }
    const grown = [...batch.candidates, candidate];
    if (grown.length > MAX_CANDIDATES || !this.fits({ kind: "candidates", candidates: grown }, to)) {
      this.enqueue({ kind: "candidates", candidates: batch.candidates }, to);
      batch.candidates = [candidate];
      this.drain();
      return true;
    }
    batch.candidates = grown;
    return true;
  }

  /** At the window's end, what gathered goes as one message and the next window opens; with nothing gathered, quiet again. */
  private openWindow(to: string | undefined): void {
    const cancel = this.clock.setTimer(() => {
      const batch = this.batch;
      this.batch = null;
      if (!batch || batch.candidates.length === 0) return;
      this.enqueue({ kind: "candidates", candidates: batch.candidates }, batch.to);
      this.openWindow(batch.to);
      this.drain();
    }, this.batchMs);
    this.batch = { to, candidates: [], cancel };
  }

  setSession(session: string): void {
    if (session === this.session) return;
    this.batch?.cancel();
    this.batch = null;
    // Whatever the old peer instance still had to say is meaningless to the other side now.
    this.queue = this.queue.filter((m) => m.session === session);
    if (this.queue.length === 0) this.pacer.forget(this.sender);
    this.session = session;
    this.seq = 0;
  }

  stats(): OutboxStats {
    return { ...this.counts, sentByKind: { ...this.counts.sentByKind }, queued: this.queue.length + (this.batch ? 1 : 0) };
  }

  close(): void {
    this.closed = true;
    this.batch?.cancel();
    this.batch = null;
    this.queue = [];
    this.pacer.forget(this.sender);
  }

  private flushBatch(): void {
    const batch = this.batch;
    if (!batch) return;
    batch.cancel();
    this.batch = null;
    if (batch.candidates.length > 0) this.enqueue({ kind: "candidates", candidates: batch.candidates }, batch.to);
  }

  private enqueue(body: SignalBody | PartBody, to: string | undefined): void {
    // Candidates still waiting for the pacer (a tab with several pairs) join the candidates message queued
    // last for the same session and receiver, while it fits: no more events, and no seq is skipped.
    const last = this.queue.at(-1);
    if (body.kind === "candidates" && last?.kind === "candidates" && last.session === this.session && last.to === to) {
      const grown = { ...last, candidates: [...last.candidates, ...body.candidates] };
      if (grown.candidates.length <= MAX_CANDIDATES && encodedBytes(grown) <= this.maxBytes) {
        this.queue[this.queue.length - 1] = grown;
        return;
      }
    }
    this.queue.push(this.envelope(body, this.seq++, to));
  }

  private envelope(body: SignalBody | PartBody, seq: number, to: string | undefined): SignalMessage {
    const recipient = this.options.for;
    const head: Envelope = {
      v: PROTOCOL_VERSION,
      from: this.options.from,
      ...(recipient ? { for: recipient } : {}),
      session: this.session,
      seq,
    };
    return { ...head, ...(to === undefined ? {} : { to }), ...body };
  }

  /** Sized with the largest possible seq, so a message that fits now still fits whatever seq it gets. */
  private fits(body: SignalBody | PartBody, to: string | undefined): boolean {
    return encodedBytes(this.envelope(body, MAX_SEQ, to)) <= this.maxBytes;
  }

  private splitDescription(body: Extract<SignalBody, { kind: "description" }>, to: string | undefined): (SignalBody | PartBody)[] | null {
    if (this.fits(body, to)) return [body];
    const overhead = encodedBytes(this.envelope({ ...body, sdp: "", part: MAX_PARTS - 1, parts: MAX_PARTS }, MAX_SEQ, to));
    const pieces = splitByJsonBytes(body.sdp, this.maxBytes - overhead);
    if (!pieces || pieces.length > MAX_PARTS) return null;
    return pieces.map((sdp, part) => ({ kind: "description", type: body.type, sdp, part, parts: pieces.length }));
  }

  /** The pacer calls sendNext() as the connection's window allows. */
  private drain(): void {
    if (this.queue.length > 0 && !this.closed) this.pacer.ready(this.sender);
  }

  private sendNext(): void {
    const message = this.queue.shift();
    if (!message) return;
    this.counts.sent++;
    this.counts.sentByKind[message.kind]++;
    this.counts.largest = Math.max(this.counts.largest, encodedBytes(message));
    this.options.send(message);
  }
}

type PartBody = { kind: "description"; type: "offer" | "answer"; sdp: string; part: number; parts: number };

/**
 * Cuts text so each piece's JSON-escaped UTF-8 size is at most `room` (SDP lines end in \r\n, which
 * JSON doubles). Never splits a surrogate pair. Null if `room` is too small to make progress.
 */
function splitByJsonBytes(text: string, room: number): string[] | null {
  if (room < 16) return null;
  const pieces: string[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
    const char = text.slice(i, i + width);
    const bytes = utf8Bytes(JSON.stringify(char)) - 2;
    if (size + bytes > room) {
      pieces.push(text.slice(start, i));
      start = i;
      size = 0;
    }
    size += bytes;
    i += width;
  }
  pieces.push(text.slice(start));
  return pieces;
}
