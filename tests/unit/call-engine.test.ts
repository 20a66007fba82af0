// The call engine (lib/call-engine) without a browser: two CallSessions, a provider's and a patient's,
// over a fake presence channel, with fake peers and vitest's fake timers as the injected clock.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CallSession, type CallSessionOptions, type Participant } from "@/lib/call-engine/call-session";
import { DISCONNECT_GRACE_MS, RESTART_AFTER_FAILURE_MS } from "@/lib/call-engine/remote-link";
import type {
  CallApi,
  CallDeps,
  CallPeer,
  CallPeersView,
  CallTransport,
  ConnectionReport,
  Handoff,
  IceConfig,
  PeerEvents,
  PeerFactory,
} from "@/lib/call-engine/types";
import type { QualitySample } from "@/lib/call/quality";
import type { SignalMessage } from "@/lib/signalling/messages";

const DOC = "doc-1";
const PAT = "pat-1";
const VISIT = "visit-1";
const ICE: IceConfig = { iceServers: [], iceTransportPolicy: "all", expiresAt: null };

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

type Member = { id: string };
type Callback = (data: unknown, meta?: { user_id?: string }) => void;

/** A presence channel shared by everyone in the visit: no echo to the sender, delivery 5 ms later, optional loss. */
class FakeChannel {
  readonly members = new Set<string>();
  readonly sent: { from: string; message: SignalMessage; at: number }[] = [];
  lose: (from: string, message: SignalMessage) => boolean = () => false;
  private readonly binds = new Map<string, Map<string, Callback[]>>();

  join(user: string): CallTransport {
    this.members.add(user);
    this.emit(user, "pusher:member_added", { id: user } satisfies Member);
    return {
      members: { get: (id) => (this.members.has(id) ? { id } : undefined) },
      trigger: (_event, data) => {
        const message = data as SignalMessage;
        this.sent.push({ from: user, message, at: Date.now() });
        if (!this.members.has(user) || this.lose(user, message)) return true;
        const copy: unknown = JSON.parse(JSON.stringify(data));
        setTimeout(() => this.emit(user, "client-signal", copy), 5);
        return true;
      },
      bind: (event, cb) => this.listeners(user, event).push(cb),
      unbind: (event, cb) => {
        const list = this.listeners(user, event);
        list.splice(list.indexOf(cb) >>> 0, 1);
      },
    };
  }

  leave(user: string): void {
    this.members.delete(user);
    this.binds.delete(user);
    this.emit(user, "pusher:member_removed", { id: user } satisfies Member);
  }

  kinds(from: string): string[] {
    return this.sent.filter((s) => s.from === from).map((s) => s.message.kind);
  }

  private listeners(user: string, event: string): Callback[] {
    const byEvent = this.binds.get(user) ?? new Map<string, Callback[]>();
    this.binds.set(user, byEvent);
    const list = byEvent.get(event) ?? [];
    byEvent.set(event, list);
    return list;
  }

  private emit(from: string, event: string, data: unknown): void {
    for (const [user, byEvent] of this.binds)
      if (user !== from) for (const cb of [...(byEvent.get(event) ?? [])]) cb(data, { user_id: from });
  }
}

/** Stand-in peers: one "connects" once it holds both descriptions and a remote candidate; data goes to the other side's live peer. */
class FakePeers {
  readonly built: FakePeer[] = [];
  candidateType = "host";
  /** A side's user id ("doc" and "pat" stand for DOC and PAT; the mesh tests name sides by user id). */
  readonly userOf: Record<string, string> = { doc: DOC, pat: PAT };

  factory(side: string): PeerFactory {
    return ({ remoteId, initiator, events, mediaPending, warm, outgoing }) => {
      const peer = new FakePeer(this, side, this.userOf[side] ?? side, remoteId ?? "", initiator, events, mediaPending);
      peer.warm = warm === true;
      peer.builtWith = outgoing;
      this.built.push(peer);
      return peer;
    };
  }

  /** `side`'s current peer (to `remote`, when given). */
  live(side: string, remote?: string): FakePeer | undefined {
    return this.built.filter((p) => p.side === side && (remote === undefined || p.remoteUser === remote) && !p.destroyed).at(-1);
  }

  /** Peers `side` built for its pair with `remote`. */
  pair(side: string, remote: string): FakePeer[] {
    return this.built.filter((p) => p.side === side && p.remoteUser === remote);
  }
}

class FakePeer implements CallPeer {
  connected = false;
  destroyed = false;
  readonly pc = null;
  tracks: unknown = null;
  /** What a warm peer's gated video sender holds (media-gate.ts), and whether Admit opened the gate. */
  primed: unknown = null;
  gateOpen = false;
  warm = false;
  builtWith: unknown = null;
  readonly sentData: string[] = [];
  private local = false;
  private remote = false;
  private candidates = 0;

  constructor(
    private readonly net: FakePeers,
    readonly side: string,
    readonly user: string,
    readonly remoteUser: string,
    readonly initiator: boolean,
    readonly events: PeerEvents,
    readonly mediaPending: boolean,
  ) {
    if (initiator) this.describe("offer");
  }

  signal(data: Parameters<CallPeer["signal"]>[0]): void {
    if (this.destroyed) return;
    if (data.type === "offer") this.describe("answer");
    if (data.type === "offer" || data.type === "answer") this.remote = true;
    if (data.type === "candidate") this.candidates++;
    this.check();
  }

  send(text: string): void {
    if (!this.connected) throw new Error("not open");
    this.sentData.push(text);
    const other = this.net.built.filter((p) => p.user === this.remoteUser && p.remoteUser === this.user && p.connected).at(-1);
    other?.events.data(text);
  }

  getStats() {
    const type = this.net.candidateType;
    return Promise.resolve([
      { id: "t", type: "transport", selectedCandidatePairId: "p" },
      {
        id: "p",
        type: "candidate-pair",
        localCandidateId: "l",
        remoteCandidateId: "r",
        state: "succeeded",
        nominated: true,
        currentRoundTripTime: 0.02,
      },
      { id: "l", type: "local-candidate", candidateType: type },
      { id: "r", type: "remote-candidate", candidateType: type },
    ]);
  }

  setTracks(outgoing: unknown): void {
    // A warm answerer has no sending slots until the offer is applied (its transceivers come from it).
    if (this.warm && !this.initiator && !this.remote) return;
    this.tracks = outgoing;
  }

  prime(video: unknown): void {
    if (this.gateOpen || (!this.initiator && !this.remote)) return;
    this.primed = video;
  }

  admit(outgoing: { audio: unknown; video: unknown }): void {
    this.setTracks(outgoing.video || !this.primed ? outgoing : { ...outgoing, video: this.primed });
    this.gateOpen = true;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.connected = false;
    setTimeout(() => this.events.close(), 0); // simple-peer says close a tick later
  }

  private describe(type: "offer" | "answer"): void {
    setTimeout(() => {
      if (this.destroyed) return;
      this.events.signal({ type, sdp: `v=0 ${type}` });
      this.local = true;
      this.events.signal({
        type: "candidate",
        candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 },
      });
      this.check();
    }, 2);
  }

  private check(): void {
    if (this.connected || !this.local || !this.remote || this.candidates === 0) return;
    setTimeout(() => {
      if (this.destroyed || this.connected) return;
      this.connected = true;
      this.events.connect();
      this.events.iceState("connected");
    }, 1);
  }
}

class FakeApi implements CallApi {
  iceRequests = 0;
  ended = 0;
  readonly connections: (ConnectionReport & { peer: string })[] = [];
  readonly quality: (QualitySample & { peer: string })[] = [];
  iceServers() {
    this.iceRequests++;
    return Promise.resolve({ ok: true as const, data: ICE });
  }
  end() {
    this.ended++;
    return Promise.resolve({ ok: true as const, data: {} });
  }
  reportConnection(_id: string, report: ConnectionReport & { peer: string }) {
    this.connections.push(report);
  }
  reportQuality(_id: string, sample: QualitySample & { peer: string }) {
    this.quality.push(sample);
  }
}

function fakeTrack(kind: "audio" | "video") {
  return {
    kind,
    enabled: true,
    readyState: "live",
    stopped: false,
    stop() {
      this.stopped = true;
      this.readyState = "ended";
    },
    getSettings: () => ({ deviceId: `${kind}-1` }),
    addEventListener() {},
  };
}

function fakeMedia() {
  const tracks: ReturnType<typeof fakeTrack>[] = [];
  return {
    tracks,
    getUserMedia: () => {
      const audio = fakeTrack("audio");
      const video = fakeTrack("video");
      tracks.push(audio, video);
      return Promise.resolve({
        getAudioTracks: () => [audio],
        getVideoTracks: () => [video],
        getTracks: () => [audio, video],
      } as unknown as MediaStream);
    },
    enumerateDevices: () => Promise.resolve([]),
  };
}

/** `kept`: the Admit hand-off fetched the ICE configuration while the patient waited (the provider's dashboard). */
function deps(
  side: string,
  peers: FakePeers,
  api: FakeApi,
  kept: IceConfig | null,
  media = fakeMedia(),
): CallDeps & { mediaTracks: ReturnType<typeof fakeTrack>[]; hide(): void } {
  const hideCallbacks = new Set<() => void>();
  let n = 0;
  const handoff: Handoff = {
    keptIceConfig: () => kept,
    iceConfigInFlight: () => null,
    keepIceConfig: () => undefined,
    usableIceConfig: () => true,
    iceRefreshInMs: () => Infinity,
    takeOpenedCamera: () => null,
    takeWarmCamera: () => null,
  };
  return {
    peers: peers.factory(side),
    clock: {
      now: () => Date.now(),
      wallNow: () => Date.now(),
      setTimer: (callback, ms) => {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      },
    },
    api,
    handoff,
    media,
    page: {
      onHide: (callback) => {
        hideCallbacks.add(callback);
        return () => void hideCallbacks.delete(callback);
      },
      onRestore: () => () => undefined,
    },
    newId: () => `${side}-${++n}`,
    mediaTracks: media.tracks,
    hide: () => hideCallbacks.forEach((cb) => cb()),
  };
}

function person(id: string, role: Participant["role"], admitted: boolean): Participant {
  return { id, role, name: id, label: role === "GUEST" ? "Spanish interpreter" : "", admitted: role === "PROVIDER" || admitted };
}

/** A provider and a patient in one visit; `patientFirst`: the patient has been in the room a while when the provider starts. */
async function visit(options: { patientStandby?: boolean; patientFirst?: boolean } = {}) {
  const channel = new FakeChannel();
  const peers = new FakePeers();
  const api = { doc: new FakeApi(), pat: new FakeApi() };
  const ended = { doc: 0, pat: 0 };
  const docDeps = deps("doc", peers, api.doc, ICE);
  const patDeps = deps("pat", peers, api.pat, null);
  const make = (role: "PROVIDER" | "PATIENT", d: CallDeps, standby = false) => {
    const self = role === "PROVIDER" ? DOC : PAT;
    const other = role === "PROVIDER" ? PAT : DOC;
    const options: CallSessionOptions = {
      appointmentId: VISIT,
      self: { id: self, role },
      remotes: [person(other, role === "PROVIDER" ? "PATIENT" : "PROVIDER", !standby)],
      transport: channel.join(self),
      standby,
      onEnded: () => void (role === "PROVIDER" ? ended.doc++ : ended.pat++),
    };
    return new CallSession(options, d);
  };
  let pat: CallSession | null = null;
  if (options.patientFirst) {
    pat = make("PATIENT", patDeps, options.patientStandby);
    pat.start();
    await advance(100);
  }
  const doc = make("PROVIDER", docDeps);
  doc.start();
  if (!pat) {
    pat = make("PATIENT", patDeps, options.patientStandby);
    pat.start();
  }
  const patient = pat;
  const remote = { doc: () => doc.getSnapshot().remotes[PAT]!, pat: () => patient.getSnapshot().remotes[DOC]! };
  return { channel, peers, api, ended, doc, pat: patient, remote, docDeps, patDeps, make };
}

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

describe("call engine: set-up", () => {
  it("connects both sides and reports CONNECTED once the candidates settle, with stats and the connection type", async () => {
    const { doc, pat, remote, api, channel } = await visit();
    const seen: string[] = [];
    doc.subscribe(() => seen.push(remote.doc().status));
    await advance(500);
    expect(remote.doc().status).toBe("connected");
    expect(remote.pat().status).toBe("connected");
    expect(remote.doc().firstConnectedAt).not.toBeNull();
    expect(seen).toContain("connected");
    // Signalling went through lib/signalling's outbox: hello, one description, candidates.
    expect(channel.kinds(DOC)).toContain("description");
    await advance(1100);
    expect(api.doc.connections).toEqual([
      { event: "CONNECTED", session: expect.any(String), localCandidateType: "host", remoteCandidateType: "host", peer: PAT },
    ]);
    expect(remote.doc().connectionType).toBe("direct");
    await advance(5000);
    expect(api.doc.quality.length).toBeGreaterThan(0);
    expect(api.doc.quality.every((q) => q.peer === PAT)).toBe(true);
    expect(remote.doc().sample?.localCandidateType).toBe("host");
    doc.stop();
    pat.stop();
  });

  it("the patient in standby answers the provider's offer on the peer it built while waiting; the view waits for the answer to leave", async () => {
    const { doc, pat, remote, peers, channel } = await visit({ patientStandby: true, patientFirst: true });
    await advance(1);
    expect(remote.pat().offered).toBe(false);
    // When the view first hears "offered", the patient's answer has already left.
    let answeredWhenOffered: boolean | null = null;
    pat.subscribe(() => {
      if (remote.pat().offered && answeredWhenOffered === null)
        answeredWhenOffered = channel.sent.some((s) => s.from === PAT && s.message.kind === "description");
    });
    await advance(500);
    expect(remote.pat().offered).toBe(true);
    expect(remote.pat().status).toBe("connected");
    expect(answeredWhenOffered).toBe(true);
    expect(peers.built.filter((p) => p.side === "pat")).toHaveLength(1);
    pat.admitted();
    doc.stop();
    pat.stop();
  });

  it("the provider offers before its camera is ready (sending slots), and the tracks join the running peer once it is", async () => {
    const { doc, pat, peers, remote } = await visit({ patientFirst: true });
    // Built within start(), with the kept ICE configuration, before getUserMedia answered.
    expect(peers.live("doc")?.mediaPending).toBe(true);
    expect(peers.live("doc")?.tracks).toBeNull();
    await advance(500);
    expect(remote.doc().status).toBe("connected");
    expect(peers.live("doc")?.tracks).toMatchObject({ audio: { kind: "audio" }, video: { kind: "video" } });
    doc.stop();
    pat.stop();
  });

  it("mute and chat travel over the data channel", async () => {
    const { doc, pat, remote } = await visit();
    await advance(500);
    doc.media.toggleMute();
    expect(remote.pat().media.muted).toBe(true);
    expect(pat.sendChat("Hello doctor")).toBe(true);
    expect(doc.getSnapshot().chat.map((l) => [l.text, l.mine])).toEqual([["Hello doctor", false]]);
    expect(pat.getSnapshot().chat.map((l) => [l.text, l.mine])).toEqual([["Hello doctor", true]]);
    doc.stop();
    pat.stop();
  });
});

describe("call engine: repairs", () => {
  it("a lost offer: the patient asks again and the provider's next offer connects", async () => {
    const { doc, pat, remote, channel, peers } = await visit({ patientFirst: true });
    let lost = 0;
    channel.lose = (from, m) => from === DOC && m.kind === "description" && lost++ === 0;
    await advance(3000);
    expect(remote.pat().status).toBe("connecting");
    await advance(6000);
    expect(lost).toBeGreaterThan(1);
    expect(remote.doc().status).toBe("connected");
    expect(remote.pat().status).toBe("connected");
    expect(peers.built.filter((p) => p.side === "doc").length).toBeGreaterThan(1);
    doc.stop();
    pat.stop();
  });

  it("a reload: the patient's page goes (bye) and comes back as a new session; the provider reconnects to it", async () => {
    const { doc, pat, remote, channel, api, make, patDeps } = await visit();
    await advance(1100);
    expect(remote.doc().status).toBe("connected");
    pat.stop(); // the page unloads: bye
    channel.leave(PAT);
    await advance(50);
    expect(remote.doc().status).toBe("reconnecting");
    expect(remote.doc().present).toBe(false);
    const again = make("PATIENT", patDeps);
    again.start();
    await advance(500);
    expect(remote.doc().status).toBe("connected");
    expect(remote.doc().present).toBe(true);
    expect(again.getSnapshot().remotes[DOC]?.status).toBe("connected");
    await advance(1100);
    expect(api.doc.connections.map((c) => c.event)).toEqual(["CONNECTED", "RECONNECTING", "RECONNECTED"]);
    doc.stop();
    again.stop();
  });

  it("ICE disconnected for the grace period: a fresh peer, RECONNECTING then RECONNECTED", async () => {
    const { doc, pat, remote, api, peers } = await visit();
    await advance(1600);
    const first = peers.live("doc")!;
    first.events.iceState("disconnected");
    expect(remote.doc().status).toBe("reconnecting");
    await advance(DISCONNECT_GRACE_MS - 100);
    expect(first.destroyed).toBe(false);
    await advance(200);
    expect(first.destroyed).toBe(true);
    await advance(1500);
    expect(remote.doc().status).toBe("connected");
    expect(peers.live("doc")).not.toBe(first);
    expect(api.doc.connections.map((c) => c.event)).toEqual(["CONNECTED", "RECONNECTING", "RECONNECTED"]);
    doc.stop();
    pat.stop();
  });

  it("ICE recovering by itself within the grace period keeps the same peer", async () => {
    const { doc, pat, remote, peers } = await visit();
    await advance(600);
    const first = peers.live("doc")!;
    first.events.iceState("disconnected");
    await advance(1000);
    first.events.iceState("connected");
    expect(remote.doc().status).toBe("connected");
    await advance(DISCONNECT_GRACE_MS);
    expect(first.destroyed).toBe(false);
    doc.stop();
    pat.stop();
  });

  it("a negotiation that gives up says so, then starts again with a fresh ICE configuration", async () => {
    const { doc, pat, remote, channel, api } = await visit({ patientFirst: true });
    let dropping = true;
    channel.lose = (from, m) => dropping && from === PAT && m.kind === "description";
    for (let i = 0; i < 200 && remote.doc().problem === null; i++) await advance(1000);
    expect(remote.doc().problem).toBe("The connection could not be set up. Trying again…");
    const before = api.doc.iceRequests;
    dropping = false;
    await advance(RESTART_AFTER_FAILURE_MS + 1000);
    expect(api.doc.iceRequests).toBe(before + 1);
    expect(remote.doc().status).toBe("connected");
    expect(remote.doc().problem).toBeNull();
    doc.stop();
    pat.stop();
  });
});

describe("call engine: end and sign-out", () => {
  it("the provider ends: the server is told, the patient's side ends by the data channel, peers and cameras go", async () => {
    const { doc, pat, remote, api, ended, peers, docDeps, patDeps } = await visit();
    await advance(500);
    const ending = doc.endVisit();
    await advance(300);
    expect(await ending).toBeNull();
    expect(api.doc.ended).toBe(1);
    expect(doc.getSnapshot().ended).toBe(true);
    expect(pat.getSnapshot().ended).toBe(true);
    expect(ended).toEqual({ doc: 1, pat: 1 });
    expect(peers.built.every((p) => p.destroyed)).toBe(true);
    expect([...docDeps.mediaTracks, ...patDeps.mediaTracks].every((t) => t.stopped)).toBe(true);
    // The summary keeps what it shows.
    expect(remote.doc().connectionType).toBe("direct");
    doc.stop();
    pat.stop();
  });

  it("the server saying the visit ended (markEnded) does the same without the data channel", async () => {
    const { doc, pat, peers } = await visit();
    await advance(500);
    pat.markEnded();
    expect(pat.getSnapshot().ended).toBe(true);
    expect(peers.built.filter((p) => p.side === "pat").every((p) => p.destroyed)).toBe(true);
    doc.stop();
    pat.stop();
  });

  it("sign-out (the page goes): bye, the peer destroyed, the camera off, and nothing sent afterwards", async () => {
    const { doc, pat, remote, channel, peers, patDeps } = await visit();
    await advance(500);
    patDeps.hide(); // pagehide: bye at once
    await advance(10);
    expect(channel.kinds(PAT).at(-1)).toBe("bye");
    pat.stop(); // unmount
    channel.leave(PAT);
    const sentBefore = channel.sent.filter((s) => s.from === PAT).length;
    await advance(30_000);
    expect(channel.sent.filter((s) => s.from === PAT).length).toBe(sentBefore);
    expect(peers.built.filter((p) => p.side === "pat").every((p) => p.destroyed)).toBe(true);
    expect(patDeps.mediaTracks.every((t) => t.stopped)).toBe(true);
    expect(remote.doc().status).toBe("reconnecting");
    expect(remote.doc().present).toBe(false);
    doc.stop();
  });
});

describe("call engine: warm connections (docs/decisions/0009)", () => {
  const WARM: IceConfig = { ...ICE, warmMax: 1 };

  /** Both sides before Admit: the patient checked in (standby), the provider's visit page open (standby). */
  /** `dashboard`: the provider's side is the dashboard's warm call (no camera until Admit; `preview` is the camera its preview holds). */
  async function warmVisit(options: { placesFree?: boolean; dashboard?: boolean } = {}) {
    const channel = new FakeChannel();
    const peers = new FakePeers();
    const api = { doc: new FakeApi(), pat: new FakeApi() };
    for (const a of Object.values(api)) a.iceServers = () => Promise.resolve({ ok: true as const, data: WARM });
    const places = new Map<string, () => void>();
    const docDeps = deps("doc", peers, api.doc, WARM);
    docDeps.handoff.holdWarmPlace = (id, max, admit) => {
      if (options.placesFree === false || places.size >= max) return null;
      places.set(id, admit);
      return () => void places.delete(id);
    };
    const preview = { audio: fakeTrack("audio"), video: fakeTrack("video"), taken: 0 };
    if (options.dashboard)
      docDeps.handoff.warmCameraVideo = () => (preview.taken === 0 ? (preview.video as unknown as MediaStreamTrack) : null);
    if (options.dashboard)
      docDeps.handoff.takeOpenedCamera = () =>
        preview.taken++ === 0
          ? ({
              getAudioTracks: () => [preview.audio],
              getVideoTracks: () => [preview.video],
              getTracks: () => [preview.audio, preview.video],
            } as unknown as MediaStream)
          : null;
    const patDeps = deps("pat", peers, api.pat, null);
    const make = (role: "PROVIDER" | "PATIENT", d: CallDeps) =>
      new CallSession(
        {
          appointmentId: VISIT,
          self: { id: role === "PROVIDER" ? DOC : PAT, role },
          remotes: [person(role === "PROVIDER" ? PAT : DOC, role === "PROVIDER" ? "PATIENT" : "PROVIDER", false)],
          transport: channel.join(role === "PROVIDER" ? DOC : PAT),
          standby: true,
          mediaAtAdmit: role === "PROVIDER" && options.dashboard,
        },
        d,
      );
    const pat = make("PATIENT", patDeps);
    pat.start();
    await advance(100);
    const doc = make("PROVIDER", docDeps);
    doc.start();
    const remote = { doc: () => doc.getSnapshot().remotes[PAT]!, pat: () => pat.getSnapshot().remotes[DOC]! };
    return { channel, peers, api, doc, pat, remote, places, preview, docDeps };
  }

  const descriptions = (channel: FakeChannel) => channel.sent.filter((s) => s.message.kind === "description").length;

  it("connects before Admit with no tracks on either side, reports nothing, and keeps the patient's view waiting", async () => {
    const { doc, pat, peers, remote, api, places } = await warmVisit();
    await advance(3000);
    const [docPeer, patPeer] = [peers.live("doc")!, peers.live("pat")!];
    expect(docPeer.connected && patPeer.connected).toBe(true);
    expect([docPeer.warm, patPeer.warm]).toEqual([true, true]);
    expect(docPeer.builtWith).toEqual({ audio: null, video: null });
    expect(patPeer.builtWith).toEqual({ audio: null, video: null });
    // The cameras are open, yet nothing was put on the senders; a mute toggle must not put them on either.
    doc.media.toggleMute();
    pat.media.toggleCamera();
    expect([docPeer.tracks, patPeer.tracks]).toEqual([null, null]);
    // Each camera is primed behind its closed gate: the encoders run, and nothing leaves.
    expect(docPeer.primed).toMatchObject({ kind: "video" });
    expect(patPeer.primed).toMatchObject({ kind: "video" });
    expect([docPeer.gateOpen, patPeer.gateOpen]).toEqual([false, false]);
    expect(api.doc.connections).toEqual([]);
    expect(api.pat.connections).toEqual([]);
    expect(api.doc.quality.length + api.pat.quality.length).toBe(0);
    expect(remote.pat()).toMatchObject({ warm: true, admitted: false, status: "connecting" });
    expect(remote.doc()).toMatchObject({ warm: true, admitted: false });
    expect(places.size).toBe(1);
    doc.stop();
    pat.stop();
  });

  it("Admit swaps the tracks in on both sides with no new offer or answer, and CONNECTED is recorded then", async () => {
    const { doc, pat, peers, remote, api, channel, places } = await warmVisit();
    await advance(3000);
    const before = descriptions(channel);
    places.get(VISIT)!(); // the click (admit-handoff's admit())
    expect(peers.live("doc")!.tracks).toMatchObject({ audio: { kind: "audio" }, video: { kind: "video" } });
    expect([peers.live("doc")!.gateOpen, peers.live("pat")!.gateOpen]).toEqual([true, true]);
    // The provider's "admit" went over the data channel: the patient's tracks are on too, its view switches.
    expect(peers.live("pat")!.tracks).toMatchObject({ audio: { kind: "audio" }, video: { kind: "video" } });
    expect(remote.pat()).toMatchObject({ warm: false, admitted: true, status: "connected" });
    expect(remote.doc()).toMatchObject({ warm: false, admitted: true, status: "connected" });
    expect(places.size).toBe(0);
    doc.admitted();
    pat.admitted();
    await advance(1100);
    expect(descriptions(channel)).toBe(before);
    expect(peers.built).toHaveLength(2);
    expect(api.doc.connections).toEqual([expect.objectContaining({ event: "CONNECTED", localCandidateType: "host" })]);
    expect(api.pat.connections).toEqual([expect.objectContaining({ event: "CONNECTED" })]);
    doc.stop();
    pat.stop();
  });

  it("past the cap the provider waits for Admit and then negotiates as before, tracks in the offer", async () => {
    const { doc, pat, peers, remote, channel, api } = await warmVisit({ placesFree: false });
    await advance(3000);
    expect(peers.built.filter((p) => p.side === "doc")).toHaveLength(0);
    expect(descriptions(channel)).toBe(0);
    doc.admitted();
    await advance(1500);
    expect(peers.live("doc")!.warm).toBe(false);
    expect(remote.doc().status).toBe("connected");
    // The patient's peer was built warm; the provider's "admit" on connecting puts its tracks on.
    expect(peers.live("pat")!.tracks).toMatchObject({ audio: { kind: "audio" } });
    expect(remote.pat()).toMatchObject({ warm: false, admitted: true });
    expect(api.doc.connections.map((c) => c.event)).toEqual(["CONNECTED"]);
    doc.stop();
    pat.stop();
  });

  it("a warm patient admitted by the server before the offer comes (a dashboard Admit) puts its tracks on with its answer", async () => {
    const { doc, pat, peers, remote } = await warmVisit({ placesFree: false });
    await advance(3000);
    expect(peers.live("pat")!.warm).toBe(true);
    pat.admitted(); // the server's visit-state reaches the patient first: no transceivers to fill yet
    expect(peers.live("pat")!.tracks).toBeNull();
    doc.admitted(); // the provider's offer follows
    await advance(1500);
    expect(remote.doc().status).toBe("connected");
    expect(peers.live("pat")!.tracks).toMatchObject({ audio: { kind: "audio" }, video: { kind: "video" } });
    doc.stop();
    pat.stop();
  });

  it("the dashboard's warm call opens no camera before Admit; the click takes the preview's camera and puts it on at once", async () => {
    const { doc, pat, peers, remote, channel, places, preview, docDeps } = await warmVisit({ dashboard: true });
    await advance(3000);
    expect(peers.live("doc")!.connected && peers.live("doc")!.warm).toBe(true);
    expect(preview.taken).toBe(0); // the preview keeps its camera while the patient waits
    expect(docDeps.mediaTracks).toHaveLength(0); // and no camera of the call's own
    expect(doc.getSnapshot().local.ready).toBe(false);
    expect(peers.live("doc")!.primed).toBe(preview.video); // the preview's camera primes the encoder, not taken
    const before = descriptions(channel);
    places.get(VISIT)!(); // the click
    expect(peers.live("doc")!.tracks).toEqual({ audio: preview.audio, video: preview.video });
    expect(peers.live("pat")!.tracks).toMatchObject({ audio: { kind: "audio" }, video: { kind: "video" } });
    expect(remote.pat()).toMatchObject({ warm: false, admitted: true, status: "connected" });
    // The call view takes the session over: its end goes there, and nothing is opened twice.
    const ended: string[] = [];
    doc.adopt({ onEnded: () => ended.push("view") });
    doc.admitted();
    await advance(1100);
    expect(docDeps.mediaTracks).toHaveLength(0);
    expect(descriptions(channel)).toBe(before);
    const ending = doc.endVisit();
    await advance(300);
    expect(await ending).toBeNull();
    expect(ended).toEqual(["view"]);
    expect(preview.audio.stopped && preview.video.stopped).toBe(true); // the call owned the preview's camera
    pat.stop();
  });

  it("a dashboard call past the cap stays cold and camera-less; adopted at Admit, it opens the camera and negotiates", async () => {
    const { doc, pat, peers, remote, channel } = await warmVisit({ dashboard: true, placesFree: false });
    await advance(3000);
    expect(peers.built.filter((p) => p.side === "doc")).toHaveLength(0);
    doc.adopt({});
    doc.admitted();
    await advance(1500);
    expect(remote.doc().status).toBe("connected");
    const docPeer = peers.live("doc")!;
    expect(docPeer.tracks ?? docPeer.builtWith).toMatchObject({ audio: { kind: "audio" }, video: { kind: "video" } });
    expect(descriptions(channel)).toBeGreaterThan(0);
    doc.stop();
    pat.stop();
  });

  it("a warm peer that breaks before Admit is rebuilt warm, and Admit still needs no offer", async () => {
    const { doc, pat, peers, remote, channel, places } = await warmVisit();
    await advance(3000);
    peers.live("pat")!.destroy();
    await advance(8000);
    const [docPeer, patPeer] = [peers.live("doc")!, peers.live("pat")!];
    expect(peers.built.length).toBeGreaterThan(2);
    expect(docPeer.connected && patPeer.connected && docPeer.warm && patPeer.warm).toBe(true);
    const before = descriptions(channel);
    places.get(VISIT)!();
    expect(remote.pat().admitted).toBe(true);
    expect(patPeer.tracks).toMatchObject({ video: { kind: "video" } });
    await advance(500);
    expect(descriptions(channel)).toBe(before);
    doc.stop();
    pat.stop();
  });
});

describe("call engine: three or four people, one peer per pair (issue 16)", () => {
  const INT = "guest-int";
  const CARE = "guest-care";
  type Who = { id: string; role: Participant["role"] };
  const doc: Who = { id: DOC, role: "PROVIDER" };
  const pat: Who = { id: PAT, role: "PATIENT" };
  const int: Who = { id: INT, role: "GUEST" };
  const care: Who = { id: CARE, role: "GUEST" };

  /** Everyone in one visit, each with its own session (sides named by user id); `waiting` are checked in, not admitted. */
  function mesh(people: Who[], options: { waiting?: string[] } = {}) {
    const channel = new FakeChannel();
    const peers = new FakePeers();
    const api: Record<string, FakeApi> = {};
    const sessions: Record<string, CallSession> = {};
    const admitted = new Set(people.map((p) => p.id).filter((id) => !options.waiting?.includes(id)));
    const listFor = (self: Who) => people.filter((p) => p.id !== self.id).map((p) => person(p.id, p.role, admitted.has(p.id)));
    const views: Record<string, CallPeersView> = {};
    const make = (who: Who) => {
      const a = (api[who.id] = new FakeApi());
      const d = deps(who.id, peers, a, ICE);
      d.exposeForTests = (view) => {
        views[who.id] = view;
        return () => void delete views[who.id];
      };
      const session = new CallSession(
        {
          appointmentId: VISIT,
          self: who,
          remotes: listFor(who),
          transport: channel.join(who.id),
          standby: who.role !== "PROVIDER" && !admitted.has(who.id),
          onEnded: () => undefined,
        },
        d,
      );
      sessions[who.id] = session;
      session.start();
      return session;
    };
    for (const who of people) make(who);
    const get = (id: string) => sessions[id]!;
    const remote = (a: string, b: string) => get(a).getSnapshot().remotes[b];
    /** The provider's Admit of `id`: the server's word reaches every page. */
    const admit = (id: string) => {
      admitted.add(id);
      for (const who of people) {
        if (who.id === id) get(id).admitted();
        else get(who.id).setParticipants(listFor(who));
      }
    };
    const pairs = () => people.flatMap((a) => people.filter((b) => b.id !== a.id).map((b) => [a.id, b.id] as const));
    const stopAll = () => Object.values(sessions).forEach((x) => x.stop());
    return { channel, peers, api, get, remote, make, admit, pairs, listFor, stopAll, views };
  }

  /** Most signals `user`'s tab sent in any sliding second: what hosted Pusher compares with 10. */
  function peakPerSecond(channel: FakeChannel, user: string): number {
    const at = channel.sent.filter((s) => s.from === user).map((s) => s.at);
    return Math.max(0, ...at.map((t) => at.filter((o) => o > t - 1000 && o <= t).length));
  }

  const offersBy = (channel: FakeChannel) =>
    channel.sent
      .filter((s) => s.message.kind === "description" && s.message.type === "offer")
      .map((s) => `${s.from}->${s.message.for}`)
      .filter((v, i, all) => all.indexOf(v) === i)
      .sort();

  it("three people: every pair connects on its own peer, the pair rule says who offers, and every signal names its recipient", async () => {
    const m = mesh([doc, pat, int]);
    await advance(3000);
    for (const [a, b] of m.pairs()) expect([a, b, m.remote(a, b)?.status]).toEqual([a, b, "connected"]);
    for (const [a, b] of m.pairs()) expect(m.peers.pair(a, b)).toHaveLength(1);
    expect(offersBy(m.channel)).toEqual([`${DOC}->${INT}`, `${DOC}->${PAT}`, `${PAT}->${INT}`].sort());
    expect(m.channel.sent.every((s) => s.message.for !== undefined && s.message.for !== s.from)).toBe(true);
    // The snapshot says who each remote is.
    expect(m.remote(PAT, INT)).toMatchObject({ name: INT, role: "GUEST", label: "Spanish interpreter" });
    expect(m.remote(INT, DOC)).toMatchObject({ name: DOC, role: "PROVIDER" });
    // Chat reaches everyone once; reports name the pair.
    expect(m.get(INT).sendChat("Hola")).toBe(true);
    expect(
      m
        .get(DOC)
        .getSnapshot()
        .chat.map((l) => l.text),
    ).toEqual(["Hola"]);
    expect(
      m
        .get(PAT)
        .getSnapshot()
        .chat.map((l) => l.text),
    ).toEqual(["Hola"]);
    await advance(1100);
    expect(m.api[DOC]!.connections.map((c) => `${c.event}:${c.peer}`).sort()).toEqual([`CONNECTED:${INT}`, `CONNECTED:${PAT}`]);
    expect(m.api[INT]!.connections.map((c) => `${c.event}:${c.peer}`).sort()).toEqual([`CONNECTED:${DOC}`, `CONNECTED:${PAT}`]);
    await advance(5000);
    expect(new Set(m.api[PAT]!.quality.map((q) => q.peer))).toEqual(new Set([DOC, INT]));
    m.stopAll();
  });

  it("the test hook sees every pair's current peer by remote user id, and the primary pair is the one with the provider (or patient)", async () => {
    const m = mesh([doc, pat, int]);
    await advance(2000);
    const docPeers = m.views[DOC]!.peers();
    expect(Object.keys(docPeers).sort()).toEqual([INT, PAT].sort());
    expect(docPeers[INT]?.session).toEqual(expect.any(String));
    expect(docPeers[INT]?.session).not.toBe(docPeers[PAT]?.session);
    expect(m.views[DOC]!.primary()).toEqual(docPeers[PAT]);
    expect(m.views[INT]!.primary()).toEqual(m.views[INT]!.peers()[DOC]);
    expect(m.views[PAT]!.primary()).toEqual(m.views[PAT]!.peers()[DOC]);
    m.stopAll();
    expect(m.views).toEqual({});
  });

  it("four people set up at once: every pair connects, and no tab sends more than 8 signals in any second", async () => {
    const m = mesh([doc, pat, int, care]);
    await advance(6000);
    for (const [a, b] of m.pairs()) expect([a, b, m.remote(a, b)?.status]).toEqual([a, b, "connected"]);
    expect(offersBy(m.channel)).toEqual(
      [`${DOC}->${PAT}`, `${DOC}->${INT}`, `${DOC}->${CARE}`, `${PAT}->${INT}`, `${PAT}->${CARE}`, `${CARE}->${INT}`].sort(),
    );
    const peaks = [DOC, PAT, INT, CARE].map((id) => peakPerSecond(m.channel, id));
    expect(Math.max(...peaks)).toBeLessThanOrEqual(8);
    // Three pairs from one tab do need more than one pair's worth of the window: the sharing is what held them.
    expect(m.channel.sent.filter((s) => s.from === DOC).length).toBeGreaterThan(8);
    m.stopAll();
  });

  it("a guest's reload rebuilds only that guest's pairs: the patient-provider pair keeps its peers and reports nothing", async () => {
    const m = mesh([doc, pat, int]);
    await advance(2000);
    const docToPat = m.peers.live(DOC, PAT)!;
    const patToDoc = m.peers.live(PAT, DOC)!;
    const reportsBefore = { doc: m.api[DOC]!.connections.length, pat: m.api[PAT]!.connections.length };
    m.get(INT).stop(); // the interpreter's page unloads: bye to each of their pairs
    m.channel.leave(INT);
    await advance(100);
    expect(m.remote(DOC, INT)?.status).toBe("reconnecting");
    expect(m.remote(PAT, INT)?.status).toBe("reconnecting");
    m.make(int); // and comes back as new sessions
    await advance(3000);
    for (const [a, b] of m.pairs()) expect([a, b, m.remote(a, b)?.status]).toEqual([a, b, "connected"]);
    expect(m.peers.pair(DOC, PAT)).toEqual([docToPat]);
    expect(m.peers.pair(PAT, DOC)).toEqual([patToDoc]);
    expect(docToPat.destroyed || patToDoc.destroyed).toBe(false);
    expect(m.peers.pair(DOC, INT).length).toBeGreaterThan(1);
    expect(m.peers.pair(PAT, INT).length).toBeGreaterThan(1);
    const newReports = (id: string, before: number) => m.api[id]!.connections.slice(before).map((c) => c.peer);
    expect(newReports(DOC, reportsBefore.doc).every((peer) => peer === INT)).toBe(true);
    expect(newReports(PAT, reportsBefore.pat).every((peer) => peer === INT)).toBe(true);
    expect(m.remote(DOC, PAT)?.status).toBe("connected");
    m.stopAll();
  });

  it("one pair's ICE failure rebuilds that pair only", async () => {
    const m = mesh([doc, pat, int]);
    await advance(2000);
    const docToPat = m.peers.live(DOC, PAT)!;
    const docToInt = m.peers.live(DOC, INT)!;
    docToInt.events.iceState("disconnected");
    await advance(DISCONNECT_GRACE_MS + 2000);
    expect(docToInt.destroyed).toBe(true);
    expect(m.remote(DOC, INT)?.status).toBe("connected");
    expect(m.peers.pair(DOC, PAT)).toEqual([docToPat]);
    expect(docToPat.destroyed).toBe(false);
    m.stopAll();
  });

  it("a guest waiting to be let in: the provider's pair waits in standby, the patient's pair does not run; Admit connects both", async () => {
    const m = mesh([doc, pat, int], { waiting: [INT] });
    await advance(3000);
    expect(m.remote(DOC, PAT)?.status).toBe("connected");
    expect(m.peers.pair(DOC, INT)).toHaveLength(0); // no offer before Admit (and never warm for a guest)
    expect(m.peers.pair(PAT, INT)).toHaveLength(0);
    expect(m.peers.pair(INT, PAT)).toHaveLength(0);
    expect(m.peers.pair(INT, DOC).every((p) => !p.warm)).toBe(true); // ready to answer the provider, as a patient is
    expect(m.remote(DOC, INT)).toMatchObject({ admitted: false, warm: false });
    expect(m.remote(PAT, INT)).toMatchObject({ admitted: false });
    m.admit(INT);
    await advance(3000);
    for (const [a, b] of m.pairs()) expect([a, b, m.remote(a, b)?.status]).toEqual([a, b, "connected"]);
    expect(m.remote(PAT, INT)?.admitted).toBe(true);
    m.stopAll();
  });

  it("setParticipants passes a new name or label to the snapshot without touching the pair's peer", async () => {
    const m = mesh([doc, pat, int]);
    await advance(2000);
    const peer = m.peers.live(DOC, INT)!;
    m.get(DOC).setParticipants(m.listFor(doc).map((p) => (p.id === INT ? { ...p, name: "Maria Garcia", label: "Caregiver" } : p)));
    expect(m.remote(DOC, INT)).toMatchObject({ name: "Maria Garcia", label: "Caregiver", role: "GUEST", status: "connected" });
    expect(m.peers.pair(DOC, INT)).toEqual([peer]);
    m.stopAll();
  });

  it("a guest removed from the list: their links go on every side, and their later signals are dropped", async () => {
    const m = mesh([doc, pat, int]);
    await advance(2000);
    const docToInt = m.peers.live(DOC, INT)!;
    for (const who of [doc, pat]) m.get(who.id).setParticipants(m.listFor(who).filter((p) => p.id !== INT));
    expect(Object.keys(m.get(DOC).getSnapshot().remotes)).toEqual([PAT]);
    expect(Object.keys(m.get(PAT).getSnapshot().remotes)).toEqual([DOC]);
    await advance(100);
    expect(docToInt.destroyed).toBe(true);
    const built = { doc: m.peers.pair(DOC, INT).length, pat: m.peers.pair(PAT, INT).length };
    // The removed guest's page is still trying (a new session says hello to everyone): nobody listens.
    m.get(INT).stop();
    m.make(int);
    await advance(10_000);
    expect(m.peers.pair(DOC, INT)).toHaveLength(built.doc);
    expect(m.peers.pair(PAT, INT)).toHaveLength(built.pat);
    expect(m.peers.built.filter((p) => p.remoteUser === INT).every((p) => p.destroyed)).toBe(true);
    expect(m.remote(DOC, PAT)?.status).toBe("connected");
    m.stopAll();
  });

  it("only the provider says admit and end; the provider's end ends the call for the patient and the guest", async () => {
    const m = mesh([doc, pat, int]);
    await advance(2000);
    // Someone other than the provider saying "end" (a guest never does) is ignored.
    m.peers.live(PAT, INT)!.events.data(JSON.stringify({ t: "end" }));
    expect(m.get(PAT).getSnapshot().ended).toBe(false);
    const ending = m.get(DOC).endVisit();
    await advance(300);
    expect(await ending).toBeNull();
    expect(m.get(PAT).getSnapshot().ended).toBe(true);
    expect(m.get(INT).getSnapshot().ended).toBe(true);
    const said = (t: string) => m.peers.built.filter((p) => p.sentData.some((d) => d.includes(`"t":"${t}"`))).map((p) => p.user);
    expect(new Set(said("admit"))).toEqual(new Set([DOC]));
    expect(new Set(said("end"))).toEqual(new Set([DOC]));
    m.stopAll();
  });
});
