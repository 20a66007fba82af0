/**
 * The call-setup floor: bare simple-peer (its browser bundle) in two Chromium pages, signals passed through a
 * plain WebSocket relay on 127.0.0.1, no app, no server work. Timed from the initiator's `new SimplePeer()` to
 * the first real remote frame (requestVideoFrameCallback metadata with an rtpTimestamp) on each side.
 * warmFloorRun: Admit over a warm connection in the same bare pages, timed from the Admit to the first real frame.
 * floorMeshRun: the same pages, three of them, one peer per pair (the first page offers to both others, the second
 * to the third), signals addressed through the same relay (bench/three-person.ts).
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { build } from "esbuild";
import { KEPT_KEY_MS } from "../../lib/call-engine/frame-gate";
import { WebSocketServer, type WebSocket } from "ws";

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title><script src="/simplepeer.min.js"></script></head>
<body><video id="remote" autoplay muted playsinline></video><script>
window.__floor = { stream: null, peer: null, ws: null, startedAt: null, frameAt: null, config: { iceServers: [] } };
window.__floorReady = (async () => {
  const f = window.__floor;
  f.stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  f.ws = new WebSocket("ws://" + location.host + "/ws?room=" + new URLSearchParams(location.search).get("room"));
  await new Promise((resolve, reject) => { f.ws.onopen = resolve; f.ws.onerror = reject; });
  f.ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.mesh) return meshSignal(message);
    if (message.warm) return warmSignal(message);
    if (!f.peer) makePeer(false);
    f.peer.signal(message);
  };
  return true;
})();
function makePeer(initiator) {
  const f = window.__floor;
  const video = document.getElementById("remote");
  f.peer = new SimplePeer({ initiator, stream: f.stream, config: f.config });
  f.peer.on("signal", (data) => f.ws.send(JSON.stringify(data)));
  f.peer.on("stream", (stream) => {
    video.srcObject = stream;
    video.play().catch(() => {});
    const wait = () => video.requestVideoFrameCallback((now, meta) => {
      if (meta.rtpTimestamp === undefined) return wait();
      if (f.frameAt === null) f.frameAt = performance.timeOrigin + now;
    });
    wait();
  });
  f.peer.on("error", () => {});
}
window.__floorStart = () => {
  window.__floor.startedAt = performance.timeOrigin + performance.now();
  makePeer(true);
};
// Mesh (bench/three-person.ts): one peer per remote page, signals addressed { mesh, from, to, signal } through
// the same relay (each page ignores the others' messages); frames stamped per remote in __mesh.frameAt.
window.__mesh = { self: null, peers: {}, startedAt: null, frameAt: {} };
function meshPeer(remote, initiator) {
  const f = window.__floor, m = window.__mesh;
  const peer = new SimplePeer({ initiator, stream: f.stream, config: f.config });
  m.peers[remote] = peer;
  peer.on("signal", (signal) => f.ws.send(JSON.stringify({ mesh: 1, from: m.self, to: remote, signal })));
  peer.on("stream", (stream) => {
    const video = document.createElement("video");
    Object.assign(video, { autoplay: true, muted: true, playsInline: true, srcObject: stream });
    document.body.appendChild(video);
    video.play().catch(() => {});
    const wait = () => video.requestVideoFrameCallback((now, meta) => {
      if (meta.rtpTimestamp === undefined) return wait();
      if (m.frameAt[remote] === undefined) m.frameAt[remote] = performance.timeOrigin + now;
    });
    wait();
  });
  peer.on("error", () => {});
  return peer;
}
function meshSignal(message) {
  const m = window.__mesh;
  if (message.to !== m.self) return;
  (m.peers[message.from] ?? meshPeer(message.from, false)).signal(message.signal);
}
window.__floorMeshJoin = (self) => { window.__mesh.self = self; };
window.__floorMeshStart = (offerTo) => {
  window.__mesh.startedAt = performance.timeOrigin + performance.now();
  for (const remote of offerTo) meshPeer(remote, true);
};
// The warm floor (warmFloorRun): a bare RTCPeerConnection set up with no media on it, each side's camera
// priming its encoder behind the app's own gate worker (/gate.js, lib/call-engine/media-gate.worker.ts), and
// Admit as the app does it: open this side's gate, ask the other for a key frame, say "admit" over the data
// channel; the other side does the same when it hears. No app, no server, no React.
window.__warm = { pc: null, dc: null, worker: null, sender: 0, receiver: 0, primed: false, startedAt: null, frameAt: null };
function warmPeer(initiator) {
  const f = window.__floor, w = window.__warm;
  const pc = (w.pc = new RTCPeerConnection({ ...f.config, bundlePolicy: "max-bundle" }));
  const worker = (w.worker = w.worker ?? new Worker("/gate.js"));
  const video = document.getElementById("remote");
  worker.onmessage = ({ data }) => {
    if (data.ready !== w.sender || w.primed) return;
    w.primed = true;
    const t = pc.getTransceivers().find((x) => x.receiver.track.kind === "video");
    t.sender.replaceTrack(f.stream.getVideoTracks()[0]);
  };
  pc.onicecandidate = (e) => e.candidate && f.ws.send(JSON.stringify({ warm: 1, candidate: e.candidate }));
  pc.ontrack = (e) => {
    if (e.track.kind !== "video") return;
    video.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    video.play().catch(() => {});
    const wait = () => video.requestVideoFrameCallback((now, meta) => {
      if (meta.rtpTimestamp === undefined) return wait();
      if (w.frameAt === null) w.frameAt = performance.timeOrigin + now;
    });
    wait();
  };
  const useChannel = (dc) => { w.dc = dc; dc.onmessage = () => warmAdmitHere(); };
  if (initiator) {
    for (const kind of ["audio", "video"]) pc.addTransceiver(kind, { direction: "sendrecv", streams: [f.stream] });
    useChannel(pc.createDataChannel("d"));
    gateVideo(true);
  } else pc.ondatachannel = (e) => useChannel(e.channel);
  return pc;
}
// As the app's: the initiator's gate keeps the key frame the responder keeps asking for (frame-gate.ts).
function gateVideo(initiator) {
  const w = window.__warm;
  const t = w.pc.getTransceivers().find((x) => x.receiver.track.kind === "video");
  w.sender = Math.floor(Math.random() * 1e9);
  w.receiver = w.sender + 1;
  t.sender.transform = new RTCRtpScriptTransform(w.worker, { id: w.sender, side: "send", recentMs: initiator ? ${KEPT_KEY_MS} : undefined });
  t.receiver.transform = new RTCRtpScriptTransform(w.worker, { id: w.receiver, side: "receive" });
  if (!initiator) w.worker.postMessage({ id: w.receiver, op: "keep" });
}
async function warmSignal(message) {
  const w = window.__warm;
  if (message.sdp) {
    if (message.sdp.type === "offer") {
      const pc = warmPeer(false);
      await pc.setRemoteDescription(message.sdp);
      for (const t of pc.getTransceivers()) { t.direction = "sendrecv"; t.sender.setStreams(window.__floor.stream); }
      gateVideo(false);
      await pc.setLocalDescription();
      window.__floor.ws.send(JSON.stringify({ warm: 1, sdp: pc.localDescription }));
    } else await w.pc.setRemoteDescription(message.sdp);
  } else if (message.candidate) await w.pc.addIceCandidate(message.candidate).catch(() => {});
}
function warmAdmitHere() {
  const w = window.__warm;
  if (w.admitted) return;
  w.admitted = true;
  const audio = w.pc.getTransceivers().find((x) => x.receiver.track.kind === "audio");
  audio.sender.replaceTrack(window.__floor.stream.getAudioTracks()[0]);
  w.worker.postMessage({ id: w.sender, op: "open" });
  w.worker.postMessage({ id: w.receiver, op: "key" });
}
window.__warmStart = async () => {
  const pc = warmPeer(true);
  await pc.setLocalDescription();
  window.__floor.ws.send(JSON.stringify({ warm: 1, sdp: pc.localDescription }));
};
window.__warmReady = () => { const w = window.__warm; return w.pc?.connectionState === "connected" && w.primed && w.dc?.readyState === "open"; };
window.__warmAdmit = () => {
  const w = window.__warm;
  w.startedAt = performance.timeOrigin + performance.now(); // the Admit
  warmAdmitHere();
  w.dc.send("admit");
};
window.__floorStop = () => {
  const w = window.__warm; if (w.pc) w.pc.close(); w.worker?.terminate();
  Object.assign(w, { pc: null, dc: null, worker: null, primed: false, admitted: false, startedAt: null, frameAt: null });
  const m = window.__mesh;
  for (const peer of Object.values(m.peers)) peer.destroy();
  Object.assign(m, { peers: {}, startedAt: null, frameAt: {} });
  document.querySelectorAll("video:not(#remote)").forEach((v) => v.remove());
  const f = window.__floor; if (f.peer) f.peer.destroy(); f.peer = null; f.startedAt = null; f.frameAt = null; };
</script></body></html>`;

export type FloorServer = { url: string; setDelay(ms: number): void; close(): Promise<void> };

/**
 * HTTP (page + bundle) and the WebSocket relay on one loopback port: every message goes to the room's other
 * sockets, `delayMs` later (simulated distance, as LOCAL_PUSHER_DELAY_MS adds in the local Pusher server;
 * 0 relays at once). `setDelay` changes it for messages relayed from then on.
 */
export async function startFloorServer(root: string, delayMs = 0): Promise<FloorServer> {
  let delay = delayMs;
  const bundle = readFileSync(join(root, "node_modules/simple-peer/simplepeer.min.js"));
  // The app's own gate worker, so the warm floor's gate follows the same rule (frame-gate.ts).
  const gate = (
    await build({
      entryPoints: [join(root, "lib/call-engine/media-gate.worker.ts")],
      bundle: true,
      write: false,
      format: "esm",
      absWorkingDir: root,
    })
  ).outputFiles[0]!.text;
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith("/gate.js")) {
      res.writeHead(200, { "content-type": "text/javascript" }).end(gate);
    } else if (req.url?.startsWith("/simplepeer.min.js")) {
      res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    } else {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    }
  });
  const wss = new WebSocketServer({ server, path: "/ws" });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on("connection", (socket, req) => {
    const room = new URL(req.url ?? "/", "http://x").searchParams.get("room") ?? "";
    const members = rooms.get(room) ?? new Set<WebSocket>();
    rooms.set(room, members);
    members.add(socket);
    const relay = (data: Parameters<WebSocket["send"]>[0], isBinary: boolean) => {
      for (const other of members) if (other !== socket && other.readyState === other.OPEN) other.send(data, { binary: isBinary });
    };
    // Every message waits the same, so their order is kept.
    socket.on("message", (data, isBinary) => (delay > 0 ? setTimeout(() => relay(data, isBinary), delay) : relay(data, isBinary)));
    socket.on("close", () => members.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    setDelay: (ms) => void (delay = ms),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

const epochNow = () => performance.timeOrigin + performance.now();

/** page clock − Node clock, from the evaluate() round trip with the least delay. */
export async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 5; i++) {
    const before = epochNow();
    const inPage = (await page.evaluate("performance.timeOrigin + performance.now()")) as number;
    const after = epochNow();
    if (after - before < best.rtt) best = { rtt: after - before, offset: inPage - (before + after) / 2 };
  }
  return best.offset;
}

/**
 * Two fresh pages in two contexts, configured; `start` begins the call in the first. Returns ms from the start
 * that `state` (window.__floor or window.__warm) stamped to the first real remote frame on each side.
 */
async function pairRun(
  browser: Browser,
  serverUrl: string,
  room: string,
  config: RTCConfiguration,
  state: "__floor" | "__warm",
  start: (a: Page, b: Page) => Promise<void>,
): Promise<{ initiator: number; responder: number }> {
  const contexts: BrowserContext[] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const [a, b] = await Promise.all(contexts.map((c) => c.newPage()));
    await Promise.all([a!, b!].map((p) => p.goto(`${serverUrl}/?room=${room}`)));
    await Promise.all([a!, b!].map((p) => p.evaluate("window.__floorReady")));
    await Promise.all([a!, b!].map((p) => p.evaluate(`window.__floor.config = ${JSON.stringify(config)}`)));
    await start(a!, b!);
    const done = `window.${state}.frameAt !== null`;
    await Promise.all([a!, b!].map((p) => p.waitForFunction(done, undefined, { timeout: 15_000, polling: 20 })));
    const read = async (p: Page) => ({
      ...((await p.evaluate(`({ startedAt: window.${state}.startedAt, frameAt: window.${state}.frameAt })`)) as {
        startedAt: number | null;
        frameAt: number;
      }),
      offset: await clockOffset(p),
    });
    const [ra, rb] = [await read(a!), await read(b!)];
    const t0 = ra.startedAt! - ra.offset; // Node clock
    await Promise.all([a!, b!].map((p) => p.evaluate("window.__floorStop()").catch(() => undefined)));
    return { initiator: ra.frameAt - ra.offset - t0, responder: rb.frameAt - rb.offset - t0 };
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  }
}

/** One floor call: fresh pages in two contexts; returns ms from `new SimplePeer()` to the first real frame on each side. */
export async function floorRun(
  browser: Browser,
  serverUrl: string,
  room: string,
  config: RTCConfiguration = { iceServers: [] },
): Promise<{ initiator: number; responder: number }> {
  return pairRun(browser, serverUrl, room, config, "__floor", async (a) => void (await a.evaluate("window.__floorStart()")));
}

/**
 * One mesh floor call: a page in each of `browsers` (one context each), every pair its own bare simple-peer.
 * Page i offers to every page after it, all offers started together (as the call's pair rule: the provider to
 * everyone, the patient to the guest). Returns ms from the first `new SimplePeer()` (Node clock) to the first
 * real frame of each directed stream, keyed "receiver<-sender" with pages named p0, p1, ….
 */
export async function floorMeshRun(
  browsers: Browser[],
  serverUrl: string,
  room: string,
  config: RTCConfiguration = { iceServers: [] },
): Promise<Record<string, number>> {
  const contexts: BrowserContext[] = await Promise.all(browsers.map((b) => b.newContext()));
  const names = browsers.map((_, i) => `p${i}`);
  try {
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    await Promise.all(pages.map((p) => p.goto(`${serverUrl}/?room=${room}`)));
    await Promise.all(pages.map((p) => p.evaluate("window.__floorReady")));
    await Promise.all(
      pages.map((p, i) => p.evaluate(`window.__floor.config = ${JSON.stringify(config)}; window.__floorMeshJoin("${names[i]}")`)),
    );
    await Promise.all(
      pages.map((p, i) => (i < pages.length - 1 ? p.evaluate(`window.__floorMeshStart(${JSON.stringify(names.slice(i + 1))})`) : null)),
    );
    const all = `Object.keys(window.__mesh.frameAt).length >= ${pages.length - 1}`;
    await Promise.all(pages.map((p) => p.waitForFunction(all, undefined, { timeout: 20_000, polling: 50 })));
    const reads: { startedAt: number | null; frameAt: Record<string, number>; offset: number }[] = [];
    for (const p of pages) {
      const r = (await p.evaluate("({ startedAt: window.__mesh.startedAt, frameAt: window.__mesh.frameAt })")) as {
        startedAt: number | null;
        frameAt: Record<string, number>;
      };
      reads.push({ ...r, offset: await clockOffset(p) });
    }
    const t0 = Math.min(...reads.filter((r) => r.startedAt !== null).map((r) => r.startedAt! - r.offset));
    await Promise.all(pages.map((p) => p.evaluate("window.__floorStop()").catch(() => undefined)));
    const out: Record<string, number> = {};
    reads.forEach((r, i) => {
      for (const [from, at] of Object.entries(r.frameAt)) out[`${names[i]}<-${from}`] = at - r.offset - t0;
    });
    return out;
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  }
}

/** How long the warm floor's connection waits, up and primed, before its Admit (a patient waiting). */
export const WARM_FLOOR_WAIT_MS = 1500;

/**
 * One warm floor call: fresh pages, the warm connection set up and primed, then held WARM_FLOOR_WAIT_MS before
 * the initiator's Admit; returns ms from that Admit to the first real remote frame on each side.
 */
export async function warmFloorRun(
  browser: Browser,
  serverUrl: string,
  room: string,
  config: RTCConfiguration = { iceServers: [] },
): Promise<{ initiator: number; responder: number }> {
  return pairRun(browser, serverUrl, room, config, "__warm", async (a, b) => {
    await a.evaluate("window.__warmStart()");
    await Promise.all([a, b].map((p) => p.waitForFunction("window.__warmReady()", undefined, { timeout: 15_000, polling: 50 })));
    await new Promise((resolve) => setTimeout(resolve, WARM_FLOOR_WAIT_MS));
    await a.evaluate("window.__warmAdmit()");
  });
}
