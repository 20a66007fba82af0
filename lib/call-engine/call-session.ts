/**
 * One visit's call on this side, in plain TypeScript (no React): local media, one RemoteLink per remote
 * participant (keyed by user id: a mesh of one peer per pair, up to four people), the ICE configuration,
 * the data channel's chat and state messages, and the end. Driven by events (peers, signalling, timers,
 * the page); React reads it through components/call/use-call-session.ts.
 *
 *   const session = new CallSession(options, deps)
 *   session.start() / session.stop()      - mount / unmount (stop() can be followed by start() again)
 *   session.getSnapshot(), subscribe(fn)  - immutable state, and a listener per change (useSyncExternalStore)
 *   session.setParticipants(remotes)      - the people besides us, as the visit says now: links for new ones,
 *                                           removed ones' links disposed, admitted flags applied
 *   session.admitted(), session.markEnded() - what the server says (we, or for the provider the patient, are
 *                                           admitted; the visit ended)
 *   session.sendChat(text), session.endVisit() - what the person does; session.media - the local controls
 *
 * Pairs (pair-rule.ts): the provider offers to everyone, the patient to guests, between guests the smaller
 * user id. A pair with the provider runs as a one-to-one call always has: before that person is admitted
 * the provider's side waits in standby (warm only with the patient, decision 9) and theirs is ready to
 * answer. A pair of two non-providers runs only while both are admitted. Each pair signals, reconnects
 * and reports on its own; all of them share the tab's one Pusher pacing window.
 *
 * Admission only ever goes forward here: a participant once admitted stays so until removed from the list.
 * Our own admission is `!standby` and then admitted() (a provider is always admitted).
 *
 * Links start once the ICE configuration is there and, for the responder, once camera and microphone have
 * settled (its answer then carries the tracks); the initiator offers at once and its tracks join later.
 */
import type { ChatLine, DataMessage, MediaState } from "@/lib/call/data-messages";
import { IceConfigSource } from "@/lib/call-engine/ice-config-source";
import { LocalMedia, type LocalMediaState } from "@/lib/call-engine/local-media";
import { offers, pairMayWarm, pairRuns } from "@/lib/call-engine/pair-rule";
import { RemoteLink, type LinkContext, type RemoteState } from "@/lib/call-engine/remote-link";
import type { CallDeps, CallPeersView, CallTimings, CallTransport, PeerRef } from "@/lib/call-engine/types";

export type Participant = {
  id: string;
  role: "PATIENT" | "PROVIDER" | "GUEST";
  name: string;
  label: string;
  /** Admitted to the call (provider: always true). */
  admitted: boolean;
};

/** Who we are: only id and role matter to the engine. */
export type SelfParticipant = Pick<Participant, "id" | "role"> & Partial<Omit<Participant, "id" | "role">>;

export type CallSessionOptions = {
  appointmentId: string;
  self: SelfParticipant;
  /** Everyone else in the visit (at most three); setParticipants() replaces the list. */
  remotes: Participant[];
  /** The visit's presence channel, subscription already succeeded. */
  transport: CallTransport;
  /**
   * A patient or guest: checked in, not admitted yet: get ready, answer the provider's offer when it comes.
   * The provider: the patient is not admitted yet (its remotes' `admitted` flags say the same, per person).
   */
  standby: boolean;
  /** The visit ended here (the provider's End, or the provider's "end" message to the patient). */
  onEnded?(): void;
  /**
   * The dashboard's warm call (components/call/warm-calls.ts): camera and microphone are neither opened nor
   * taken until Admit (or adopt()), so a provider with five patients waiting holds one camera, the preview's.
   */
  mediaAtAdmit?: boolean;
};

export type CallSnapshot = {
  ended: boolean;
  local: LocalMediaState;
  remotes: Readonly<Record<string, RemoteState>>;
  chat: readonly ChatLine[];
};

/** Lets the "end" message leave over the data channel before the peer is torn down. */
export const END_FLUSH_MS = 250;
/** An answer not produced within this long releases the held re-render anyway. */
const ANSWER_HOLD_MS = 100;
const MAX_CHAT_LINES = 200;

export class CallSession {
  readonly media: LocalMedia;
  private readonly ice: IceConfigSource;
  private readonly links = new Map<string, RemoteLink>();
  private readonly people = new Map<string, Participant>();
  private readonly ctx: LinkContext;
  private selfAdmitted: boolean;
  private readonly listeners = new Set<() => void>();
  private readonly timings: CallTimings;
  private snapshot: CallSnapshot;
  private chat: ChatLine[] = [];
  private ended = false;
  private started = false;
  private startedOnce = false;
  private held: (() => void) | null = null;
  private dirty = false;
  private lastMediaState: MediaState | null = null;
  private lastOutgoing: LocalMediaState["outgoing"] | null = null;
  private offTestHook: (() => void) | null = null;
  private mediaStarted = false;
  /** Camera and microphone are wanted (not a warm call waiting for Admit): a start after stop() opens them again. */
  private mediaWanted: boolean;
  private onEnded: (() => void) | undefined;

  constructor(
    private readonly options: CallSessionOptions,
    private readonly deps: CallDeps,
  ) {
    this.timings = {
      mountedAt: 0,
      mediaReadyAt: null,
      iceConfigAt: null,
      firstPeerAt: null,
      firstConnectedAt: null,
      lastConnectedAt: null,
      peers: 0,
      connects: 0,
      descriptions: 0,
      warmAdmitAt: null,
      gate: null,
      videoArrivedAt: null,
    };
    this.onEnded = options.onEnded;
    this.mediaWanted = !options.mediaAtAdmit;
    this.media = new LocalMedia(deps.media, deps.handoff, () => this.mediaChanged(), { later: options.mediaAtAdmit });
    this.ice = new IceConfigSource(options.appointmentId, deps, (loaded) => {
      if (loaded) this.timings.iceConfigAt ??= deps.clock.now();
      this.changed();
      this.startLinks();
    });
    this.selfAdmitted = options.self.role === "PROVIDER" || !options.standby;
    const ctx: LinkContext = {
      appointmentId: options.appointmentId,
      selfId: options.self.id,
      selfRole: options.self.role,
      transport: options.transport,
      deps,
      timings: this.timings,
      outgoing: () => this.media.state.outgoing,
      // The dashboard's warm call opens no camera before Admit: its preview's is the one Admit will take.
      primeVideo: () => this.media.state.outgoing.video ?? deps.handoff.warmCameraVideo?.() ?? null,
      mediaReady: () => this.media.state.ready,
      ice: () => this.ice.current,
      changed: () => this.changed(),
      holdForAnswer: () => this.holdForAnswer(),
      answered: () => this.release(),
      message: (link: RemoteLink, message: DataMessage) => this.received(link, message),
      connected: (link: RemoteLink) => void link.send({ t: "state", ...this.mediaState() }),
      restarting: () => this.ice.start(true),
      admitting: () => this.startMedia(),
    };
    this.ctx = ctx;
    this.applyParticipants(options.remotes);
    this.snapshot = this.compute();
  }

  getSnapshot = (): CallSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  start(): void {
    if (this.started) return;
    this.started = true;
    this.timings.mountedAt = this.deps.clock.now();
    this.expose();
    if (this.ended) return;
    if (this.mediaWanted) this.startMedia();
    this.lastOutgoing = this.media.state.outgoing;
    for (const link of this.links.values()) link.watchPresence();
    // The first start takes a kept ICE configuration; a start after stop() (React's development double run) asks again.
    this.ice.start(this.startedOnce);
    this.startedOnce = true;
    if (this.media.state.ready) this.timings.mediaReadyAt ??= this.deps.clock.now();
    this.startLinks();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    for (const link of this.links.values()) link.dispose();
    this.ice.stop();
    this.media.stop();
    this.mediaStarted = false;
    this.held?.();
    this.held = null;
    this.offTestHook?.();
    this.offTestHook = null;
  }

  /**
   * The call view takes over a session that was already running (the dashboard's warm call, handed over by
   * components/call/warm-calls.ts): its end goes to the new view, the test hook points at it, and camera and
   * microphone start if Admit has not started them already.
   */
  adopt(options: { onEnded?: () => void }): this {
    this.onEnded = options.onEnded;
    if (this.started) this.expose();
    this.startMedia();
    return this;
  }

  private expose(): void {
    this.offTestHook?.();
    const view: CallPeersView = { primary: () => this.primaryPeer(), peers: () => this.allPeers() };
    this.offTestHook = this.deps.exposeForTests?.(view, this.timings, this.options.appointmentId) ?? null;
  }

  private startMedia(): void {
    this.mediaWanted = true;
    if (this.mediaStarted || !this.started || this.ended) return;
    this.mediaStarted = true;
    this.media.start();
  }

  /**
   * The server says we are admitted (a patient or guest), or for the provider that the patient is: the
   * negotiation may now chase a missing offer, and a patient's or guest's pairs with other admitted people start.
   */
  admitted(): void {
    if (this.options.self.role === "PROVIDER") {
      for (const person of this.people.values()) if (person.role === "PATIENT") this.people.set(person.id, { ...person, admitted: true });
    } else this.selfAdmitted = true;
    this.applyAdmission();
  }

  /**
   * The people besides us, as the visit says now: a link for each new one, the links of those no longer
   * listed (a removed guest) disposed, and admitted flags applied (they only ever turn true here). Their
   * signals are not read from then on. Name and label changes reach the snapshot.
   */
  setParticipants(remotes: Participant[]): void {
    this.applyParticipants(remotes);
    this.changed();
  }

  private applyParticipants(remotes: Participant[]): void {
    const self = this.options.self;
    const listed = new Set(remotes.filter((r) => r.id !== self.id).map((r) => r.id));
    for (const [id, link] of this.links) {
      if (listed.has(id)) continue;
      link.dispose();
      this.links.delete(id);
      this.people.delete(id);
    }
    for (const remote of remotes) {
      if (remote.id === self.id) continue;
      const before = this.people.get(remote.id);
      const admitted = remote.role === "PROVIDER" || remote.admitted || before?.admitted === true;
      this.people.set(remote.id, { ...remote, admitted });
      const existing = this.links.get(remote.id);
      if (existing) {
        existing.setRemote(remote);
        continue;
      }
      const link = new RemoteLink(this.ctx, remote, offers(self, remote), {
        standby: !(this.selfAdmitted && admitted),
        mayWarm: pairMayWarm(self, remote),
      });
      this.links.set(remote.id, link);
      if (this.started) link.watchPresence();
    }
    this.applyAdmission();
  }

  /** Links whose pair became admitted leave standby; pairs that may now run start. */
  private applyAdmission(): void {
    for (const [id, link] of this.links) {
      const person = this.people.get(id);
      if (person && this.selfAdmitted && person.admitted && (link.inStandby || !link.state.admitted)) link.admitted();
    }
    this.startLinks(); // a provider that could not warm starts now
  }

  /** The visit has ended (the server says so, or it ended here): peers down, camera off, the summary stays. */
  markEnded(): void {
    if (this.ended) return;
    this.ended = true;
    for (const link of this.links.values()) link.stop();
    this.ice.stop();
    this.media.stop();
    this.changed();
  }

  sendChat(text: string): boolean {
    const line: ChatLine = { id: this.deps.newId(), text, at: this.deps.clock.wallNow(), mine: true };
    if (!this.broadcast({ t: "chat", id: line.id, text, at: line.at })) return false;
    this.addChat(line);
    return true;
  }

  /** The provider ends the visit: resolves with an error message, or null once ended. */
  async endVisit(): Promise<string | null> {
    const result = await this.deps.api.end(this.options.appointmentId);
    if (!result.ok) return result.error;
    if (this.options.self.role === "PROVIDER") this.broadcast({ t: "end" }); // only the provider ends a visit
    await new Promise<void>((resolve) => this.deps.clock.setTimer(resolve, END_FLUSH_MS));
    this.markEnded();
    this.onEnded?.();
    return null;
  }

  private startLinks(): void {
    if (!this.started || this.ended || !this.ice.ready) return;
    for (const [id, link] of this.links) {
      const person = this.people.get(id);
      if (!person || !pairRuns(this.options.self, person, this.selfAdmitted)) continue;
      if (!link.running && (this.media.state.ready || link.initiator)) link.start();
    }
  }

  private mediaChanged(): void {
    const local = this.media.state;
    if (local.ready) this.timings.mediaReadyAt ??= this.deps.clock.now();
    const { outgoing } = local;
    if (this.lastOutgoing && (outgoing.audio !== this.lastOutgoing.audio || outgoing.video !== this.lastOutgoing.video)) {
      for (const link of this.links.values()) link.setTracks(outgoing);
    }
    this.lastOutgoing = outgoing;
    const state = this.mediaState();
    const last = this.lastMediaState;
    const keys = ["muted", "cameraOff", "sharing", "noCamera", "noMicrophone"] as const;
    if (!last || keys.some((k) => last[k] !== state[k])) {
      this.lastMediaState = state;
      this.broadcast({ t: "state", ...state });
    }
    this.changed();
    this.startLinks();
  }

  private mediaState(): MediaState {
    const { muted, cameraOff, sharing, ready, camera, outgoing } = this.media.state;
    return { muted, cameraOff, sharing, noCamera: ready && !camera, noMicrophone: ready && !outgoing.audio };
  }

  private received(link: RemoteLink, message: DataMessage): void {
    // "admit" and "end" count only from the provider (a guest never sends them; anyone else's are ignored).
    const fromProvider = link.role === "PROVIDER";
    if (message.t === "admit") {
      if (!fromProvider) return;
      link.admittedByPeer();
      // Only the provider's Admit makes its offer, so its "admit" means we are in: our other pairs may start.
      if (!this.selfAdmitted) this.admitted();
    } else if (message.t === "state") {
      const { muted, cameraOff, sharing, noCamera = false, noMicrophone = false } = message;
      link.setRemoteMedia({ muted, cameraOff, sharing, noCamera, noMicrophone });
    } else if (message.t === "chat") {
      if (this.chat.some((l) => l.id === message.id)) return;
      this.addChat({ id: message.id, text: message.text, at: message.at, mine: false });
    } else if (message.t === "end" && fromProvider && this.options.self.role !== "PROVIDER") {
      // Only the provider ends a visit; the server stays the authority (onEnded makes the room refetch).
      this.markEnded();
      this.onEnded?.();
    }
  }

  /** To every connected remote participant; true if it reached at least one. */
  private broadcast(message: DataMessage): boolean {
    let sent = false;
    for (const link of this.links.values()) sent = link.send(message) || sent;
    return sent;
  }

  private addChat(line: ChatLine): void {
    this.chat = [...this.chat.slice(-(MAX_CHAT_LINES - 1)), line];
    this.changed();
  }

  /** The provider's link for a patient or guest, the patient's link for the provider (else the first). */
  private primaryPeer(): PeerRef | null {
    const wanted = this.options.self.role === "PROVIDER" ? "PATIENT" : "PROVIDER";
    const links = [...this.links.values()];
    const current = (links.find((l) => l.role === wanted) ?? links[0])?.currentPeer();
    return current ? { pc: current.peer.pc, session: current.session } : null;
  }

  private allPeers(): Record<string, PeerRef | null> {
    const peers: Record<string, PeerRef | null> = {};
    for (const [id, link] of this.links) {
      const current = link.currentPeer();
      peers[id] = current ? { pc: current.peer.pc, session: current.session } : null;
    }
    return peers;
  }

  private holdForAnswer(): void {
    if (this.held) return;
    this.held = this.deps.clock.setTimer(() => this.release(), ANSWER_HOLD_MS);
  }

  private release(): void {
    if (!this.held) return;
    this.held();
    this.held = null;
    if (this.dirty) this.changed();
  }

  private changed(): void {
    if (this.held) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    this.snapshot = this.compute();
    for (const listener of this.listeners) listener();
  }

  private compute(): CallSnapshot {
    const remotes: Record<string, RemoteState> = {};
    for (const [id, link] of this.links) remotes[id] = { ...link.state, problem: link.state.problem ?? this.ice.problem };
    return { ended: this.ended, local: this.media.state, remotes, chat: this.chat };
  }
}
