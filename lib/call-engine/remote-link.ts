/**
 * The call's connection to one remote participant, rebuilt by itself whenever it breaks. A CallSession
 * holds one per remote participant, keyed by their user id: a call of three or four people is a mesh of
 * these, one peer per pair, each signalling, reconnecting and reporting on its own.
 *
 * simple-peer (or the injected factory's peer) runs inside lib/signalling's `startSignalling` on the
 * visit's presence channel, addressed to this remote only (`for`, and an inbox that reads only their
 * signals for us), paced with every other link of the tab in the connection's one window. Which side
 * offers is the pair rule's (pair-rule.ts: the provider to everyone, the patient to guests, between guests
 * the smaller id); when the responder is on the channel already the initiator offers at once. The patient starts in `standby` while waiting to be admitted: peer built, camera on,
 * ready to answer the offer that only the provider's Admit makes; `offered` says that offer came. A new
 * peer is built when the negotiation policy says so (the other side reloaded, its signals went missing,
 * the peer closed or ICE failed) and also here when ICE stays `disconnected` for DISCONNECT_GRACE_MS:
 * destroying the peer makes the policy rebuild it. A negotiation that gives up is started again after
 * RESTART_AFTER_FAILURE_MS with a fresh ICE configuration. CONNECTED / RECONNECTING / RECONNECTED go to
 * the connection endpoint. stop() says bye and destroys the peer (freeing its TURN allocation).
 *
 * Warm (docs/decisions/0009-warm-connections.md): while the patient waits, with the ICE configuration's
 * `warmMax` above 0 (and, for the provider, one of the tab's places free), both sides build their peers
 * with no tracks and a sending slot per kind, so ICE, DTLS and the SRTP keys are set up before Admit and
 * no media can leave. Each side's camera is primed on its video sender behind a gate that drops every
 * encoded frame (media-gate.ts), so the encoder is running at Admit. Nothing is reported and nothing
 * measured while warm. Admit (the provider's click, the patient hearing "admit" over the data channel, or
 * either hearing it from the server) puts the tracks on the senders with replaceTrack, opens the gate,
 * asks the other side for a key frame, and records CONNECTED then. A warm peer that breaks is rebuilt
 * warm by the same policy as any other; one built after Admit is an ordinary peer with tracks.
 */
import { encodeData, parseData, type DataMessage, type MediaState } from "@/lib/call/data-messages";
import { connectionKind, snapshotFromStats, type QualitySample } from "@/lib/call/quality";
import type { Phase } from "@/lib/signalling/negotiation";
import { startSignalling, type PeerSink, type Signalling } from "@/lib/signalling/pusher-transport";
import { noteWarmAdmit } from "@/lib/call-engine/admit-quiet";
import { CallStats } from "@/lib/call-engine/call-stats";
import type { PairRole } from "@/lib/call-engine/pair-rule";
import type { CallDeps, CallPeer, CallTimings, CallTransport, IceConfig, Outgoing } from "@/lib/call-engine/types";

export type LinkStatus = "connecting" | "connected" | "reconnecting";
export type ConnectionType = "direct" | "relayed";

export type RemoteState = {
  id: string;
  /** Who they are (from the session's Participant list). */
  name: string;
  role: PairRole;
  /** "Spanish interpreter", "Caregiver", ... ("" when the UI gave none). */
  label: string;
  status: LinkStatus;
  /** The offer came (or the call is up): the patient's standby view gives way to the call. */
  offered: boolean;
  /** On the visit's presence channel right now. */
  present: boolean;
  stream: MediaStream | null;
  connectionType: ConnectionType | null;
  relayedEver: boolean;
  /** Wall-clock ms of the first connection. */
  firstConnectedAt: number | null;
  problem: string | null;
  sample: QualitySample | null;
  /** Their microphone, camera and screen as they last said over the data channel. */
  media: MediaState;
  /** Connected (or connecting) without media, waiting for Admit. */
  warm: boolean;
  /** Admit has happened as far as this link knows (the click here, the server, or the provider's message). */
  admitted: boolean;
};

export const DISCONNECT_GRACE_MS = 2500;
export const RESTART_AFTER_FAILURE_MS = 3000;
const CANDIDATES_SETTLE_MS = 1000;
const NOTHING: MediaState = { muted: false, cameraOff: false, sharing: false };
const NO_TRACKS: Outgoing = { audio: null, video: null };

/** The remote participant as the link knows them. */
export type LinkRemote = { id: string; role: PairRole; name: string; label: string };

/** What the link needs from its session. */
export interface LinkContext {
  appointmentId: string;
  selfId: string;
  selfRole: PairRole;
  transport: CallTransport;
  deps: CallDeps;
  timings: CallTimings;
  outgoing(): Outgoing;
  /** The camera a warm peer primes its encoder with before Admit (null: none open). */
  primeVideo(): MediaStreamTrack | null;
  mediaReady(): boolean;
  ice(): IceConfig | null;
  /** This link's state changed. */
  changed(): void;
  /** An offer is being answered: hold re-renders until our answer has left (answered()). */
  holdForAnswer(): void;
  answered(): void;
  message(link: RemoteLink, message: DataMessage): void;
  /** A peer connected (first time or again): say what the other side should know. */
  connected(link: RemoteLink): void;
  /** A restart after a failure: the session fetches a fresh ICE configuration. */
  restarting(): void;
  /** Admit over a warm connection, just before the tracks go on: the session's camera starts if it waited for Admit. */
  admitting(): void;
}

type Current = { peer: CallPeer; session: string };

export class RemoteLink {
  state: RemoteState;
  private current: Current | null = null;
  private signalling: Signalling | null = null;
  private standby: boolean;
  private everConnected = false;
  private readonly reportedReconnecting = new Set<string>();
  private teardown: (() => void) | null = null;
  private readonly stats: CallStats;
  private unbindPresence: (() => void) | null = null;
  private warm = false;
  private releaseWarmPlace: (() => void) | null = null;
  /** The warm peer connected: what connecting means (reports, measuring) waits for Admit. */
  private deferredConnect: (() => void) | null = null;

  readonly remoteId: string;
  readonly role: PairRole;
  private readonly mayWarm: boolean;

  /**
   * `standby`: the pair is not admitted yet (the provider's side waits without offering, unless it may warm;
   * the other side is ready to answer). `mayWarm`: this pair may connect warm before Admit (provider–patient only).
   */
  constructor(
    private readonly ctx: LinkContext,
    remote: LinkRemote,
    readonly initiator: boolean,
    options: { standby: boolean; mayWarm?: boolean },
  ) {
    this.remoteId = remote.id;
    this.role = remote.role;
    this.mayWarm = options.mayWarm ?? true;
    this.standby = options.standby;
    const remoteId = remote.id;
    this.state = {
      id: remoteId,
      name: remote.name,
      role: remote.role,
      label: remote.label,
      status: "connecting",
      offered: false,
      present: isPresent(ctx.transport, remoteId),
      stream: null,
      connectionType: null,
      relayedEver: false,
      firstConnectedAt: null,
      problem: null,
      sample: null,
      media: NOTHING,
      warm: false,
      admitted: !options.standby,
    };
    const { clock, api } = ctx.deps;
    this.stats = new CallStats(clock, {
      peer: () => this.current?.peer ?? null,
      expectVideo: () => (!this.state.media.cameraOff && !this.state.media.noCamera) || this.state.media.sharing,
      sampled: (sample) => {
        const kind = connectionKind(sample);
        this.set({ sample, ...(kind ? { connectionType: kind, relayedEver: this.state.relayedEver || kind === "relayed" } : {}) });
      },
      report: (sample) => api.reportQuality(ctx.appointmentId, { ...sample, peer: remoteId }),
    });
  }

  get running(): boolean {
    return this.teardown !== null;
  }

  /** The peer in use now, with its session id (the test hook reads it). */
  currentPeer(): Current | null {
    return this.current;
  }

  watchPresence(): void {
    if (this.unbindPresence) return;
    const { transport } = this.ctx;
    const added = (member: unknown) => (member as { id?: string } | null)?.id === this.remoteId && this.set({ present: true });
    const removed = (member: unknown) => (member as { id?: string } | null)?.id === this.remoteId && this.set({ present: false });
    transport.bind("pusher:member_added", added);
    transport.bind("pusher:member_removed", removed);
    this.set({ present: isPresent(transport, this.remoteId) });
    this.unbindPresence = () => {
      transport.unbind("pusher:member_added", added);
      transport.unbind("pusher:member_removed", removed);
    };
  }

  /** Starts signalling (and so the first peer); a provider before Admit starts only if it may warm. */
  start(): void {
    if (this.teardown) return;
    if (!this.decideWarm() && this.initiator && this.standby) return;
    const { ctx } = this;
    const { clock, page } = ctx.deps;
    let alive = true;
    let cancelDisconnect: (() => void) | null = null;
    let cancelRestart: (() => void) | null = null;
    let cancelDescribe: (() => void) | null = null;
    let connectedSession: string | null = null;

    const lost = (session: string | null) => {
      if (!alive || !this.everConnected) return;
      this.setStatus("reconnecting");
      if (session && !this.reportedReconnecting.has(session)) {
        this.reportedReconnecting.add(session);
        ctx.deps.api.reportConnection(ctx.appointmentId, { event: "RECONNECTING", session, peer: this.remoteId });
      }
    };

    const connected = (entry: Current, warmAdmit = false) => {
      cancelDisconnect?.();
      const first = !this.everConnected;
      this.everConnected = true;
      connectedSession = entry.session;
      const now = clock.now();
      ctx.timings.connects++;
      ctx.timings.lastConnectedAt = now;
      ctx.timings.firstConnectedAt ??= now;
      this.set({ problem: null, ...(first ? { firstConnectedAt: clock.wallNow() } : {}) });
      this.setStatus("connected");
      ctx.connected(this);
      // The pair's remote candidate can read "prflx" for a moment (its trickled description not in yet): look again shortly.
      const describe = (record: boolean) =>
        void entry.peer.getStats().then(
          (report) => {
            if (this.current !== entry) return;
            const snap = snapshotFromStats(report);
            const kind = connectionKind(snap);
            if (kind) this.set({ connectionType: kind, relayedEver: this.state.relayedEver || kind === "relayed" });
            const { localCandidateType, remoteCandidateType } = snap;
            if (record)
              ctx.deps.api.reportConnection(ctx.appointmentId, {
                event: first ? "CONNECTED" : "RECONNECTED",
                session: entry.session,
                localCandidateType,
                remoteCandidateType,
                peer: this.remoteId,
              });
          },
          () => undefined,
        );
      // A warm Admit's first picture is on its way: getStats() and the badge's render would compete with it, and
      // a connection up for minutes has settled its candidates anyway (docs/decisions/0009).
      if (!warmAdmit) describe(false);
      cancelDescribe = clock.setTimer(() => describe(true), CANDIDATES_SETTLE_MS);
      // Today's path too: a patient whose peer was built warm puts its tracks on when this arrives.
      // Only the provider admits: a patient or guest offering to a guest never says it.
      if (ctx.selfRole === "PROVIDER") this.send({ t: "admit" });
    };

    const createPeer = (sink: PeerSink, session: string) => {
      let entry: Current | null = null;
      const isCurrent = () => alive && entry !== null && this.current === entry;
      const warm = this.warm;
      const peer = ctx.deps.peers({
        remoteId: this.remoteId,
        initiator: this.initiator,
        outgoing: warm ? NO_TRACKS : ctx.outgoing(),
        ice: ctx.ice(),
        mediaPending: warm || !ctx.mediaReady(),
        warm,
        events: {
          signal: (data) => {
            if (data.type === "offer" || data.type === "answer") ctx.timings.descriptions++;
            sink.signal(data);
            if (data.type === "answer") {
              // Built warm, admitted before the offer came (the server's word won the race): the answer has
              // just made the sending slots, and admitWarm() found none to fill. Fill them now.
              if (warm && !this.warm) peer.admit(ctx.outgoing());
              ctx.answered();
            }
          },
          stream: (stream) => isCurrent() && this.set({ stream }),
          connect: () => {
            if (warm && !this.warm)
              peer.admit(ctx.outgoing()); // the same, for a peer that answered before Admit
            else if (this.warm) peer.prime(ctx.primeVideo()); // a camera opened since the peer was built (the dashboard's preview)
            if (isCurrent() && entry) {
              const ready = entry;
              if (this.warm) this.deferredConnect = () => ready === this.current && peer.connected && connected(ready, true);
              else connected(ready);
            }
            sink.connect();
          },
          data: (raw) => {
            const message = parseData(raw);
            if (message && isCurrent()) ctx.message(this, message);
          },
          iceState: (state) => {
            if (!isCurrent()) return;
            if (state === "disconnected") {
              lost(session);
              cancelDisconnect?.();
              // Often ICE recovers by itself within a second or two; if not, a fresh peer is quicker than waiting for "failed".
              cancelDisconnect = clock.setTimer(() => isCurrent() && peer.destroy(), DISCONNECT_GRACE_MS);
            } else if ((state === "connected" || state === "completed") && peer.connected && !this.warm) {
              cancelDisconnect?.();
              this.setStatus("connected");
            }
          },
          close: () => {
            if (isCurrent()) lost(session);
            sink.failed();
          },
          error: (error) => sink.failed(error),
          gate: {
            passed: (by, afterMs) => void (ctx.timings.gate = { by, afterMs }),
            arrived: (at) => void (ctx.timings.videoArrivedAt ??= at),
          },
        },
      });
      entry = { peer, session };
      this.current = entry;
      if (warm) peer.prime(ctx.primeVideo());
      ctx.timings.peers++;
      ctx.timings.firstPeerAt ??= clock.now();
      const signal = (data: Parameters<CallPeer["signal"]>[0]) => {
        if (data.type === "offer" || data.type === "answer") ctx.timings.descriptions++;
        peer.signal(data);
      };
      return { signal, destroy: () => peer.destroy() };
    };

    const onPhase = (phase: Phase) => {
      const offered = phase === "negotiating" || phase === "connected";
      // Answering an offer: the patient's view switching to the call must not hold up the answer it is about to send.
      if (offered && !this.initiator && phase === "negotiating") ctx.holdForAnswer();
      if (offered !== this.state.offered) this.set({ offered });
      if (phase === "connected") return; // the peer's connect event says it, with the details
      lost(connectedSession);
      if (phase === "failed") {
        this.set({ problem: "The connection could not be set up. Trying again…" });
        cancelRestart = clock.setTimer(() => this.restart(), RESTART_AFTER_FAILURE_MS);
      }
    };

    const signalling = startSignalling({
      channel: ctx.transport,
      userId: ctx.selfId,
      remoteId: this.remoteId,
      initiator: this.initiator,
      createPeer,
      onPhase,
      responderPresent: this.initiator && isPresent(ctx.transport, this.remoteId),
      standby: !this.initiator && this.standby,
      // The provider's dashboard open on two computers: the newest page keeps the warm connection.
      yieldToSiblings: this.initiator && this.warm,
      clock,
    });
    this.signalling = signalling;

    // Leaving the page: say bye so the other side rebuilds at once instead of waiting for ICE to time out.
    const offHide = page.onHide(() => signalling.stop());
    const offRestore = page.onRestore(() => this.restart());
    this.teardown = () => {
      alive = false;
      cancelDisconnect?.();
      cancelRestart?.();
      cancelDescribe?.();
      offHide();
      offRestore();
      signalling.stop(); // bye, and peer.destroy(): frees the TURN allocation
      if (this.signalling === signalling) this.signalling = null;
      this.current = null;
      this.deferredConnect = null;
      this.releaseWarmPlace?.();
      this.releaseWarmPlace = null;
    };
  }

  /** Whether this start builds warm peers: before Admit, allowed by the ICE configuration and (provider) a free place. */
  private decideWarm(): boolean {
    const max = this.ctx.ice()?.warmMax ?? 0;
    this.warm = false;
    if (!this.standby || max <= 0 || !this.mayWarm) return this.setWarm(false);
    if (this.initiator) {
      const hold = this.ctx.deps.handoff.holdWarmPlace;
      const release = hold ? hold(this.ctx.appointmentId, max, () => this.admitWarm()) : null;
      if (!release) return this.setWarm(false);
      this.releaseWarmPlace = release;
    }
    return this.setWarm(true);
  }

  private setWarm(warm: boolean): boolean {
    this.warm = warm;
    if (this.state.warm !== warm) this.set({ warm });
    return warm;
  }

  /**
   * Admit over the warm connection: the tracks go on the senders (replaceTrack, no offer), and what
   * connecting means happens now: CONNECTED with candidate types, measuring, the provider's "admit".
   */
  private admitWarm(): void {
    if (this.warm) this.ctx.admitting();
    this.standby = false;
    if (!this.state.admitted) this.set({ admitted: true });
    if (!this.warm) return;
    this.setWarm(false);
    this.ctx.timings.warmAdmitAt = this.ctx.deps.clock.now();
    noteWarmAdmit(this.ctx.appointmentId, this.ctx.deps.clock.wallNow());
    this.current?.peer.admit(this.ctx.outgoing());
    this.releaseWarmPlace?.();
    this.releaseWarmPlace = null;
    const deferred = this.deferredConnect;
    this.deferredConnect = null;
    deferred?.(); // not connected yet: its connect event does the same
    this.signalling?.admitted();
  }

  /** The provider says over the data channel that they admitted us (the other side of a provider's pair). */
  admittedByPeer(): void {
    if (!this.initiator) this.admitWarm();
  }

  /** Whether it is in standby (the pair not admitted yet). */
  get inStandby(): boolean {
    return this.standby;
  }

  /** Their name or label changed in the participant list. */
  setRemote(remote: LinkRemote): void {
    const { name, label } = remote;
    if (name !== this.state.name || label !== this.state.label) this.set({ name, label });
  }

  /** Says bye, destroys the peer and stops measuring. Start again with start(). */
  stop(): void {
    this.teardown?.();
    this.teardown = null;
    this.stats.stop();
  }

  /** Everything off, presence too: the session is going. */
  dispose(): void {
    this.stop();
    this.unbindPresence?.();
    this.unbindPresence = null;
  }

  /** A fresh negotiation on a fresh peer (after a failure, or the page coming back from the back/forward cache). */
  restart(): void {
    this.stop();
    this.ctx.restarting();
    this.start();
  }

  /** Admitted: the same peer stays (it may be mid-offer, or warm: then its tracks go on now); the negotiation may chase a missing offer. */
  admitted(): void {
    if (this.warm) return this.admitWarm();
    if (!this.state.admitted) this.set({ admitted: true });
    if (!this.standby) return;
    this.standby = false;
    this.signalling?.admitted();
  }

  send(message: DataMessage): boolean {
    const peer = this.current?.peer;
    if (!peer?.connected) return false;
    try {
      peer.send(encodeData(message));
      return true;
    } catch {
      return false;
    }
  }

  /** Camera/microphone switches and screen share: swap the track on the running peer, no renegotiation. */
  setTracks(outgoing: Outgoing): void {
    if (!this.warm) this.current?.peer.setTracks(outgoing);
    else this.current?.peer.prime(this.ctx.primeVideo()); // warm: the gate keeps it in this browser
  }

  setRemoteMedia(media: MediaState): void {
    this.set({ media });
  }

  /** Measuring runs while connected (stop() ends it with the call). */
  private setStatus(status: LinkStatus): void {
    if (status === "connected" && this.running) this.stats.start();
    else if (status !== "connected") this.stats.stop();
    if (status !== this.state.status) this.set({ status });
  }

  private set(patch: Partial<RemoteState>): void {
    this.state = { ...this.state, ...patch };
    this.ctx.changed();
  }
}

/** Whether `userId` is a member of the (presence) channel right now. */
export function isPresent(transport: CallTransport, userId: string): boolean {
  return Boolean(transport.members?.get(userId));
}
