// Real simple-peer calls (wrtc in Node) whose signals travel only as client events through pusher-js
// and the local Pusher-protocol server with hosted Pusher's limits on (10 KB per event, 10 client
// events per second per connection). The initiator asks for audio and video like a browser call does:
// with the default bundle policy that gathers candidates per m-line, a burst of ~13 signals in a few ms.

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import SimplePeer from "simple-peer";
import type PusherJS from "pusher-js";
import type { Channel } from "pusher-js";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { offers, type PairSide } from "@/lib/call-engine/pair-rule";
import { channels } from "@/lib/realtime/channels";
import type { SignalMessage } from "@/lib/signalling/messages";
import type { Phase } from "@/lib/signalling/negotiation";
import { Pacer } from "@/lib/signalling/pacer";
import {
  SIGNAL_EVENT,
  attachSimplePeer,
  startSignalling,
  type SignalChannel,
  type SignallingOptions,
} from "@/lib/signalling/pusher-transport";
import type { LocalPusher } from "@/lib/local-pusher/config";
import { APP, Harness, Recorder, once, startHarness, subscribe } from "./local-pusher/harness";

// The package's ESM named exports are incomplete (no RTCPeerConnection); require gives the real object.
const wrtc = createRequire(import.meta.url)("@roamhq/wrtc") as typeof import("@roamhq/wrtc");

const HOSTED_LIMITS = { maxEventBytes: 10 * 1024, maxClientEventsPerSecond: 10 };
const VISIT = channels.visit("appt-signalling");

interface PusherErrorEvent {
  type?: string;
  data?: { code?: number | null; message?: string };
}

function newPeer(initiator: boolean): SimplePeer.Instance {
  const peer = new SimplePeer({ initiator, wrtc, config: { iceServers: [] } });
  if (initiator) {
    peer.addTransceiver("audio", { direction: "recvonly" });
    peer.addTransceiver("video", { direction: "recvonly" });
  }
  onTestFinished(() => peer.destroy());
  return peer;
}

/** One participant: a pusher-js client on the visit channel; counts what it triggers and every pusher:error. */
async function participant(h: Harness, id: string) {
  const pusher: PusherJS = await h.client({ id });
  const errors = new Recorder<PusherErrorEvent>();
  pusher.connection.bind("error", (error: PusherErrorEvent) => errors.push(error));
  const channel: Channel = await subscribe(pusher, VISIT);
  const sent: { at: number; data: unknown }[] = [];
  return { id, pusher, channel, errors, sent };
}

type Participant = Awaited<ReturnType<typeof participant>>;

/**
 * The SignalChannel the signalling layer gets: counts triggers, and can lose some on purpose. It names its
 * pusher-js connection (`pusher`, as a real channel does), so every signalling of one participant shares
 * the connection's pacing window (pacerFor).
 */
function counted(p: Participant, lose: (message: SignalMessage) => boolean = () => false): SignalChannel & { pusher: PusherJS } {
  return {
    pusher: p.pusher,
    trigger: (event, data) => {
      p.sent.push({ at: performance.now(), data });
      return lose(data as SignalMessage) ? true : p.channel.trigger(event, data);
    },
    bind: (event, callback) => p.channel.bind(event, callback),
    unbind: (event, callback) => p.channel.unbind(event, callback),
  };
}

/** Joins the call through startSignalling; resolves with the peer that connected. */
function join(p: Participant, initiator: boolean, overrides: Partial<SignallingOptions> & { lose?: (m: SignalMessage) => boolean } = {}) {
  const peers: SimplePeer.Instance[] = [];
  const phases: Phase[] = [];
  const emitted = { candidates: 0 };
  let connected!: (peer: SimplePeer.Instance) => void;
  const ready = new Promise<SimplePeer.Instance>((resolve) => (connected = resolve));
  const signalling = startSignalling({
    channel: counted(p, overrides.lose),
    userId: p.id,
    initiator,
    createPeer: (sink) => {
      const peer = newPeer(initiator);
      peers.push(peer);
      peer.on("connect", () => connected(peer));
      peer.on("signal", (data: SimplePeer.SignalData) => void (data.type === "candidate" && emitted.candidates++));
      return attachSimplePeer(peer, sink);
    },
    onPhase: (phase) => phases.push(phase),
    ...overrides,
  });
  onTestFinished(() => signalling.stop());
  return { signalling, peers, phases, ready, emitted };
}

/** A data-channel round trip proves the call is up end to end. */
async function roundTrip(a: SimplePeer.Instance, b: SimplePeer.Instance): Promise<void> {
  b.once("data", (data: Uint8Array) => b.send(`pong:${new TextDecoder().decode(data)}`));
  const reply = new Promise<string>((resolve) => a.once("data", (data: Uint8Array) => resolve(new TextDecoder().decode(data))));
  a.send("ping");
  expect(await reply).toBe("pong:ping");
}

/**
 * Waits until the outboxes have sent everything (batches and paced events may still be queued when the
 * call is already up), then until every frame the server sent before now reached both clients.
 */
async function settle(h: Harness, sides: { signalling: { stats(): { queued: number } } }[], ...ps: Participant[]): Promise<void> {
  await vi.waitFor(() => expect(sides.map((s) => s.signalling.stats().queued)).toEqual(sides.map(() => 0)), {
    timeout: 3000,
    interval: 10,
  });
  const arrived = ps.map((p) => once(p.channel, "settle"));
  await h.rest().trigger(VISIT, "settle", {});
  await Promise.all(arrived);
}

function kindsSent(p: Participant): string[] {
  return p.sent.map((s) => (s.data as SignalMessage).kind);
}

/** Resolves once no candidate has been gathered for `ms` (wrtc adds TCP candidates ~100 ms after UDP ones). */
async function gatheringDone(...counters: { candidates: number }[]): Promise<void> {
  const total = () => counters.reduce((sum, c) => sum + c.candidates, 0);
  for (let last = -1; last !== total();) {
    last = total();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/**
 * Most events in any sliding second, the number hosted Pusher compares with 10. `windowMs` a hair under
 * 1000 allows for these timestamps being taken a fraction of a millisecond after the pacer's own.
 */
function peakPerSecond(p: Participant, windowMs = 1000): number {
  return Math.max(0, ...p.sent.map((s) => p.sent.filter((o) => o.at > s.at - windowMs && o.at <= s.at).length));
}

const log = (line: string) => process.stdout.write(`[signalling-limits] ${line}\n`);

describe("signalling through Pusher with hosted limits", () => {
  it("sets up a call with no pusher:error on either side, in a handful of client events", async () => {
    const h = await startHarness(HOSTED_LIMITS);
    const doc = await participant(h, "doc");
    const pat = await participant(h, "pat");
    const t0 = performance.now();
    const provider = join(doc, true);
    const patient = join(pat, false);
    const [docPeer, patPeer] = await Promise.all([provider.ready, patient.ready]);
    const connectMs = performance.now() - t0;
    await roundTrip(docPeer, patPeer);
    await gatheringDone(provider.emitted, patient.emitted); // count the whole setup, late candidates included
    await settle(h, [provider, patient], doc, pat);

    expect(doc.errors.items).toEqual([]);
    expect(pat.errors.items).toEqual([]);
    expect(provider.signalling.state().phase).toBe("connected");
    expect(patient.signalling.state().phase).toBe("connected");
    expect(provider.peers.length).toBe(1);
    expect(patient.peers.length).toBe(1);
    // hello, offer, a candidate batch per gathering burst; the patient also answers the provider's hello.
    expect(kindsSent(doc).filter((k) => k === "description")).toEqual(["description"]);
    expect(kindsSent(pat).filter((k) => k === "description")).toEqual(["description"]);
    expect(doc.sent.length).toBeLessThanOrEqual(5);
    expect(pat.sent.length).toBeLessThanOrEqual(6);
    expect(peakPerSecond(doc)).toBeLessThanOrEqual(8);
    const candidatesSent = doc.sent.flatMap((s) => {
      const m = s.data as SignalMessage;
      return m.kind === "candidates" ? m.candidates : [];
    });
    // Every candidate the peer trickled went out, batched: raw trickle would have sent each on its own.
    // (The first of a burst leaves at once and the rest together, so how many messages depends on timing.)
    expect(candidatesSent.length).toBe(provider.emitted.candidates);
    expect(candidatesSent.length).toBeGreaterThanOrEqual(3);
    expect(kindsSent(doc).filter((k) => k === "candidates").length).toBeLessThan(candidatesSent.length);
    log(
      `setup: ${connectMs.toFixed(0)} ms; provider sent ${doc.sent.length} [${kindsSent(doc).join(", ")}] carrying ${candidatesSent.length} candidates; patient sent ${pat.sent.length} [${kindsSent(pat).join(", ")}]; largest event ${provider.signalling.stats().largest} B`,
    );
  });

  it("comes up through a fresh offer when the first offer is lost", async () => {
    const h = await startHarness(HOSTED_LIMITS);
    const doc = await participant(h, "doc");
    const pat = await participant(h, "pat");
    let offers = 0;
    const lose = (m: SignalMessage) => m.kind === "description" && m.type === "offer" && offers++ === 0;
    const negotiation = { offerTimeoutMs: 600, answerTimeoutMs: 1500 };
    const t0 = performance.now();
    const provider = join(doc, true, { lose, negotiation });
    const patient = join(pat, false, { negotiation });
    const [docPeer, patPeer] = await Promise.all([provider.ready, patient.ready]);
    const connectMs = performance.now() - t0;
    await roundTrip(docPeer, patPeer);
    await settle(h, [provider, patient], doc, pat);

    expect(offers).toBe(2);
    expect(provider.peers.length).toBe(2); // rebuilt for the second offer
    expect(provider.peers[0]?.destroyed).toBe(true);
    expect(patient.peers.length).toBe(1); // its peer never got the lost offer, so it was reused
    expect(kindsSent(pat)).toContain("restart");
    expect(doc.errors.items).toEqual([]);
    expect(pat.errors.items).toEqual([]);
    expect(connectMs).toBeGreaterThan(600);
    log(
      `lost offer: connected after ${connectMs.toFixed(0)} ms; provider sent [${kindsSent(doc).join(", ")}], patient sent [${kindsSent(pat).join(", ")}]`,
    );
  });

  it("splits SDPs and candidate batches to fit a 1 KB event limit, paced, and still connects", async () => {
    const h = await startHarness({ ...HOSTED_LIMITS, maxEventBytes: 1024 });
    const doc = await participant(h, "doc");
    const pat = await participant(h, "pat");
    const outbox = { maxBytes: 1000 };
    const t0 = performance.now();
    const provider = join(doc, true, { outbox });
    const patient = join(pat, false, { outbox });
    const [docPeer, patPeer] = await Promise.all([provider.ready, patient.ready]);
    const connectMs = performance.now() - t0;
    await roundTrip(docPeer, patPeer);
    await settle(h, [provider, patient], doc, pat);

    const parts = doc.sent.map((s) => s.data as SignalMessage).filter((m) => m.kind === "description");
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((m) => m.kind === "description" && m.parts === parts.length)).toBe(true);
    expect(provider.signalling.stats().largest).toBeLessThanOrEqual(1000);
    expect(doc.errors.items).toEqual([]);
    expect(pat.errors.items).toEqual([]);
    expect(peakPerSecond(doc)).toBeLessThanOrEqual(8);
    log(
      `1 KB limit: connected after ${connectMs.toFixed(0)} ms; provider sent ${doc.sent.length} [${kindsSent(doc).join(", ")}] (offer in ${parts.length} parts), patient sent ${pat.sent.length} [${kindsSent(pat).join(", ")}]`,
    );
  });

  it("without the outbox, sending every simple-peer signal as it comes, the server rejects with 4301", async () => {
    const h = await startHarness(HOSTED_LIMITS);
    const doc = await participant(h, "doc");
    const pat = await participant(h, "pat");
    const docPeer = newPeer(true);
    const patPeer = newPeer(false);
    // The naive wiring: one client event per signal, immediately.
    const received = { doc: 0, pat: 0 };
    for (const [peer, p] of [
      [docPeer, doc],
      [patPeer, pat],
    ] as const) {
      peer.on("signal", (data: SimplePeer.SignalData) => {
        p.sent.push({ at: performance.now(), data });
        p.channel.trigger(SIGNAL_EVENT, data);
      });
      peer.on("error", () => {}); // lost candidates may fail the call; that is not what this test is about
      p.channel.bind(SIGNAL_EVENT, (data: SimplePeer.SignalData) => {
        received[p.id === "doc" ? "doc" : "pat"]++;
        if (!peer.destroyed && "type" in data) peer.signal(data);
      });
    }
    // Gathering takes a few ms here; by then the offer and every candidate went out, one event each.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const natural = doc.sent.length > HOSTED_LIMITS.maxClientEventsPerSecond;
    if (!natural) {
      // Fewer network interfaces than expected, so no natural burst: prove the limit is live with 12 quick events.
      for (let i = 0; i < 12; i++) doc.channel.trigger(SIGNAL_EVENT, { burst: i });
    }
    await doc.errors.waitFor(1, 3000);
    await settle(h, [], doc, pat);
    const codes = doc.errors.items.map((e) => e.data?.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => code === 4301)).toBe(true);
    const triggered = natural ? doc.sent.length : doc.sent.length + 12;
    // Exactly the events beyond 10 in the second were dropped; the patient never saw them.
    expect(codes.length).toBe(triggered - HOSTED_LIMITS.maxClientEventsPerSecond);
    expect(received.pat).toBe(HOSTED_LIMITS.maxClientEventsPerSecond);
    log(
      `raw: provider sent ${doc.sent.length} events in ${(Math.max(...doc.sent.map((s) => s.at)) - Math.min(...doc.sent.map((s) => s.at))).toFixed(1)} ms, ${codes.length} rejected with 4301 (${natural ? "naturally" : "after a constructed burst"}); the patient got ${received.pat}, and its peer sent ${pat.sent.length}`,
    );
  });
});

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The local Pusher server in a process of its own (scripts/local-pusher.ts, hosted limits by default), as
 * hosted Pusher is: it counts client events as they arrive. In this process its clock would stop whenever
 * the twelve wrtc peers keep the event loop busy (100-700 ms here on a shared machine), and it would then
 * read events sent a second apart as one bunch, which no sender-side pacing can prevent.
 */
async function startHarnessOutOfProcess(): Promise<Harness> {
  const child = spawn(`${ROOT}node_modules/.bin/tsx`, ["scripts/local-pusher.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PUSHER_APP_ID: APP.appId,
      PUSHER_KEY: APP.key,
      PUSHER_SECRET: APP.secret,
      LOCAL_PUSHER_PORT: "0",
      PUSHER_WEBHOOK_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`local-pusher did not start: ${out}`)), 30_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const ready = / ready - WebSocket ws:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    void exited.then(() => reject(new Error(`local-pusher exited: ${out}`)));
  });
  const server: LocalPusher = {
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
  const harness = new Harness(server);
  onTestFinished(() => harness.cleanup());
  return harness;
}

/**
 * A call of four (provider, patient, two guests): one peer per pair, six pairs, all negotiating at once,
 * each tab running three signallings on its one pusher-js connection, as the call engine does (the pair
 * rule says who offers; signals are addressed `for` the pair's remote).
 */
describe("four people, one peer per pair, through Pusher with hosted limits", () => {
  const people: PairSide[] = [
    { id: "doc", role: "PROVIDER" },
    { id: "pat", role: "PATIENT" },
    { id: "g-a", role: "GUEST" },
    { id: "g-b", role: "GUEST" },
  ];

  /** Every ordered pair's signalling; `ownPacers`: each pair paces itself alone (before issue 16's shared window). */
  async function fourPeople(options: { ownPacers?: boolean } = {}) {
    const h = await startHarnessOutOfProcess();
    const ps = new Map<string, Participant>();
    for (const person of people) ps.set(person.id, await participant(h, person.id));
    const t0 = performance.now();
    const links = people.flatMap((self) =>
      people
        .filter((remote) => remote.id !== self.id)
        .map((remote) => {
          const p = ps.get(self.id)!;
          const initiator = offers(self, remote);
          const link = join(p, initiator, {
            remoteId: remote.id,
            responderPresent: initiator, // everyone is on the channel already: the offer goes at once
            ...(options.ownPacers ? { pacer: new Pacer() } : {}),
          });
          return { self: self.id, remote: remote.id, ...link };
        }),
    );
    return { h, ps, links, t0 };
  }

  it("sets up all six pairs at once with not one 4301, no tab above 8 client events in any second", async () => {
    const { h, ps, links, t0 } = await fourPeople();
    const connected = await Promise.all(links.map((l) => l.ready));
    const connectMs = performance.now() - t0;
    // A data-channel round trip on every pair, each from its offering side.
    for (const [i, l] of links.entries()) {
      if (
        !offers(
          people.find((p) => p.id === l.self)!,
          people.find((p) => p.id === l.remote)!,
        )
      )
        continue;
      const back = links.findIndex((o) => o.self === l.remote && o.remote === l.self);
      await roundTrip(connected[i]!, connected[back]!);
    }
    await gatheringDone(...links.map((l) => l.emitted));
    await settle(h, links, ...ps.values());

    if (process.env.DEBUG_FOUR)
      for (const p of ps.values())
        log(`${p.id} peak ${peakPerSecond(p)} errors ${p.errors.items.length} at ${p.sent.map((x) => (x.at - t0).toFixed(0)).join(",")}`);
    for (const p of ps.values()) expect([p.id, p.errors.items]).toEqual([p.id, []]);
    for (const l of links) expect([l.self, l.remote, l.signalling.state().phase]).toEqual([l.self, l.remote, "connected"]);
    // The pacing: 8 in any second at the sender (the connection's one window, shared by its three pairs)...
    for (const p of ps.values()) expect([p.id, peakPerSecond(p, 998) <= 8]).toEqual([p.id, true]);
    // ...and never more than hosted Pusher's 10, however measured.
    for (const p of ps.values()) expect([p.id, peakPerSecond(p) <= 10]).toEqual([p.id, true]);
    // Every event names its recipient, and each pair's remote got its own offer.
    for (const p of ps.values()) expect(p.sent.every((s) => typeof (s.data as SignalMessage).for === "string")).toBe(true);
    const sentBy = (id: string) => ps.get(id)!.sent.length;
    log(
      `four people: six pairs up after ${connectMs.toFixed(0)} ms; events sent per tab ${people.map((p) => `${p.id} ${sentBy(p.id)} (peak ${peakPerSecond(ps.get(p.id)!)}/s)`).join(", ")}; no pusher:error`,
    );
  }, 60_000);

  // A control needs its burst: on two busy cores (other integration files beside it) ICE gathering can spread
  // the provider's signals below 10 a second once in a while (seen once on CI: peak 9/s), and then it proves
  // nothing either way. Such a run is tried again rather than counted; the app's own checks above never are.
  it(
    "control: with a pacing window per pair instead of per connection, the same set-up meets 4301",
    { retry: 2, timeout: 60_000 },
    async () => {
      const { h, ps, links } = await fourPeople({ ownPacers: true });
      await gatheringDone(...links.map((l) => l.emitted));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await settle(h, [], ...ps.values());
      const codes = [...ps.values()].flatMap((p) => p.errors.items.map((e) => e.data?.code));
      const doc = ps.get("doc")!;
      log(
        `per-pair pacing: provider peak ${peakPerSecond(doc)}/s over ${doc.sent.length} events; ${codes.length} rejected with 4301 (${people.map((p) => `${p.id} ${ps.get(p.id)!.errors.items.length}`).join(", ")})`,
      );
      expect(peakPerSecond(doc)).toBeGreaterThan(HOSTED_LIMITS.maxClientEventsPerSecond);
      expect(codes.length).toBeGreaterThan(0);
      expect(codes.every((code) => code === 4301)).toBe(true);
    },
  );
});
