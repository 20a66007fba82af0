/**
 * What the call engine is given rather than reaching for itself, so that it runs (and is unit-tested)
 * without a browser, simple-peer, Pusher or the network: a peer factory, the signalling transport, a
 * clock, the API, media devices and the page's lifecycle. browser-deps.ts supplies the real ones.
 */
import type { ApiResult } from "@/lib/api-client/send-json";
import type { ConnectionReport, IceConfig } from "@/lib/api-client/visits";
import type { QualitySample } from "@/lib/call/quality";
import type { GatePassage } from "@/lib/call-engine/frame-gate";
import type { Clock } from "@/lib/signalling/outbox";
import type { PeerSignal, SignalChannel } from "@/lib/signalling/pusher-transport";

export type { ConnectionReport, IceConfig };

/** What this side sends right now: the screen replaces the camera while sharing. */
export type Outgoing = { audio: MediaStreamTrack | null; video: MediaStreamTrack | null };

/** What a peer reports; the engine wires these to the signalling and its own state. */
export interface PeerEvents {
  signal(data: PeerSignal): void;
  connect(): void;
  stream(stream: MediaStream): void;
  data(raw: unknown): void;
  iceState(state: RTCIceConnectionState): void;
  close(): void;
  error(error: unknown): void;
  /** A warm peer's video gate (media-gate.ts). */
  gate?: GateEvents;
}

/** For tests and the bench: a warm peer's first video after Admit went through its gate (how, ms after the opening), and the other side's first video frame came in (performance.now()). */
export type GateEvents = { passed?(by: GatePassage, afterMs: number): void; arrived?(at: number): void };

/** One WebRTC peer connection to one remote participant (simple-peer in the browser). */
export interface CallPeer {
  readonly connected: boolean;
  /** The underlying connection, for the test hook; null in fakes. */
  readonly pc: RTCPeerConnection | null;
  signal(data: PeerSignal): void;
  /** Over the data channel; throws when it is not open. */
  send(text: string): void;
  /** getStats() of the connection (an RTCStatsReport or anything with the same values()). */
  getStats(): Promise<Iterable<unknown> | { values(): Iterable<unknown> }>;
  /** The current tracks on the running senders (replaceTrack, no renegotiation). */
  setTracks(outgoing: Outgoing): void;
  /** A warm peer before Admit: the camera on its video sender with nothing leaving (its encoder running). */
  prime(video: MediaStreamTrack | null): void;
  /** Admit on a warm peer: the tracks on, its video let through, the other side asked for a key frame. */
  admit(outgoing: Outgoing): void;
  destroy(): void;
}

export type PeerFactory = (options: {
  /** The remote participant this peer connects to (one peer per pair). */
  remoteId?: string;
  initiator: boolean;
  outgoing: Outgoing;
  ice: IceConfig | null;
  mediaPending: boolean;
  /** A warm connection (no tracks yet, docs/decisions/0009): keep a sending slot per kind on either side. */
  warm?: boolean;
  events: PeerEvents;
}) => CallPeer;

/** The visit's presence channel: signals travel on it, and its members say who is in the room. */
export interface CallTransport extends SignalChannel {
  members?: { get(userId: string): unknown };
}

/** Monotonic time and timers (lib/signalling's Clock), plus the wall clock for what people see. */
export interface EngineClock extends Clock {
  wallNow(): number;
}

/** What a pair's report says besides its content: `peer`, the remote participant's user id. */
export type PairReport = { peer: string };

/** The app server, as the call uses it (lib/api-client in the browser). Reports always name the pair's remote. */
export interface CallApi {
  iceServers(appointmentId: string, options?: { signal?: AbortSignal }): Promise<ApiResult<IceConfig>>;
  end(appointmentId: string): Promise<ApiResult<unknown>>;
  reportConnection(appointmentId: string, report: ConnectionReport & PairReport): void;
  reportQuality(appointmentId: string, sample: QualitySample & PairReport): void;
}

/** ICE configurations and the camera warmed before the call by the Admit hand-off (lib/admit-handoff). */
export interface Handoff {
  keptIceConfig(appointmentId: string): IceConfig | null;
  iceConfigInFlight(appointmentId: string): Promise<IceConfig | null> | null;
  keepIceConfig(appointmentId: string, config: IceConfig): void;
  usableIceConfig(config: IceConfig, now: number): boolean;
  /** ms until this configuration should be replaced (Infinity: never). */
  iceRefreshInMs(config: IceConfig, now: number): number;
  takeOpenedCamera(): MediaStream | null;
  takeWarmCamera(): Promise<MediaStream | null> | null;
  /** The warm camera's video track, left where it is (a warm connection primes its encoder with it). */
  warmCameraVideo?(): MediaStreamTrack | null;
  /**
   * A warm connection for this visit wants one of the tab's `max` places: null when they are taken (the
   * visit then connects as before), else its release. `admit` runs within the Admit click.
   */
  holdWarmPlace?(appointmentId: string, max: number, admit: () => void): (() => void) | null;
}

export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia?(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
}

/** The page being hidden (pagehide) or shown again from the back/forward cache (pageshow, persisted). */
export interface PageLifecycle {
  onHide(callback: () => void): () => void;
  onRestore(callback: () => void): () => void;
}

export interface CallDeps {
  peers: PeerFactory;
  clock: EngineClock;
  api: CallApi;
  handoff: Handoff;
  media: MediaDevicesLike | null;
  page: PageLifecycle;
  /** Exposes the call to end-to-end tests (window.__consultCall); returns its removal. */
  exposeForTests?(view: CallPeersView, timings: CallTimings, appointmentId: string): () => void;
  newId(): string;
}

/** A link's current peer connection and its signalling session. */
export type PeerRef = { pc: RTCPeerConnection | null; session: string };

/** What the test hook reads: every link's current peer keyed by remote user id, and the primary one. */
export interface CallPeersView {
  /** The provider's link for a patient or guest, the patient's link for the provider (a one-to-one call's only peer). */
  primary(): PeerRef | null;
  /** Every remote participant's current peer (null while that pair has none). */
  peers(): Record<string, PeerRef | null>;
}

export type CallTimings = {
  /** clock.now() values in this page. */
  mountedAt: number;
  mediaReadyAt: number | null;
  iceConfigAt: number | null;
  firstPeerAt: number | null;
  firstConnectedAt: number | null;
  lastConnectedAt: number | null;
  peers: number;
  connects: number;
  /** Offers and answers this page has sent and applied (a warm Admit adds none). */
  descriptions: number;
  /** clock.now() of the Admit swap over a warm connection, if there was one. */
  warmAdmitAt: number | null;
  /** How this side's video got through the warm gate after Admit, and ms after its opening (media-gate.ts). */
  gate: { by: GatePassage; afterMs: number } | null;
  /** clock.now() when the other side's first video frame came in over a warm connection (its receiver's transform). */
  videoArrivedAt: number | null;
};
