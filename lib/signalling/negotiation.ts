/**
 * Policy for one pair's peer over an unreliable signalling channel, as a small state machine. A call of
 * three or four people runs one of these per pair (lib/call-engine/pair-rule.ts says which side initiates;
 * below, "provider" and "patient" stand for the initiator and the responder of any pair).
 *
 *   const n = new Negotiation({ initiator, now, newSessionId, ...timeouts })
 *   n.handle(event: NegotiationEvent): NegotiationOutput[]   - feed an event, carry out the outputs in order
 *   n.state: Readonly<NegotiationState>                       - phase, sessions, attempts, deadline
 *
 * The caller runs a timer for `state.deadline` and feeds `{ type: "timeout" }` when it passes.
 *
 * Roles are fixed per pair: the initiator (e.g. the provider) makes offers, the responder (e.g. the patient) answers.
 * - Initiator: when the responder is already in the room (`start` with `responderPresent`, from the
 *   channel's presence), builds its peer at once and offers without waiting for a round trip: the
 *   responder's peer is ready before the provider admits (see standby below). Otherwise it announces
 *   itself with `hello` and builds its peer (whose offer goes out at once) only when a responder has
 *   said `hello` or `restart`, so the first offer is not sent into an empty room. An offer that reached
 *   nobody is repaired by the responder's `hello` when it arrives (a new responder session: offer again).
 *   No answer within `answerTimeoutMs`, or no connection within `connectTimeoutMs` after the answer:
 *   rebuild and offer again, each wait `backoff` times longer, at most `maxAttempts` times, then fail.
 *   A `hello` from a new responder session (the patient reloaded) or a `restart` also rebuilds. After the
 *   responder's `bye` (its page going: mostly a reload) it builds the next peer at once and holds back its
 *   offer (`primed`, `build-peer` with `hold`) until a `hello` or `restart` releases it, for at most `primedMs`;
 *   not for a warm pair before Admit (`yieldToSiblings`).
 * - Responder: builds its peer and says `hello`; answers a `hello` from an initiator session it has
 *   not seen with its own `hello` (its first may have gone to an empty room). An offer from a new
 *   initiator session replaces its peer if that peer was already used. Nothing within
 *   `offerTimeoutMs` (or no connection `connectTimeoutMs` after an offer): send `restart`, with the
 *   same backoff and bound. In `standby` (`start` with `standby`: the patient checked in, not admitted
 *   yet) the peer is built and hello said, but no offer is asked for: waiting for the provider is
 *   expected, however long. The responder never sends media unasked: only an offer, which only the
 *   provider's admit makes, starts a connection. `admitted` ends standby (from then on a missing offer
 *   is chased as above).
 * `to` on the responder's messages names the initiator session they answer, so the initiator can
 * ignore answers and restarts meant for a peer it has already replaced. The initiator addresses
 * nothing: the responder may rebuild on receiving an offer and must still take its candidates.
 *
 * Another page of the initiator's user (the provider's dashboard open on a second computer) warming the
 * same pair: the responder always takes the newest offer, so two warm initiators would take the
 * responder from each other every time one's peer broke. An initiator started with `yieldToSiblings`
 * (warm, before Admit) therefore steps aside: when its peer fails or its offer times out after another
 * page of its user offered, or was answered, later than the responder last replied here (`overheard` from
 * the inbox), it destroys its peer and stays `idle` and `yielded`, with no retries. The page that offered
 * last keeps the pair; if two offer at once, the one that retries makes the other step aside. The other
 * page's offer and the responder dropping our peer reach us by two paths with no order between them (Pusher,
 * and the peer itself), so a warm initiator whose peer breaks with no sibling heard of waits `siblingGraceMs`
 * for that offer before offering again; otherwise, on a loaded machine, the older page could take the pair
 * back from the newer one. A yielded
 * initiator offers again when that other page says bye, when the responder asks the other page for a new
 * offer (`restart`: its peer there broke), on a new responder's hello, or at `admitted` (Admit clicked
 * here: the ordinary path).
 *
 * Pure: time comes from the injected `now`.
 */

import type { ReceivedSignal } from "./messages";

/** Far more peers than one page builds between two replies of the responder. */
const MAX_OWN_SESSIONS = 64;

export type Phase = "idle" | "waiting" | "negotiating" | "connected" | "failed" | "stopped";

export interface NegotiationState {
  /** idle: initiator with no responder known. waiting: responder peer ready, no offer yet. */
  phase: Phase;
  /** Our current peer instance. */
  session: string;
  /** The remote session our peer is paired with (initiator: the one it offers to). */
  remote: string | null;
  /** Responder: the last initiator session heard from; its restart names it. */
  lastSeen: string | null;
  /** Whether a peer was built for `session`; a new peer then needs a new session. */
  built: boolean;
  /** Whether the current peer has taken a remote description (a responder's then cannot be reused). */
  used: boolean;
  attempts: number;
  deadline: number | null;
  /** Responder: checked in but not admitted; a missing offer is not chased. */
  standby: boolean;
  /** Initiator: steps aside for another page of its user warming the same pair (until `admitted`). */
  yieldsToSiblings: boolean;
  /** Initiator: stepped aside; offers again on the events listed above. */
  yielded: boolean;
  /** Initiator, idle: the current peer was built ahead, its offer held back until a responder says hello (see `bye`). */
  primed: boolean;
}

export type NegotiationEvent =
  /** Initiator: `responderPresent` offers at once; `yieldToSiblings` until `admitted`. Responder: `standby` until `admitted`. */
  | { type: "start"; responderPresent?: boolean; standby?: boolean; yieldToSiblings?: boolean }
  /** The provider admitted the patient (responder: the server or the provider says so; initiator: the click). */
  | { type: "admitted" }
  | { type: "message"; message: ReceivedSignal }
  /**
   * A signal not for this peer (inbox.ts): `by: "remote"`, the responder's to a session (`to`) that may be
   * another page of ours; `by: "self"`, another page of our own user's, for the same responder.
   */
  | { type: "overheard"; by: "remote" | "self"; message: ReceivedSignal }
  | { type: "connected" }
  /** The peer closed or errored. */
  | { type: "peer-failed" }
  | { type: "timeout" }
  | { type: "stop" };

export type NegotiationOutput =
  /**
   * Destroy the current peer, if any, and create a new one for `session`. `hold`: keep what it says (its offer,
   * its candidates) until `release`.
   */
  | { type: "build-peer"; session: string; hold?: true }
  /** Send what the held peer has said so far, and from now on send as it speaks. */
  | { type: "release" }
  | { type: "destroy-peer" }
  /** Hand this remote message to the peer. */
  | { type: "apply"; message: ReceivedSignal }
  | { type: "send"; body: { kind: "hello" | "restart" | "bye" }; to?: string }
  | { type: "failed"; reason: string };

export interface NegotiationOptions {
  initiator: boolean;
  now(): number;
  newSessionId(): string;
  answerTimeoutMs?: number;
  offerTimeoutMs?: number;
  connectTimeoutMs?: number;
  backoff?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
  siblingGraceMs?: number;
  /** How long an offer built ahead (after a bye) is kept for a responder's return before it is dropped. */
  primedMs?: number;
}

export class Negotiation {
  private readonly s: NegotiationState;
  private readonly answerTimeoutMs: number;
  private readonly offerTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly backoff: number;
  private readonly maxBackoffMs: number;
  private readonly maxAttempts: number;
  private readonly siblingGraceMs: number;
  private readonly primedMs: number;
  private out: NegotiationOutput[] = [];
  /** Every session this side has used (bounded): the responder's messages to any of them are not a sibling's. */
  private readonly ownSessions: string[] = [];
  /** When the responder last sent to our current session. */
  private repliedHereAt: number | null = null;
  /** The latest sign of another page of our user in this pair: its offer, or the responder's reply to it. */
  private sibling: { at: number; session: string } | null = null;

  constructor(private readonly options: NegotiationOptions) {
    this.answerTimeoutMs = options.answerTimeoutMs ?? 4000;
    this.offerTimeoutMs = options.offerTimeoutMs ?? 4000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.backoff = options.backoff ?? 2;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.siblingGraceMs = options.siblingGraceMs ?? 1000;
    this.primedMs = options.primedMs ?? 60_000;
    const phase = options.initiator ? "idle" : "waiting";
    this.s = {
      phase,
      session: options.newSessionId(),
      remote: null,
      lastSeen: null,
      built: false,
      used: false,
      attempts: 0,
      deadline: null,
      standby: false,
      yieldsToSiblings: false,
      yielded: false,
      primed: false,
    };
    this.ownSessions.push(this.s.session);
  }

  get state(): Readonly<NegotiationState> {
    return this.s;
  }

  handle(event: NegotiationEvent): NegotiationOutput[] {
    this.out = [];
    if (this.s.phase === "stopped") return this.out;
    if (event.type === "stop") {
      this.emit({ type: "send", body: { kind: "bye" } });
      if (this.s.built) this.emit({ type: "destroy-peer" });
      this.s.phase = "stopped";
      this.s.deadline = null;
    } else if (this.options.initiator) this.initiator(event);
    else this.responder(event);
    return this.out;
  }

  private initiator(event: NegotiationEvent): void {
    const s = this.s;
    switch (event.type) {
      case "start":
        s.yieldsToSiblings = event.yieldToSiblings === true;
        if (event.responderPresent) return this.offerTo(null, this.answerTimeoutMs);
        return this.emit({ type: "send", body: { kind: "hello" } });
      case "admitted":
        s.yieldsToSiblings = false;
        if (s.yielded) this.offerTo(null, this.answerTimeoutMs);
        else if (this.broken) this.retryOffer();
        return;
      case "connected":
        return this.connected();
      case "peer-failed":
        if (s.primed) return this.dropPrimed();
        if ((s.phase === "negotiating" || s.phase === "connected") && !this.broken) this.peerFailed();
        return;
      case "timeout":
        if (s.primed && this.due()) return this.dropPrimed();
        if (s.phase === "negotiating" && this.due()) this.retryOffer();
        return;
      case "overheard":
        return this.overheard(event.by, event.message);
      case "message":
        break;
      default:
        return;
    }
    const m = event.message;
    if (m.to === s.session) this.repliedHereAt = this.options.now();
    switch (m.kind) {
      case "hello":
        // The same responder saying hello again (it answers our hello) changes nothing.
        if (m.session === s.remote && s.phase !== "failed" && s.phase !== "idle") return;
        s.attempts = 0;
        return this.offerTo(m.session, this.answerTimeoutMs);
      case "restart":
        if (s.phase === "failed") return; // only a reload (hello) revives a call we gave up on
        if (s.phase === "idle") return this.offerTo(m.session, this.answerTimeoutMs);
        s.remote = m.session;
        return this.retryOffer();
      case "bye":
        if (m.session !== s.remote) return;
        if (s.built) this.emit({ type: "destroy-peer" });
        this.rotateSession();
        this.set({ phase: "idle", remote: null, attempts: 0, deadline: null });
        // Mostly a reload mid-call: the next peer and its offer are made now, while the responder's page loads,
        // and sent the moment it says hello (nothing to build after that hello). Not while warm before Admit:
        // nobody waits on that pair, and a warm peer would keep the provider's camera encoding for nothing.
        if (!s.yieldsToSiblings) this.prime();
        return;
      case "description":
        // Only an answer to our current offer counts; the inbox already dropped answers to old sessions.
        if (m.type !== "answer" || m.to !== s.session || !s.built || (s.phase !== "negotiating" && s.phase !== "connected")) return;
        // The first answer may come from a new responder session (it rebuilt to answer us); later ones must not switch.
        if (!s.used) s.remote = m.session;
        if (m.session !== s.remote) return;
        if (s.phase === "negotiating") s.deadline = this.options.now() + this.connectTimeoutMs;
        s.used = true;
        return this.emit({ type: "apply", message: m });
      case "candidates":
      case "renegotiate":
        if (s.built && m.session === s.remote && s.phase !== "failed") this.emit({ type: "apply", message: m });
        return;
    }
  }

  private responder(event: NegotiationEvent): void {
    const s = this.s;
    switch (event.type) {
      case "start":
        this.build();
        this.emit({ type: "send", body: { kind: "hello" } });
        s.standby = event.standby === true;
        s.deadline = s.standby ? null : this.options.now() + this.offerTimeoutMs;
        return;
      case "admitted":
        if (!s.standby) return;
        s.standby = false;
        if (s.phase === "waiting" && s.deadline === null) s.deadline = this.options.now() + this.offerTimeoutMs;
        return;
      case "connected":
        return this.connected();
      case "peer-failed":
        if (s.phase !== "negotiating" && s.phase !== "connected") return;
        this.rebuildIfUsed();
        return this.askForOffer();
      case "timeout":
        if (s.phase === "waiting" && s.standby) return;
        if ((s.phase === "waiting" || s.phase === "negotiating") && this.due()) this.askForOffer();
        return;
      case "message":
        break;
      default:
        return;
    }
    const m = event.message;
    switch (m.kind) {
      case "hello":
        if (m.session === s.lastSeen && s.phase !== "failed") return;
        s.lastSeen = m.session;
        this.rebuildIfUsed();
        this.set({ phase: "waiting", remote: null, attempts: 0, deadline: this.options.now() + this.offerTimeoutMs });
        return this.emit({ type: "send", body: { kind: "hello" }, to: m.session });
      case "description":
        if (m.type !== "offer") return;
        s.lastSeen = m.session;
        if (m.session !== s.remote) {
          if (s.phase === "failed") s.attempts = 0;
          this.rebuildIfUsed();
          s.remote = m.session;
          s.phase = "negotiating";
          s.deadline = this.options.now() + this.connectTimeoutMs;
        }
        s.used = true;
        return this.emit({ type: "apply", message: m });
      case "candidates":
      case "renegotiate":
        if (m.session === s.remote && s.phase !== "failed") this.emit({ type: "apply", message: m });
        return;
      case "bye":
        if (m.session !== s.remote && m.session !== s.lastSeen) return;
        this.rebuildIfUsed();
        // Wait quietly for the initiator's next hello rather than knocking on an empty room.
        this.set({ phase: "waiting", remote: null, attempts: 0, deadline: null });
        return;
      case "restart":
        return; // roles are fixed: only the initiator offers
    }
  }

  /** See "Another page of the initiator's user" above. */
  private overheard(by: "remote" | "self", m: ReceivedSignal): void {
    const s = this.s;
    if (by === "remote") {
      if (m.to === undefined || this.ownSessions.includes(m.to)) return;
      this.sibling = { at: this.options.now(), session: m.to };
      if (this.broken) this.yieldToSibling();
      if (s.yielded && m.kind === "restart") this.offerTo(m.session, this.answerTimeoutMs);
      return;
    }
    // Its offer reaches us about when it reaches the responder, which then drops its peer with us: our peer's
    // failure comes close to this, on either side of it, and before the responder's answer to it.
    if (m.kind === "description" && m.type === "offer") {
      this.sibling = { at: this.options.now(), session: m.session };
      if (this.broken) this.yieldToSibling();
    }
    if (m.kind !== "bye") return;
    // That page has gone: what it did says nothing about who holds the pair now.
    if (this.sibling?.session === m.session) this.sibling = null;
    if (s.yielded) this.offerTo(null, this.answerTimeoutMs);
  }

  /** Another page of ours offered, or was answered, after the responder's last reply here: stay out of its way. */
  private yieldToSibling(): boolean {
    const s = this.s;
    const elsewhere = this.sibling?.at ?? null;
    if (!s.yieldsToSiblings || elsewhere === null || (this.repliedHereAt !== null && this.repliedHereAt > elsewhere)) return false;
    if (s.built) this.emit({ type: "destroy-peer" });
    this.rotateSession();
    this.set({ phase: "idle", remote: null, attempts: 0, deadline: null, yielded: true });
    return true;
  }

  /** See "The other page's offer and the responder dropping our peer" above. */
  private peerFailed(): void {
    const s = this.s;
    if (!s.yieldsToSiblings) return this.retryOffer();
    if (this.yieldToSibling()) return;
    if (s.built) this.emit({ type: "destroy-peer" });
    this.rotateSession();
    this.set({ phase: "negotiating", deadline: this.options.now() + this.siblingGraceMs });
  }

  /**
   * Warm initiator: its peer broke and is gone; it offers again at `deadline` unless a sibling shows first.
   * (Only then is it negotiating with no peer: every offer builds one.)
   */
  private get broken(): boolean {
    return this.s.phase === "negotiating" && !this.s.built;
  }

  private connected(): void {
    if (this.s.phase !== "negotiating") return;
    this.set({ phase: "connected", attempts: 0, deadline: null });
  }

  /** `remote` null: offered to whoever is in the room; the first answer names the responder session. */
  private offerTo(remote: string | null, waitMs: number): void {
    if (this.s.primed) {
      this.s.primed = false;
      this.emit({ type: "release" });
    } else this.build();
    this.set({ phase: "negotiating", remote, deadline: this.options.now() + waitMs, yielded: false });
  }

  private retryOffer(): void {
    const s = this.s;
    if (this.yieldToSibling()) return;
    if (!this.countAttempt()) return;
    this.offerTo(s.remote, this.backedOff(this.answerTimeoutMs));
  }

  private askForOffer(): void {
    const s = this.s;
    if (!this.countAttempt()) return;
    this.emit({ type: "send", body: { kind: "restart" }, ...(s.lastSeen ? { to: s.lastSeen } : {}) });
    this.set({ phase: "waiting", remote: null, deadline: this.options.now() + this.backedOff(this.offerTimeoutMs) });
  }

  /** False (and the call failed) once the retries are used up. */
  private countAttempt(): boolean {
    const s = this.s;
    s.attempts++;
    if (s.attempts <= this.maxAttempts) return true;
    if (s.built) this.emit({ type: "destroy-peer" });
    this.rotateSession();
    this.set({ phase: "failed", remote: null, deadline: null });
    this.emit({ type: "failed", reason: `no connection after ${this.maxAttempts} retries` });
    return false;
  }

  private backedOff(baseMs: number): number {
    return Math.min(this.maxBackoffMs, baseMs * this.backoff ** this.s.attempts);
  }

  private build(): void {
    this.rotateSession();
    this.s.built = true;
    this.s.used = false;
    this.s.primed = false;
    this.emit({ type: "build-peer", session: this.s.session });
  }

  /** Idle initiator: a peer whose offer waits for a responder's hello (or restart), for at most `primedMs`. */
  private prime(): void {
    this.rotateSession();
    this.set({ built: true, used: false, primed: true, deadline: this.options.now() + this.primedMs });
    this.emit({ type: "build-peer", session: this.s.session, hold: true });
  }

  /** Nobody came back for it (or it broke): its TURN allocation and ICE agent are not kept open for nothing. */
  private dropPrimed(): void {
    this.emit({ type: "destroy-peer" });
    this.rotateSession();
    this.set({ primed: false, deadline: null });
  }

  private rebuildIfUsed(): void {
    if (!this.s.built || this.s.used) this.build();
  }

  /** A session names one peer instance: once one was built with it, the next peer needs another. */
  private rotateSession(): void {
    if (this.s.built) {
      this.s.session = this.options.newSessionId();
      this.s.built = false;
      this.s.primed = false;
      this.ownSessions.push(this.s.session);
      if (this.ownSessions.length > MAX_OWN_SESSIONS) this.ownSessions.shift();
    }
  }

  private set(patch: Partial<NegotiationState>): void {
    Object.assign(this.s, patch);
  }

  private due(): boolean {
    return this.s.deadline !== null && this.options.now() >= this.s.deadline;
  }

  private emit(output: NegotiationOutput): void {
    this.out.push(output);
  }
}
