// Signalling layer: wire format, outbox (batching, pacing, chunking), inbox (dedupe, order,
// reassembly, new sessions), negotiation policy, and the channel adapter over an in-memory channel.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Inbox, type DeliveryInfo, type DropReason } from "@/lib/signalling/inbox";
import {
  MAX_MESSAGE_BYTES,
  encode,
  encodedBytes,
  newSessionId,
  parse,
  type IceCandidate,
  type ReceivedSignal,
  type SignalMessage,
} from "@/lib/signalling/messages";
import { Negotiation, type NegotiationOutput } from "@/lib/signalling/negotiation";
import { Outbox, type Clock } from "@/lib/signalling/outbox";
import { Pacer, pacerFor } from "@/lib/signalling/pacer";
import { sendAtOnce, startSignalling, type PeerSignal, type PeerSink, type SignalChannel } from "@/lib/signalling/pusher-transport";

const S1 = "sessionAAAA1";
const S2 = "sessionBBBB2";
const S3 = "sessionCCCC3";

/** Clock over vitest's fake timers. */
const clock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function msg(fields: Partial<SignalMessage> & Pick<SignalMessage, "kind">, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { v: 1, from: "doc", session: S1, seq: 0, ...fields, ...extra };
}

function cand(i: number): IceCandidate {
  return {
    candidate: `candidate:${i} 1 udp 2122260223 192.0.2.${i % 250} ${50000 + i} typ host generation 0`,
    sdpMid: "0",
    sdpMLineIndex: 0,
  };
}

function sdpOfBytes(bytes: number): string {
  const lines: string[] = ["v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=Ωmega call"];
  for (let i = 0; lines.join("\r\n").length < bytes; i++) lines.push(`a=ssrc:${1000 + i} msid:stream-${i} track-${i} cname:abcdefgh${i}`);
  return lines.join("\r\n") + "\r\n";
}

describe("messages", () => {
  it("round-trip every kind through encode/parse, from an object or a JSON string", () => {
    const samples = [
      msg({ kind: "description" }, { type: "offer", sdp: "v=0\r\n" }),
      msg({ kind: "description", seq: 3, to: S2 }, { type: "answer", sdp: "v=0", part: 1, parts: 2 }),
      msg({ kind: "candidates" }, { candidates: [cand(1), { candidate: "", sdpMid: null, sdpMLineIndex: null }] }),
      msg({ kind: "hello" }),
      msg({ kind: "bye", seq: 9 }),
      msg({ kind: "restart", to: S2 }),
      msg({ kind: "renegotiate" }),
      msg({ kind: "renegotiate" }, { transceiver: { kind: "video" } }),
    ];
    for (const sample of samples) {
      const parsed = parse(sample);
      expect(parsed, JSON.stringify(sample)).toEqual(sample);
      if (!parsed) continue;
      expect(parse(encode(parsed))).toEqual(sample);
      expect(encodedBytes(parsed)).toBe(new TextEncoder().encode(JSON.stringify(sample)).length);
    }
  });

  it("parse returns null for anything malformed or too large, and never throws", () => {
    const cyclic: Record<string, unknown> = msg({ kind: "hello" });
    cyclic.self = cyclic;
    const bad: unknown[] = [
      null,
      undefined,
      42,
      "not json",
      "[]",
      {},
      { ...msg({ kind: "hello" }), v: 2 },
      msg({ kind: "hello", seq: -1 }),
      msg({ kind: "hello", seq: 1.5 }),
      msg({ kind: "hello", session: "short" }),
      msg({ kind: "hello", session: "has spaces in it" }),
      msg({ kind: "hello", from: "" }),
      msg({ kind: "hello", to: "x" }),
      { ...msg({ kind: "hello" }), kind: "offer" },
      msg({ kind: "description" }, { type: "pranswer", sdp: "v=0" }),
      msg({ kind: "description" }, { type: "offer", sdp: "" }),
      msg({ kind: "description" }, { type: "offer", sdp: "v=0", part: 0 }),
      msg({ kind: "description" }, { type: "offer", sdp: "v=0", part: 2, parts: 2 }),
      msg({ kind: "description" }, { type: "offer", sdp: "v=0", part: 0, parts: 99 }),
      msg({ kind: "candidates" }, { candidates: [] }),
      msg({ kind: "candidates" }, { candidates: Array.from({ length: 65 }, (_, i) => ({ candidate: `c${i}` })) }),
      msg({ kind: "candidates" }, { candidates: [{ candidate: 7 }] }),
      msg({ kind: "renegotiate" }, { transceiver: { kind: "screen" } }),
      msg({ kind: "description" }, { type: "offer", sdp: "x".repeat(MAX_MESSAGE_BYTES) }),
      JSON.stringify(msg({ kind: "description" }, { type: "offer", sdp: "x".repeat(MAX_MESSAGE_BYTES) })),
      JSON.stringify(msg({ kind: "description" }, { type: "offer", sdp: "é".repeat(5200) })), // < 10240 chars, > 10240 bytes
      { ...msg({ kind: "hello" }), big: BigInt(1) },
      cyclic,
    ];
    for (const input of bad) expect(() => parse(input)).not.toThrow();
    for (const [i, input] of bad.entries()) expect(parse(input), `bad[${i}]`).toBeNull();
  });

  it("session ids are random and valid", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newSessionId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(parse(msg({ kind: "hello", session: id }))).not.toBeNull();
  });
});

function makeOutbox(options: Partial<ConstructorParameters<typeof Outbox>[0]> = {}) {
  const sent: { at: number; message: SignalMessage }[] = [];
  const outbox = new Outbox({ from: "doc", session: S1, clock, send: (message) => sent.push({ at: Date.now(), message }), ...options });
  return { outbox, sent, messages: () => sent.map((s) => s.message) };
}

describe("outbox", () => {
  it("sends the first candidate at once and batches those that follow within the window into one message", () => {
    const { outbox, messages, sent } = makeOutbox({ batchMs: 60 });
    for (let i = 0; i < 5; i++) {
      outbox.candidate(cand(i));
      // Leading edge: nothing waits for the first one, so the other side can start checking at once.
      if (i === 0) expect(messages()).toEqual([{ v: 1, from: "doc", session: S1, seq: 0, kind: "candidates", candidates: [cand(0)] }]);
      vi.advanceTimersByTime(10);
    }
    expect(messages().length).toBe(1);
    vi.advanceTimersByTime(10); // t=60: the window closes
    expect(messages()[1]).toEqual({ v: 1, from: "doc", session: S1, seq: 1, kind: "candidates", candidates: [1, 2, 3, 4].map(cand) });
    expect(sent.map((s) => s.at)).toEqual([0, 60]);
    // Right after a batch the next window is already open: a late straggler waits for it, it does not burst out.
    vi.advanceTimersByTime(30);
    outbox.candidate(cand(5));
    expect(messages().length).toBe(2);
    vi.advanceTimersByTime(30);
    expect(messages()[2]).toMatchObject({ seq: 2, candidates: [cand(5)] });
    // A window with nothing in it ends the spell: after it, the next candidate leaves at once again.
    vi.advanceTimersByTime(60);
    outbox.candidate(cand(9), S2);
    expect(messages()[3]).toMatchObject({ seq: 3, to: S2, candidates: [cand(9)] });
    expect(sent.map((s) => s.at)).toEqual([0, 60, 120, 180]);
  });

  it("a burst of candidates costs at most two messages per window, whatever its size", () => {
    const { outbox, messages } = makeOutbox({ batchMs: 60 });
    for (let i = 0; i < 40; i++) outbox.candidate(cand(i));
    vi.advanceTimersByTime(60);
    expect(messages().map((m) => (m.kind === "candidates" ? m.candidates.length : 0))).toEqual([1, 39]);
    vi.advanceTimersByTime(1000);
    expect(messages().length).toBe(2);
  });

  it("sends pending candidates ahead of a later message, keeping seq order", () => {
    const { outbox, messages } = makeOutbox();
    outbox.candidate(cand(1));
    outbox.post({ kind: "description", type: "answer", sdp: "v=0\r\n" }, S2);
    expect(messages().map((m) => [m.seq, m.kind])).toEqual([
      [0, "candidates"],
      [1, "description"],
    ]);
    expect(messages()[1]).toMatchObject({ to: S2 });
  });

  it("never lets more than 8 leave in any sliding second (nor 10 in any 1.5 s), queueing the rest in order", () => {
    const { outbox, sent } = makeOutbox();
    for (let i = 0; i < 3; i++) outbox.post({ kind: "hello" });
    vi.advanceTimersByTime(500);
    for (let i = 0; i < 17; i++) outbox.post({ kind: "hello" });
    expect(sent.length).toBe(8);
    expect(outbox.stats().queued).toBe(12);
    vi.advanceTimersByTime(499); // t=999: the first three still count
    expect(sent.length).toBe(8);
    vi.advanceTimersByTime(1); // t=1000: they expire, but only two more go: at most 10 in any 1.5 s
    expect(sent.length).toBe(10);
    vi.advanceTimersByTime(500); // t=1500: the three sent at 0 leave the 1.5-s window
    expect(sent.length).toBe(13);
    vi.advanceTimersByTime(5000);
    expect(sent.length).toBe(20);
    expect(sent.map((s) => s.message.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const within = (s: { at: number }, ms: number) => sent.filter((o) => o.at > s.at - ms && o.at <= s.at).length;
    for (const s of sent) expect([within(s, 1000) <= 8, within(s, 1500) <= 10]).toEqual([true, true]);
    expect(outbox.stats()).toMatchObject({ sent: 20, queued: 0, sentByKind: { hello: 20 } });
  });

  it("splits an SDP bigger than the budget into parts that the inbox joins again", () => {
    const sdp = sdpOfBytes(30_000);
    const { outbox, messages } = makeOutbox();
    expect(outbox.post({ kind: "description", type: "offer", sdp })).toBe(true);
    vi.advanceTimersByTime(2000);
    const parts = messages();
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const [i, part] of parts.entries()) {
      expect(encodedBytes(part)).toBeLessThanOrEqual(9 * 1024);
      expect(part).toMatchObject({ kind: "description", type: "offer", seq: i, part: i, parts: parts.length });
    }
    const got: ReceivedSignal[] = [];
    const inbox = new Inbox({ self: "pat", localSession: S2, clock, deliver: (m) => got.push(m) });
    for (const part of [...parts].reverse()) inbox.receive(JSON.parse(encode(part)), "doc");
    expect(got).toEqual([{ v: 1, from: "doc", session: S1, seq: 0, kind: "description", type: "offer", sdp }]);
  });

  it("splits a candidate batch that would exceed the budget", () => {
    const { outbox, messages } = makeOutbox({ maxBytes: 1000 });
    for (let i = 0; i < 20; i++) outbox.candidate(cand(i));
    vi.advanceTimersByTime(100);
    expect(messages().length).toBeGreaterThan(2);
    for (const m of messages()) expect(encodedBytes(m)).toBeLessThanOrEqual(1000);
    expect(messages().flatMap((m) => (m.kind === "candidates" ? m.candidates : []))).toEqual(Array.from({ length: 20 }, (_, i) => cand(i)));
  });

  it("refuses what can never fit instead of sending it", () => {
    const { outbox, messages } = makeOutbox({ maxBytes: 200 });
    expect(outbox.candidate({ candidate: "x".repeat(300) })).toBe(false);
    expect(outbox.post({ kind: "description", type: "offer", sdp: sdpOfBytes(5000) })).toBe(false); // > 16 parts
    vi.advanceTimersByTime(100);
    expect(messages()).toEqual([]);
  });

  it("a new session drops the old one's queue and restarts seq, but the pacing window stays", () => {
    const { outbox, messages } = makeOutbox();
    for (let i = 0; i < 10; i++) outbox.post({ kind: "hello" });
    outbox.candidate(cand(1));
    outbox.setSession(S3);
    outbox.post({ kind: "restart" });
    vi.advanceTimersByTime(999);
    expect(messages().length).toBe(8);
    vi.advanceTimersByTime(1);
    expect(messages().slice(8)).toEqual([{ v: 1, from: "doc", session: S3, seq: 0, kind: "restart" }]);
    outbox.close();
    outbox.post({ kind: "hello" });
    expect(messages().length).toBe(9);
  });
});

function makeInbox(gapWaitMs = 200) {
  const got: { message: ReceivedSignal; info: DeliveryInfo }[] = [];
  const drops: DropReason[] = [];
  const inbox = new Inbox({
    self: "pat",
    localSession: S3,
    clock,
    gapWaitMs,
    deliver: (message, info) => got.push({ message, info }),
    onDrop: (reason) => drops.push(reason),
  });
  return { inbox, got, drops, seqs: () => got.map((g) => g.message.seq) };
}

describe("inbox", () => {
  it("hands over what it overhears: another page of our user's signals for our remote, our remote's to a session not current here", () => {
    const overheard: string[] = [];
    const inbox = new Inbox({
      self: "doc",
      remote: "pat",
      localSession: S1,
      deliver: () => undefined,
      clock,
      onOverheard: (by, m) => overheard.push(`${by}:${m.kind}:${m.session}`),
    });
    inbox.receive(msg({ kind: "bye", from: "doc", session: S2, for: "pat" }), "doc");
    inbox.receive(msg({ kind: "bye", from: "doc", session: S2, seq: 1, for: "someone-else" }), "doc");
    inbox.receive(msg({ kind: "bye", from: "doc", session: S2, seq: 2, for: "pat" }), "mallory"); // spoofed
    inbox.receive(msg({ kind: "restart", from: "pat", session: S3, to: S2, for: "doc" }), "pat");
    inbox.receive(msg({ kind: "restart", from: "pat", session: S3, seq: 1, to: S2, for: "guest" }), "pat");
    inbox.receive(msg({ kind: "restart", from: "pat", session: S3, seq: 2, to: S1, for: "doc" }), "pat"); // for us: delivered
    expect(overheard).toEqual([`self:bye:${S2}`, `remote:restart:${S3}`]);
  });

  it("drops malformed events, our own, spoofed senders and messages for another session of ours", () => {
    const { inbox, got, drops } = makeInbox();
    inbox.receive("garbage");
    inbox.receive(msg({ kind: "hello", from: "pat" }));
    inbox.receive(msg({ kind: "hello" }), "mallory");
    inbox.receive(msg({ kind: "hello", to: S2 }));
    expect(got).toEqual([]);
    expect(drops).toEqual(["malformed", "own", "spoofed", "not-for-us"]);
    inbox.receive(msg({ kind: "hello", to: S3 }), "doc");
    expect(got.length).toBe(1);
    inbox.setLocalSession(S2);
    inbox.receive(msg({ kind: "hello", seq: 1, to: S3 }), "doc");
    expect(drops.at(-1)).toBe("not-for-us");
  });

  it("drops duplicates and stale seq of a session", () => {
    const { inbox, seqs, drops } = makeInbox();
    for (const seq of [0, 1, 1, 0, 2]) inbox.receive(msg({ kind: "hello", seq }));
    expect(seqs()).toEqual([0, 1, 2]);
    expect(drops).toEqual(["duplicate", "duplicate"]);
  });

  it("delivers in seq order, and skips a gap once it has waited for it", () => {
    const { inbox, seqs } = makeInbox(200);
    for (const seq of [4, 6, 5]) inbox.receive(msg({ kind: "hello", seq }));
    expect(seqs()).toEqual([4, 5, 6]);
    inbox.receive(msg({ kind: "hello", seq: 8 }));
    inbox.receive(msg({ kind: "hello", seq: 9 }));
    vi.advanceTimersByTime(199);
    expect(seqs()).toEqual([4, 5, 6]);
    vi.advanceTimersByTime(1);
    expect(seqs()).toEqual([4, 5, 6, 8, 9]);
    inbox.receive(msg({ kind: "hello", seq: 7 })); // too late
    expect(seqs()).toEqual([4, 5, 6, 8, 9]);
  });

  it("joins description parts, and discards a set with a lost part", () => {
    const { inbox, got, drops } = makeInbox(100);
    const part = (seq: number, i: number, sdp: string) => msg({ kind: "description", seq }, { type: "offer", sdp, part: i, parts: 3 });
    inbox.receive(part(2, 2, "C"));
    expect(got).toEqual([]);
    // The last part says its set began at seq 0: held for the others, which never come.
    vi.advanceTimersByTime(99);
    expect(drops).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(drops).toContain("incomplete");

    const { inbox: fresh, got: whole } = makeInbox(100);
    for (const [seq, i, s] of [
      [0, 0, "A"],
      [2, 2, "C"],
      [1, 1, "B"],
    ] as const)
      fresh.receive(part(seq, i, s));
    expect(whole.map((g) => g.message)).toEqual([
      { v: 1, from: "doc", session: S1, seq: 0, kind: "description", type: "offer", sdp: "ABC" },
    ]);

    fresh.receive(part(3, 0, "X"));
    fresh.receive(part(5, 2, "Z")); // part 1 (seq 4) lost
    fresh.receive(msg({ kind: "hello", seq: 6 }));
    vi.advanceTimersByTime(100);
    expect(whole.map((g) => g.message.kind)).toEqual(["description", "hello"]);
  });

  it("notices a new session of the remote user and ignores the old one from then on", () => {
    const { inbox, got, drops } = makeInbox();
    inbox.receive(msg({ kind: "hello", session: S1, seq: 0 }));
    inbox.receive(msg({ kind: "candidates", session: S1, seq: 1 }, { candidates: [cand(1)] }));
    inbox.receive(msg({ kind: "hello", session: S2, seq: 5 }));
    inbox.receive(msg({ kind: "candidates", session: S1, seq: 2 }, { candidates: [cand(2)] }));
    expect(got.map((g) => [g.message.session, g.message.seq, g.info])).toEqual([
      [S1, 0, { newSession: true, replaced: null }],
      [S1, 1, { newSession: false, replaced: null }],
      [S2, 5, { newSession: true, replaced: S1 }],
    ]);
    expect(drops).toEqual(["stale-session"]);
  });
});

function received(fields: Partial<ReceivedSignal> & Pick<ReceivedSignal, "kind">, extra: Record<string, unknown> = {}): ReceivedSignal {
  const parsed = parse(msg(fields, extra));
  if (!parsed) throw new Error("bad test message");
  return parsed as ReceivedSignal;
}

function makeNegotiation(initiator: boolean) {
  let n = 0;
  const negotiation = new Negotiation({
    initiator,
    now: () => Date.now(),
    newSessionId: () => `local${initiator ? "I" : "R"}${String(n++).padStart(4, "0")}`,
  });
  const run = (event: Parameters<Negotiation["handle"]>[0]) => negotiation.handle(event);
  const timeout = (): NegotiationOutput[] => {
    const deadline = negotiation.state.deadline;
    if (deadline === null) throw new Error("no deadline");
    vi.setSystemTime(deadline);
    return run({ type: "timeout" });
  };
  return { negotiation, run, timeout, state: () => negotiation.state };
}

const kinds = (outputs: NegotiationOutput[]) =>
  outputs.map((o) => (o.type === "send" ? `send:${o.body.kind}${o.to ? `>${o.to}` : ""}` : o.type));

describe("negotiation: initiator", () => {
  it("says hello, offers once a responder is known, and is done when connected", () => {
    const { run, state } = makeNegotiation(true);
    expect(kinds(run({ type: "start" }))).toEqual(["send:hello"]);
    expect(state().phase).toBe("idle");
    const hello = state().session;
    const built = run({ type: "message", message: received({ kind: "hello", from: "pat", session: S2 }) });
    expect(built).toEqual([{ type: "build-peer", session: hello }]); // the session it announced
    expect(state()).toMatchObject({ phase: "negotiating", remote: S2, deadline: 4000 });
    expect(run({ type: "message", message: received({ kind: "hello", from: "pat", session: S2, seq: 1, to: hello }) })).toEqual([]);
    // The responder rebuilt to answer: its new session becomes the remote.
    const answer = received({ kind: "description", from: "pat", session: S3, to: hello }, { type: "answer", sdp: "v=0" });
    expect(kinds(run({ type: "message", message: answer }))).toEqual(["apply"]);
    expect(state()).toMatchObject({ remote: S3, deadline: 10_000 });
    const second = received({ kind: "description", from: "pat", session: S2, seq: 3, to: hello }, { type: "answer", sdp: "v=0" });
    expect(run({ type: "message", message: second })).toEqual([]); // e.g. a second tab: the first answer holds
    expect(
      kinds(run({ type: "message", message: received({ kind: "candidates", from: "pat", session: S3 }, { candidates: [cand(1)] }) })),
    ).toEqual(["apply"]);
    expect(
      run({ type: "message", message: received({ kind: "candidates", from: "pat", session: S2, seq: 2 }, { candidates: [cand(1)] }) }),
    ).toEqual([]);
    run({ type: "connected" });
    expect(state()).toMatchObject({ phase: "connected", deadline: null, attempts: 0 });
  });

  it("re-offers on a fresh peer when no answer comes, backing off, and gives up after maxAttempts", () => {
    const { run, timeout, state } = makeNegotiation(true);
    run({ type: "start" });
    run({ type: "message", message: received({ kind: "hello", from: "pat", session: S2 }) });
    const sessions = [state().session];
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = Date.now();
      const out = timeout();
      expect(kinds(out)).toEqual(["build-peer"]);
      sessions.push(state().session);
      waits.push((state().deadline ?? 0) - Date.now());
      expect(Date.now() - before).toBe(i === 0 ? 4000 : waits[i - 1]);
    }
    expect(waits).toEqual([8000, 16_000, 30_000, 30_000]);
    expect(new Set(sessions).size).toBe(5);
    expect(kinds(timeout())).toEqual(["destroy-peer", "failed"]);
    expect(state()).toMatchObject({ phase: "failed", deadline: null });
    // A reload of the other side (new hello) tries again from scratch.
    expect(kinds(run({ type: "message", message: received({ kind: "hello", from: "pat", session: S3 }) }))).toEqual(["build-peer"]);
    expect(state()).toMatchObject({ phase: "negotiating", attempts: 0 });
  });

  it("rebuilds on restart and on a reloaded responder, ignores answers to an old offer, idles on bye", () => {
    const { run, state } = makeNegotiation(true);
    run({ type: "start" });
    run({ type: "message", message: received({ kind: "hello", from: "pat", session: S2 }) });
    const first = state().session;
    expect(kinds(run({ type: "message", message: received({ kind: "restart", from: "pat", session: S2, seq: 1, to: first }) }))).toEqual([
      "build-peer",
    ]);
    expect(state().session).not.toBe(first);
    const late = received({ kind: "description", from: "pat", session: S2, seq: 2, to: first }, { type: "answer", sdp: "v=0" });
    expect(run({ type: "message", message: late })).toEqual([]);
    run({
      type: "message",
      message: received({ kind: "description", from: "pat", session: S2, seq: 3, to: state().session }, { type: "answer", sdp: "v=0" }),
    });
    run({ type: "connected" });
    expect(kinds(run({ type: "message", message: received({ kind: "hello", from: "pat", session: S3 }) }))).toEqual(["build-peer"]);
    expect(state()).toMatchObject({ phase: "negotiating", remote: S3 });
    // Idle after a bye, with the next offer built ahead (see the next test).
    expect(kinds(run({ type: "message", message: received({ kind: "bye", from: "pat", session: S3, seq: 1 }) }))).toEqual([
      "destroy-peer",
      "build-peer",
    ]);
    expect(state()).toMatchObject({ phase: "idle", remote: null, primed: true });
    expect(kinds(run({ type: "stop" }))).toEqual(["send:bye", "destroy-peer"]);
    expect(run({ type: "message", message: received({ kind: "hello", from: "pat", session: S1 }) })).toEqual([]);
  });

  it("after a bye (a reload, mostly) builds the next offer ahead, and the returning responder's hello only releases it", () => {
    const { run, state } = makeNegotiation(true);
    run({ type: "start" });
    run({ type: "message", message: received({ kind: "hello", from: "pat", session: S2 }) });
    const first = state().session;
    run({
      type: "message",
      message: received({ kind: "description", from: "pat", session: S2, seq: 1, to: first }, { type: "answer", sdp: "v=0" }),
    });
    run({ type: "connected" });
    const out = run({ type: "message", message: received({ kind: "bye", from: "pat", session: S2, seq: 2 }) });
    const ahead = state().session;
    expect(ahead).not.toBe(first);
    expect(out).toEqual([{ type: "destroy-peer" }, { type: "build-peer", session: ahead, hold: true }]);
    expect(state()).toMatchObject({ phase: "idle", remote: null, primed: true, deadline: Date.now() + 60_000 });
    // The reloaded page says hello: the offer made meanwhile goes, no peer is built after the hello.
    expect(run({ type: "message", message: received({ kind: "hello", from: "pat", session: S3 }) })).toEqual([{ type: "release" }]);
    expect(state()).toMatchObject({ phase: "negotiating", remote: S3, session: ahead, primed: false, deadline: Date.now() + 4000 });
    const answer = received({ kind: "description", from: "pat", session: S3, to: ahead }, { type: "answer", sdp: "v=0" });
    expect(kinds(run({ type: "message", message: answer }))).toEqual(["apply"]);
    run({ type: "connected" });
    expect(state()).toMatchObject({ phase: "connected", remote: S3 });
  });

  it("drops an offer built ahead after primedMs or when its peer breaks; the next hello builds as before", () => {
    const { run, timeout, state } = makeNegotiation(true);
    run({ type: "start" });
    run({ type: "message", message: received({ kind: "hello", from: "pat", session: S2 }) });
    run({ type: "message", message: received({ kind: "bye", from: "pat", session: S2, seq: 1 }) });
    expect(state().primed).toBe(true);
    expect(timeout()).toEqual([{ type: "destroy-peer" }]); // nobody came back within a minute: no TURN allocation kept for nothing
    expect(state()).toMatchObject({ phase: "idle", primed: false, built: false, deadline: null });
    expect(kinds(run({ type: "message", message: received({ kind: "hello", from: "pat", session: S3 }) }))).toEqual(["build-peer"]);
    run({ type: "message", message: received({ kind: "bye", from: "pat", session: S3, seq: 1 }) });
    expect(state().primed).toBe(true);
    expect(run({ type: "peer-failed" })).toEqual([{ type: "destroy-peer" }]);
    expect(state()).toMatchObject({ phase: "idle", primed: false, built: false });
    const rebuilt = run({ type: "message", message: received({ kind: "restart", from: "pat", session: S1 }) });
    expect(rebuilt).toEqual([{ type: "build-peer", session: state().session }]);
  });

  it("builds nothing ahead for a warm pair before Admit: nobody waits on it", () => {
    const { run, state } = makeNegotiation(true);
    run({ type: "start", yieldToSiblings: true });
    run({ type: "message", message: received({ kind: "hello", from: "pat", session: S2 }) });
    expect(run({ type: "message", message: received({ kind: "bye", from: "pat", session: S2, seq: 1 }) })).toEqual([
      { type: "destroy-peer" },
    ]);
    expect(state()).toMatchObject({ phase: "idle", primed: false, built: false });
  });
});

describe("negotiation: initiator, responder already in the room", () => {
  it("offers at once on start, with no hello and no round trip; the first answer names the responder", () => {
    const { run, state } = makeNegotiation(true);
    const first = state().session;
    expect(run({ type: "start", responderPresent: true })).toEqual([{ type: "build-peer", session: first }]);
    expect(state()).toMatchObject({ phase: "negotiating", remote: null, deadline: 4000 });
    const answer = received({ kind: "description", from: "pat", session: S2, to: first }, { type: "answer", sdp: "v=0" });
    expect(kinds(run({ type: "message", message: answer }))).toEqual(["apply"]);
    expect(state()).toMatchObject({ remote: S2, deadline: 10_000 });
    expect(
      kinds(
        run({ type: "message", message: received({ kind: "candidates", from: "pat", session: S2, seq: 1 }, { candidates: [cand(1)] }) }),
      ),
    ).toEqual(["apply"]);
    run({ type: "connected" });
    expect(state()).toMatchObject({ phase: "connected", remote: S2 });
  });

  it("offers again to a responder whose hello shows it missed the first offer, and re-offers when no answer comes", () => {
    const { run, state } = makeNegotiation(true);
    run({ type: "start", responderPresent: true });
    const first = state().session;
    // The patient's page was still starting: its hello (addressed to nobody) comes after our offer went out.
    expect(kinds(run({ type: "message", message: received({ kind: "hello", from: "pat", session: S2 }) }))).toEqual(["build-peer"]);
    expect(state()).toMatchObject({ phase: "negotiating", remote: S2 });
    expect(state().session).not.toBe(first);
    const { run: run2, timeout: timeout2, state: state2 } = makeNegotiation(true);
    run2({ type: "start", responderPresent: true });
    const lonely = state2().session;
    expect(kinds(timeout2())).toEqual(["build-peer"]); // nobody answered in 4 s: a fresh offer, still to whoever is there
    expect(state2()).toMatchObject({ phase: "negotiating", remote: null, attempts: 1 });
    expect(state2().session).not.toBe(lonely);
  });

  it("without the responder in the room it says hello and waits, as before", () => {
    const { run, state } = makeNegotiation(true);
    expect(kinds(run({ type: "start", responderPresent: false }))).toEqual(["send:hello"]);
    expect(state()).toMatchObject({ phase: "idle", built: false });
  });
});

describe("negotiation: a warm initiator and another page of its user (two computers, one provider)", () => {
  const B1 = "siblingBBB1";
  /** A warm provider page connected to the patient's S2. */
  function warmAndConnected(yieldToSiblings = true) {
    const t = makeNegotiation(true);
    t.run({ type: "start", responderPresent: true, yieldToSiblings });
    const first = t.state().session;
    t.run({
      type: "message",
      message: received({ kind: "description", from: "pat", session: S2, to: first }, { type: "answer", sdp: "v=0" }),
    });
    t.run({ type: "connected" });
    vi.advanceTimersByTime(1000);
    return { ...t, first };
  }
  /** The patient answering another page of the provider (its offer was newer): the patient's peer with us is gone. */
  const answerElsewhere = (to = B1) =>
    received({ kind: "description", from: "pat", session: S3, seq: 5, to }, { type: "answer", sdp: "v=0" });

  it("steps aside when its peer fails after the patient went on with the other page: no new offer, no retries", () => {
    const { run, state, first } = warmAndConnected();
    expect(run({ type: "overheard", by: "remote", message: answerElsewhere() })).toEqual([]);
    expect(kinds(run({ type: "peer-failed" }))).toEqual(["destroy-peer"]);
    expect(state()).toMatchObject({ phase: "idle", yielded: true, deadline: null, attempts: 0, remote: null });
    expect(state().session).not.toBe(first);
    vi.advanceTimersByTime(60_000);
    expect(run({ type: "timeout" })).toEqual([]);
  });

  it("steps aside when its peer fails just after the other page's offer, before the patient has answered it", () => {
    const { run, state } = warmAndConnected();
    const offer = received({ kind: "description", from: "doc", session: B1, seq: 0, for: "pat" }, { type: "offer", sdp: "v=0" });
    expect(run({ type: "overheard", by: "self", message: offer })).toEqual([]);
    expect(kinds(run({ type: "peer-failed" }))).toEqual(["destroy-peer"]);
    expect(state()).toMatchObject({ phase: "idle", yielded: true });
  });

  it("offers again when the other page says bye, or the patient asks the other page for an offer (its peer there broke)", () => {
    const a = warmAndConnected();
    a.run({ type: "overheard", by: "remote", message: answerElsewhere() });
    a.run({ type: "peer-failed" });
    const bye = received({ kind: "bye", from: "doc", session: B1, seq: 9, for: "pat" });
    expect(kinds(a.run({ type: "overheard", by: "self", message: bye }))).toEqual(["build-peer"]);
    expect(a.state()).toMatchObject({ phase: "negotiating", yielded: false, remote: null });

    const b = warmAndConnected();
    b.run({ type: "overheard", by: "remote", message: answerElsewhere() });
    b.run({ type: "peer-failed" });
    const restart = received({ kind: "restart", from: "pat", session: S3, seq: 6, to: B1 });
    expect(kinds(b.run({ type: "overheard", by: "remote", message: restart }))).toEqual(["build-peer"]);
    expect(b.state()).toMatchObject({ phase: "negotiating", yielded: false, remote: S3 });
  });

  it("a new patient page's hello, or Admit clicked here, offers at once", () => {
    const a = warmAndConnected();
    a.run({ type: "overheard", by: "remote", message: answerElsewhere() });
    a.run({ type: "peer-failed" });
    expect(kinds(a.run({ type: "message", message: received({ kind: "hello", from: "pat", session: S1 }) }))).toEqual(["build-peer"]);
    expect(a.state()).toMatchObject({ phase: "negotiating", yielded: false, remote: S1 });

    const b = warmAndConnected();
    b.run({ type: "overheard", by: "remote", message: answerElsewhere() });
    b.run({ type: "peer-failed" });
    expect(kinds(b.run({ type: "admitted" }))).toEqual(["build-peer"]);
    expect(b.state()).toMatchObject({ phase: "negotiating", yielded: false, yieldsToSiblings: false });
  });

  it("a timed-out offer steps aside the same way; the patient's later reply to this page keeps it going", () => {
    const { run, timeout, state } = makeNegotiation(true);
    run({ type: "start", responderPresent: true, yieldToSiblings: true });
    run({ type: "overheard", by: "remote", message: answerElsewhere() });
    expect(kinds(timeout())).toEqual(["destroy-peer"]);
    expect(state()).toMatchObject({ phase: "idle", yielded: true });

    const later = warmAndConnected();
    later.run({ type: "overheard", by: "remote", message: answerElsewhere() });
    vi.advanceTimersByTime(10);
    const candidates = received({ kind: "candidates", from: "pat", session: S2, seq: 3, to: later.first }, { candidates: [cand(1)] });
    later.run({ type: "message", message: candidates });
    expect(kinds(later.run({ type: "peer-failed" }))).toEqual(["destroy-peer"]);
    expect(kinds(later.timeout())).toEqual(["build-peer"]);
  });

  it("a page that said bye no longer counts: its replies from the patient do not make this one step aside", () => {
    const { run, timeout } = warmAndConnected();
    run({ type: "overheard", by: "remote", message: answerElsewhere() });
    run({ type: "overheard", by: "self", message: received({ kind: "bye", from: "doc", session: B1, seq: 9, for: "pat" }) });
    expect(kinds(run({ type: "peer-failed" }))).toEqual(["destroy-peer"]);
    expect(kinds(timeout())).toEqual(["build-peer"]);
  });

  it("the patient's late replies to this page's own earlier peers are not another page's", () => {
    const { run, timeout, state, first } = warmAndConnected();
    run({ type: "peer-failed" });
    expect(kinds(timeout())).toEqual(["build-peer"]); // rebuilt: a new session
    expect(state().session).not.toBe(first);
    vi.advanceTimersByTime(10);
    run({ type: "overheard", by: "remote", message: answerElsewhere(first) });
    expect(kinds(run({ type: "peer-failed" }))).toEqual(["destroy-peer"]);
    expect(kinds(timeout())).toEqual(["build-peer"]);
  });

  it("its peer breaks before the other page's offer is heard (two paths, no order): it waits, then steps aside for that offer", () => {
    const { run, state } = warmAndConnected();
    expect(kinds(run({ type: "peer-failed" }))).toEqual(["destroy-peer"]);
    expect(state()).toMatchObject({ phase: "negotiating", built: false, deadline: Date.now() + 1000 });
    expect(run({ type: "peer-failed" })).toEqual([]); // the same break, told twice
    vi.advanceTimersByTime(40);
    const offer = received({ kind: "description", from: "doc", session: B1, seq: 0, for: "pat" }, { type: "offer", sdp: "v=0" });
    expect(run({ type: "overheard", by: "self", message: offer })).toEqual([]);
    expect(state()).toMatchObject({ phase: "idle", yielded: true, deadline: null });

    // Heard only as the patient's answer to that page: the same.
    const b = warmAndConnected();
    b.run({ type: "peer-failed" });
    expect(b.run({ type: "overheard", by: "remote", message: answerElsewhere() })).toEqual([]);
    expect(b.state()).toMatchObject({ phase: "idle", yielded: true });
    expect(() => b.timeout()).toThrow("no deadline");
  });

  it("a warm peer that breaks with no other page about offers again after a second; Admit meanwhile offers at once", () => {
    const { run, timeout, state } = warmAndConnected();
    run({ type: "peer-failed" });
    expect(kinds(timeout())).toEqual(["build-peer"]);
    expect(state()).toMatchObject({ phase: "negotiating", built: true, attempts: 1 });

    const b = warmAndConnected();
    b.run({ type: "peer-failed" });
    expect(kinds(b.run({ type: "admitted" }))).toEqual(["build-peer"]);
    expect(b.state()).toMatchObject({ phase: "negotiating", built: true, yieldsToSiblings: false });
    // An answer meant for the broken peer finds none to apply to.
    const c = warmAndConnected();
    c.run({ type: "peer-failed" });
    const stale = received(
      { kind: "description", from: "pat", session: S2, seq: 7, to: c.state().session },
      { type: "answer", sdp: "v=0" },
    );
    expect(c.run({ type: "message", message: stale })).toEqual([]);
  });

  it("never steps aside without yieldToSiblings (a call under way) or after Admit", () => {
    const call = warmAndConnected(false);
    call.run({ type: "overheard", by: "remote", message: answerElsewhere() });
    expect(kinds(call.run({ type: "peer-failed" }))).toEqual(["build-peer"]);

    const admitted = warmAndConnected();
    expect(admitted.run({ type: "admitted" })).toEqual([]);
    admitted.run({ type: "overheard", by: "remote", message: answerElsewhere() });
    expect(kinds(admitted.run({ type: "peer-failed" }))).toEqual(["build-peer"]);
  });
});

describe("negotiation: responder in standby (checked in, not admitted)", () => {
  it("builds and says hello but never asks for an offer, however long the wait", () => {
    const { run, state } = makeNegotiation(false);
    expect(kinds(run({ type: "start", standby: true }))).toEqual(["build-peer", "send:hello"]);
    expect(state()).toMatchObject({ phase: "waiting", deadline: null, standby: true });
    vi.advanceTimersByTime(60 * 60_000);
    expect(kinds(run({ type: "timeout" }))).toEqual([]);
    // An initiator's hello (e.g. the provider's page) is answered, but still no restart follows it.
    expect(kinds(run({ type: "message", message: received({ kind: "hello", session: S1 }) }))).toEqual([`send:hello>${S1}`]);
    vi.advanceTimersByTime(60_000);
    expect(kinds(run({ type: "timeout" }))).toEqual([]);
    expect(state().attempts).toBe(0);
  });

  it("answers the provider's offer on the peer it built while waiting (nothing is sent before that offer)", () => {
    const { run, state } = makeNegotiation(false);
    const out = run({ type: "start", standby: true });
    expect(out.filter((o) => o.type === "send").map((o) => (o.type === "send" ? o.body.kind : ""))).toEqual(["hello"]);
    const ready = state().session;
    expect(kinds(run({ type: "message", message: received({ kind: "description", session: S1 }, { type: "offer", sdp: "v=0" }) }))).toEqual(
      ["apply"],
    );
    expect(state()).toMatchObject({ phase: "negotiating", session: ready, remote: S1, deadline: 10_000 });
    run({ type: "connected" });
    expect(state().phase).toBe("connected");
  });

  it("once admitted, chases a missing offer as usual; admitted twice changes nothing", () => {
    const { run, timeout, state } = makeNegotiation(false);
    run({ type: "start", standby: true });
    vi.advanceTimersByTime(30_000);
    expect(run({ type: "admitted" })).toEqual([]);
    expect(state()).toMatchObject({ standby: false, deadline: 30_000 + 4000 });
    expect(kinds(timeout())).toEqual(["send:restart"]);
    const deadline = state().deadline;
    run({ type: "admitted" });
    expect(state().deadline).toBe(deadline);
  });

  it("the provider leaving (bye) before admit puts it back to a quiet standby on a fresh peer", () => {
    const { run, state } = makeNegotiation(false);
    run({ type: "start", standby: true });
    run({ type: "message", message: received({ kind: "description", session: S1 }, { type: "offer", sdp: "v=0" }) });
    expect(kinds(run({ type: "message", message: received({ kind: "bye", session: S1, seq: 1 }) }))).toEqual(["build-peer"]);
    expect(state()).toMatchObject({ phase: "waiting", deadline: null, standby: true });
  });
});

describe("negotiation: responder", () => {
  it("builds, says hello and asks for an offer (restart) when none comes, with backoff", () => {
    const { run, timeout, state } = makeNegotiation(false);
    expect(kinds(run({ type: "start" }))).toEqual(["build-peer", "send:hello"]);
    expect(state()).toMatchObject({ phase: "waiting", deadline: 4000 });
    expect(kinds(timeout())).toEqual(["send:restart"]);
    expect(state().deadline).toBe(4000 + 8000);
    // It heard the initiator's hello: answers it, addresses the next restart to it.
    expect(kinds(run({ type: "message", message: received({ kind: "hello", session: S1 }) }))).toEqual([`send:hello>${S1}`]);
    expect(kinds(timeout())).toEqual([`send:restart>${S1}`]);
  });

  it("takes the offer on its unused peer, and replaces a used peer for an offer from a new initiator session", () => {
    const { run, state } = makeNegotiation(false);
    run({ type: "start" });
    const first = state().session;
    const offer1 = received({ kind: "description", session: S1 }, { type: "offer", sdp: "v=0" });
    expect(kinds(run({ type: "message", message: offer1 }))).toEqual(["apply"]);
    expect(state()).toMatchObject({ phase: "negotiating", remote: S1, session: first });
    expect(
      kinds(run({ type: "message", message: received({ kind: "candidates", session: S1, seq: 1 }, { candidates: [cand(1)] }) })),
    ).toEqual(["apply"]);
    run({ type: "connected" });
    // Renegotiation on the same initiator session stays on the same peer.
    expect(
      kinds(run({ type: "message", message: received({ kind: "description", session: S1, seq: 2 }, { type: "offer", sdp: "v=0" }) })),
    ).toEqual(["apply"]);
    const offer2 = received({ kind: "description", session: S2 }, { type: "offer", sdp: "v=0" });
    const out = run({ type: "message", message: offer2 });
    expect(kinds(out)).toEqual(["build-peer", "apply"]);
    expect(state().session).not.toBe(first);
    expect(run({ type: "message", message: received({ kind: "candidates", session: S1, seq: 3 }, { candidates: [cand(1)] }) })).toEqual([]);
    expect(run({ type: "message", message: received({ kind: "restart", session: S2, seq: 1 }) })).toEqual([]);
  });

  it("replaces a used peer when the initiator says hello from a new session, and waits quietly after bye", () => {
    const { run, state } = makeNegotiation(false);
    run({ type: "start" });
    run({ type: "message", message: received({ kind: "description", session: S1 }, { type: "offer", sdp: "v=0" }) });
    expect(kinds(run({ type: "message", message: received({ kind: "hello", session: S2 }) }))).toEqual(["build-peer", `send:hello>${S2}`]);
    expect(run({ type: "message", message: received({ kind: "hello", session: S2, seq: 1 }) })).toEqual([]);
    run({ type: "message", message: received({ kind: "description", session: S2, seq: 2 }, { type: "offer", sdp: "v=0" }) });
    run({ type: "connected" });
    expect(kinds(run({ type: "message", message: received({ kind: "bye", session: S2, seq: 3 }) }))).toEqual(["build-peer"]);
    expect(state()).toMatchObject({ phase: "waiting", deadline: null });
    expect(kinds(run({ type: "peer-failed" }))).toEqual([]);
  });
});

/** An in-memory presence channel pair: no echo to the sender, optional loss. */
function channelPair(lose: (from: string, data: SignalMessage) => boolean) {
  const binds = new Map<string, ((data: unknown, meta?: { user_id?: string }) => void)[]>();
  const triggered: Record<string, SignalMessage[]> = {};
  const make = (user: string): SignalChannel => ({
    trigger: (_event, data) => {
      const message = data as SignalMessage;
      (triggered[user] ??= []).push(message);
      if (lose(user, message)) return true;
      const copy: unknown = JSON.parse(JSON.stringify(data));
      // Delivered a little later, like a real socket.
      setTimeout(() => {
        for (const [other, callbacks] of binds) if (other !== user) for (const cb of callbacks) cb(copy, { user_id: user });
      }, 5);
      return true;
    },
    bind: (_event, cb) => binds.set(user, [...(binds.get(user) ?? []), cb]),
    unbind: (_event, cb) =>
      binds.set(
        user,
        (binds.get(user) ?? []).filter((c) => c !== cb),
      ),
  });
  return { make, triggered };
}

/** A stand-in peer: "connects" once it holds both descriptions and a remote candidate. */
function fakePeers(initiator: boolean, log: string[]) {
  return (sink: PeerSink, session: string) => {
    let remoteDescription = false;
    let localDescription = false;
    let candidates = 0;
    let destroyed = false;
    log.push(`${initiator ? "doc" : "pat"} built ${session}`);
    const check = () => {
      if (!destroyed && remoteDescription && localDescription && candidates > 0) setTimeout(() => !destroyed && sink.connect(), 1);
    };
    const emitLocal = (type: "offer" | "answer") => {
      setTimeout(() => {
        if (destroyed) return;
        sink.signal({ type, sdp: `v=0 ${session}` });
        localDescription = true;
        for (let i = 0; i < 3; i++) sink.signal({ type: "candidate", candidate: cand(i) });
        check();
      }, 2);
    };
    if (initiator) emitLocal("offer");
    return {
      signal: (data: PeerSignal) => {
        if (data.type === "offer") emitLocal("answer");
        if (data.type === "offer" || data.type === "answer") remoteDescription = true;
        if (data.type === "candidate") candidates++;
        check();
      },
      destroy: () => {
        destroyed = true;
      },
    };
  };
}

describe("startSignalling over an in-memory channel", () => {
  function call(lose: (from: string, data: SignalMessage) => boolean = () => false) {
    const { make, triggered } = channelPair(lose);
    const log: string[] = [];
    const phases: Record<string, string[]> = { doc: [], pat: [] };
    const negotiation = { answerTimeoutMs: 1000, offerTimeoutMs: 600 };
    const doc = startSignalling({
      channel: make("doc"),
      userId: "doc",
      initiator: true,
      createPeer: fakePeers(true, log),
      clock,
      negotiation,
      onPhase: (p) => phases.doc?.push(p),
    });
    const pat = startSignalling({
      channel: make("pat"),
      userId: "pat",
      initiator: false,
      createPeer: fakePeers(false, log),
      clock,
      negotiation,
      onPhase: (p) => phases.pat?.push(p),
    });
    return { doc, pat, triggered, log, phases };
  }

  it("connects with few events: hello, description, the first candidate at once and the rest in one batch per side", () => {
    const { doc, pat, triggered } = call();
    vi.advanceTimersByTime(500);
    expect(doc.state().phase).toBe("connected");
    expect(pat.state().phase).toBe("connected");
    expect(triggered.doc?.map((m) => m.kind)).toEqual(["hello", "description", "candidates", "candidates"]);
    expect(triggered.pat?.map((m) => m.kind)).toEqual(["hello", "hello", "description", "candidates", "candidates"]);
    expect(triggered.pat?.slice(1).every((m) => m.to === doc.state().session)).toBe(true);
    doc.stop();
    vi.advanceTimersByTime(100);
    expect(pat.state()).toMatchObject({ phase: "waiting", deadline: null });
    pat.stop();
  });

  it("a reloaded responder gets the offer built while it was away: the provider builds nothing after its hello", () => {
    const { make, triggered } = channelPair(() => false);
    const log: string[] = [];
    const negotiation = { answerTimeoutMs: 1000, offerTimeoutMs: 600 };
    const side = (user: "doc" | "pat") =>
      startSignalling({
        channel: make(user),
        userId: user,
        initiator: user === "doc",
        createPeer: fakePeers(user === "doc", log),
        clock,
        negotiation,
      });
    const doc = side("doc");
    const pat = side("pat");
    vi.advanceTimersByTime(500);
    expect(doc.state().phase).toBe("connected");
    pat.stop(); // pagehide: bye
    vi.advanceTimersByTime(500);
    expect(doc.state()).toMatchObject({ phase: "idle", primed: true });
    const docBuilds = () => log.filter((line) => line.startsWith("doc built")).length;
    const [builds, sent] = [docBuilds(), triggered.doc?.length ?? 0];
    expect(builds).toBe(2); // the first call's peer, and the one built ahead
    const again = side("pat"); // the reloaded page
    vi.advanceTimersByTime(500);
    expect(again.state().phase).toBe("connected");
    expect(doc.state().phase).toBe("connected");
    expect(docBuilds()).toBe(builds);
    // Its offer, then every candidate gathered while it waited, in one message.
    expect(triggered.doc?.slice(sent).map((m) => m.kind)).toEqual(["description", "candidates"]);
    expect(triggered.doc?.at(-1)).toMatchObject({ candidates: [0, 1, 2].map(cand) });
    doc.stop();
    again.stop();
  });

  it("admit-time flow: the patient waits in standby, the provider offers at once; the offer is the first thing either sends after the patient's hello", () => {
    const { make, triggered } = channelPair(() => false);
    const log: string[] = [];
    const negotiation = { answerTimeoutMs: 1000, offerTimeoutMs: 600 };
    const pat = startSignalling({
      channel: make("pat"),
      userId: "pat",
      initiator: false,
      standby: true,
      createPeer: fakePeers(false, log),
      clock,
      negotiation,
    });
    vi.advanceTimersByTime(10_000); // a long wait: no restart, nothing but the first hello (which went to an empty room)
    expect(triggered.pat?.map((m) => m.kind)).toEqual(["hello"]);
    const admitAt = Date.now();
    const doc = startSignalling({
      channel: make("doc"),
      userId: "doc",
      initiator: true,
      responderPresent: true,
      createPeer: fakePeers(true, log),
      clock,
      negotiation,
    });
    let connectedAt: number | null = null;
    while (connectedAt === null && Date.now() < admitAt + 500) {
      vi.advanceTimersByTime(1);
      if (doc.state().phase === "connected" && pat.state().phase === "connected") connectedAt = Date.now();
    }
    expect(triggered.doc?.[0]).toMatchObject({ kind: "description", type: "offer", seq: 0 });
    expect(triggered.doc?.some((m) => m.kind === "hello")).toBe(false);
    // Offer, answer and the first candidates each go at once: no batching window on the way (5 ms per hop here).
    expect((connectedAt ?? Infinity) - admitAt).toBeLessThan(30);
    expect(log.filter((l) => l.startsWith("pat built")).length).toBe(1);
    pat.admitted();
    vi.advanceTimersByTime(5000);
    expect(triggered.pat?.some((m) => m.kind === "restart")).toBe(false);
    doc.stop();
    pat.stop();
  });

  it("recovers from a lost offer through the responder's restart", () => {
    let dropped = 0;
    const { doc, pat, triggered, log } = call((from, m) => from === "doc" && m.kind === "description" && dropped++ === 0);
    vi.advanceTimersByTime(500);
    expect(pat.state().phase).toBe("waiting");
    vi.advanceTimersByTime(500);
    expect(doc.state().phase).toBe("connected");
    expect(pat.state().phase).toBe("connected");
    expect(triggered.pat?.filter((m) => m.kind === "restart").length).toBe(1);
    expect(log.filter((l) => l.startsWith("doc built")).length).toBe(2); // a fresh peer for the second offer
    expect(log.filter((l) => l.startsWith("pat built")).length).toBe(1); // the lost offer never touched it
    doc.stop();
    pat.stop();
  });
});

describe("a call of three or four: addressed signals and one pacing window per connection", () => {
  it("every message names its recipient (`for`), and a message with `for` parses while one without still does", () => {
    const { outbox, messages } = makeOutbox({ for: "pat" });
    outbox.post({ kind: "hello" });
    outbox.candidate(cand(1), S2);
    expect(messages()).toEqual([
      { v: 1, from: "doc", for: "pat", session: S1, seq: 0, kind: "hello" },
      { v: 1, from: "doc", for: "pat", session: S1, seq: 1, to: S2, kind: "candidates", candidates: [cand(1)] },
    ]);
    expect(parse(encode(messages()[0]!))).toEqual(messages()[0]);
    expect(parse(msg({ kind: "hello" }))).not.toBeNull(); // a client from before guests
    expect(parse(msg({ kind: "hello" }, { for: "" }))).toBeNull();
  });

  it("a pair's inbox reads only its remote's messages for us; one without `for` (an older client) still counts", () => {
    const got: string[] = [];
    const drops: DropReason[] = [];
    const inbox = new Inbox({
      self: "pat",
      remote: "doc",
      localSession: S3,
      clock,
      deliver: (m) => got.push(`${m.from}:${m.kind}`),
      onDrop: (reason) => drops.push(reason),
    });
    inbox.receive(msg({ kind: "hello", from: "guest", session: S2 }, { for: "pat" }), "guest"); // another pair's remote
    inbox.receive(msg({ kind: "hello" }, { for: "guest" }), "doc"); // the provider's signal to the guest
    expect(drops).toEqual(["other-pair", "not-for-us"]);
    expect(got).toEqual([]);
    inbox.receive(msg({ kind: "hello" }, { for: "pat" }), "doc");
    inbox.receive(msg({ kind: "bye", seq: 1 }), "doc");
    expect(got).toEqual(["doc:hello", "doc:bye"]);
  });

  it("another pair's signals never disturb a pair: the guest's new session is not the provider's", () => {
    const delivered: string[] = [];
    const inbox = new Inbox({
      self: "pat",
      remote: "doc",
      localSession: S3,
      clock,
      deliver: (m, info) => delivered.push(`${m.session}:${info.newSession}`),
    });
    inbox.receive(msg({ kind: "hello" }, { for: "pat" }), "doc");
    for (let seq = 0; seq < 5; seq++) inbox.receive(msg({ kind: "hello", from: "guest", session: S2, seq }, { for: "pat" }), "guest");
    inbox.receive(msg({ kind: "bye", seq: 1 }, { for: "pat" }), "doc");
    expect(delivered).toEqual([`${S1}:true`, `${S1}:false`]);
  });

  it("outboxes sharing a pacer share its 8 per second, taking turns once it is full, and the first message still leaves at once", () => {
    const pacer = new Pacer({ clock });
    const sent: { at: number; message: SignalMessage }[] = [];
    const send = (message: SignalMessage) => sent.push({ at: Date.now(), message });
    const boxes = ["pat", "int", "care"].map(
      (to, i) => new Outbox({ from: "doc", for: to, session: [S1, S2, S3][i]!, clock, send, pacer }),
    );
    boxes[0]!.candidate(cand(0)); // leading edge: nobody waits, it goes now
    expect(sent.length).toBe(1);
    for (const box of boxes) for (let i = 0; i < 6; i++) box.post({ kind: "hello" });
    expect(sent.length).toBe(8);
    vi.advanceTimersByTime(10_000);
    expect(sent.length).toBe(19);
    for (const s of sent) expect(sent.filter((o) => o.at > s.at - 1000 && o.at <= s.at).length).toBeLessThanOrEqual(8);
    // While the window had room, each went at once (pat first, all of its queue); once it was full, the two
    // still waiting took turns, one message each.
    expect(sent.filter((s) => s.at === 0).map((s) => s.message.for)).toEqual([...Array(7).fill("pat"), "int"]);
    const second = sent.filter((s) => s.at >= 1000 && s.at < 2000).map((s) => s.message.for);
    expect(second).toEqual(["int", "care", "int", "care", "int", "care", "int", "care"]);
    // Each outbox kept its own order.
    for (const to of ["pat", "int", "care"]) {
      const seqs = sent.filter((s) => s.message.for === to).map((s) => s.message.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    // A closed outbox's queue leaves the line.
    for (let i = 0; i < 10; i++) boxes[1]!.post({ kind: "hello" }); // 8 now, 2 wait
    for (let i = 0; i < 5; i++) boxes[2]!.post({ kind: "hello" }); // all wait
    boxes[2]!.close();
    vi.advanceTimersByTime(10_000);
    expect(sent.filter((s) => s.message.for === "care").length).toBe(6);
    expect(sent.at(-1)?.message.for).toBe("int");
  });

  it("each pair on its own pacer would burst past hosted Pusher's 10 a second; the connection's one pacer does not", () => {
    const burst = (shared: Pacer | null) => {
      const sent: number[] = [];
      const boxes = ["pat", "int", "care"].map(
        (to) =>
          new Outbox({ from: "doc", for: to, session: S1, clock, send: () => sent.push(Date.now()), ...(shared ? { pacer: shared } : {}) }),
      );
      for (const box of boxes) for (let i = 0; i < 5; i++) box.post({ kind: "hello" });
      vi.advanceTimersByTime(5000);
      return Math.max(...sent.map((t) => sent.filter((o) => o > t - 1000 && o <= t).length));
    };
    expect(burst(null)).toBe(15);
    expect(burst(new Pacer({ clock }))).toBe(8);
  });

  it("while the shared window is full, candidates gathered later join the one still queued for the same receiver", () => {
    const pacer = new Pacer({ clock });
    const sent: SignalMessage[] = [];
    const busy = new Outbox({ from: "doc", for: "int", session: S2, clock, send: (m) => sent.push(m), pacer });
    for (let i = 0; i < 8; i++) busy.post({ kind: "hello" }); // the other pair fills the window
    const { outbox, messages } = makeOutbox({ for: "pat", pacer, batchMs: 60 });
    outbox.candidate(cand(0));
    for (let i = 1; i < 6; i++) {
      vi.advanceTimersByTime(50);
      outbox.candidate(cand(i));
    }
    vi.advanceTimersByTime(2000);
    expect(messages()).toEqual([
      { v: 1, from: "doc", for: "pat", session: S1, seq: 0, kind: "candidates", candidates: [0, 1, 2, 3, 4, 5].map(cand) },
    ]);
  });

  it("pacerFor gives every channel of one pusher-js connection the same pacer", () => {
    const connection = {};
    const a = { pusher: connection };
    const b = { pusher: connection };
    expect(pacerFor(a)).toBe(pacerFor(b));
    expect(pacerFor({ pusher: {} })).not.toBe(pacerFor(a));
    const bare = {};
    expect(pacerFor(bare)).toBe(pacerFor(bare));
  });

  it("three signallings from one tab to three remotes over one channel: each reads only its own pair, all share the window", () => {
    const fromDoc: { at: number; data: SignalMessage }[] = [];
    const { make } = channelPair((from, data) => {
      if (from === "doc") fromDoc.push({ at: Date.now(), data });
      return false;
    });
    const docChannel = make("doc");
    const log: string[] = [];
    const phases: Record<string, string[]> = {};
    const remotes = ["pat", "int", "care"];
    const sides = remotes.flatMap((remote) => [
      startSignalling({
        channel: docChannel,
        userId: "doc",
        remoteId: remote,
        initiator: true,
        createPeer: fakePeers(true, log),
        clock,
        onPhase: (p) => (phases[`doc-${remote}`] ??= []).push(p),
      }),
      startSignalling({
        channel: make(remote),
        userId: remote,
        remoteId: "doc",
        initiator: false,
        createPeer: fakePeers(false, log),
        clock,
        onPhase: (p) => (phases[`${remote}-doc`] ??= []).push(p),
      }),
    ]);
    vi.advanceTimersByTime(5000);
    for (const key of Object.keys(phases)) expect([key, phases[key]?.at(-1)]).toEqual([key, "connected"]);
    expect(new Set(fromDoc.map((t) => t.data.for))).toEqual(new Set(remotes));
    for (const t of fromDoc) expect(fromDoc.filter((o) => o.at > t.at - 1000 && o.at <= t.at).length).toBeLessThanOrEqual(8);
    for (const s of sides) s.stop();
  });
});

describe("the bye said while the page unloads", () => {
  /** A pusher-js channel's shape down to its socket; `trigger` defers like pusher-js (a tick the unloading page never gets). */
  function pusherLikeChannel(readyState = 1) {
    const frames: string[] = [];
    const deferred: unknown[] = [];
    const channel = {
      name: "presence-visit-a1",
      trigger: (_event: string, data: unknown) => (deferred.push(data), true),
      bind: () => undefined,
      unbind: () => undefined,
      pusher: { connection: { connection: { transport: { socket: { readyState, send: (frame: string) => frames.push(frame) } } } } },
    };
    return { channel, frames, deferred };
  }

  it("writes the Pusher-protocol frame on the open socket now, not on the next tick", () => {
    const { channel, frames, deferred } = pusherLikeChannel();
    expect(sendAtOnce(channel, "client-signal", { kind: "bye" })).toBe(true);
    expect(frames.map((f) => JSON.parse(f))).toEqual([{ event: "client-signal", data: { kind: "bye" }, channel: "presence-visit-a1" }]);
    expect(deferred).toEqual([]);
  });

  it("falls back to the ordinary trigger for anything that is not pusher-js's open socket", () => {
    const closed = pusherLikeChannel(3);
    sendAtOnce(closed.channel, "client-signal", { kind: "bye" });
    expect(closed.frames).toEqual([]);
    expect(closed.deferred).toEqual([{ kind: "bye" }]);
    const plain: SignalChannel & { sent: unknown[] } = {
      sent: [],
      trigger(_event, data) {
        this.sent.push(data);
        return true;
      },
      bind: () => undefined,
      unbind: () => undefined,
    };
    sendAtOnce(plain, "client-signal", { kind: "bye" });
    expect(plain.sent).toEqual([{ kind: "bye" }]);
  });

  it("stop() (pagehide) puts the bye on the socket before returning; other signals keep pusher-js's path", () => {
    const { channel, frames, deferred } = pusherLikeChannel();
    const pat = startSignalling({ channel, userId: "pat", initiator: false, createPeer: fakePeers(false, []), clock });
    expect(deferred.map((m) => (m as SignalMessage).kind)).toEqual(["hello"]);
    expect(frames).toEqual([]);
    pat.stop();
    expect(frames.map((f) => (JSON.parse(f) as { data: SignalMessage }).data.kind)).toEqual(["bye"]);
  });
});
