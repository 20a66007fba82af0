/**
 * The call-setup floor: bare simple-peer (its browser bundle) in two Chromium pages, signals passed through a
 * plain WebSocket relay on 127.0.0.1, no app, no server work. Timed from the initiator's `new SimplePeer()` to
 * the first real remote frame (requestVideoFrameCallback metadata with an rtpTimestamp) on each side.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
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
    if (!f.peer) makePeer(false);
    f.peer.signal(JSON.parse(event.data));
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
window.__floorStop = () => { const f = window.__floor; if (f.peer) f.peer.destroy(); f.peer = null; f.startedAt = null; f.frameAt = null; };
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
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith("/simplepeer.min.js")) {
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

/** One floor call: fresh pages in two contexts; returns ms from `new SimplePeer()` to the first real frame on each side. */
export async function floorRun(
  browser: Browser,
  serverUrl: string,
  room: string,
  config: RTCConfiguration = { iceServers: [] },
): Promise<{ initiator: number; responder: number }> {
  const contexts: BrowserContext[] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const [a, b] = await Promise.all(contexts.map((c) => c.newPage()));
    await Promise.all([a!, b!].map((p) => p.goto(`${serverUrl}/?room=${room}`)));
    await Promise.all([a!, b!].map((p) => p.evaluate("window.__floorReady")));
    await Promise.all([a!, b!].map((p) => p.evaluate(`window.__floor.config = ${JSON.stringify(config)}`)));
    await a!.evaluate("window.__floorStart()");
    const done = "window.__floor.frameAt !== null";
    await Promise.all([a!, b!].map((p) => p.waitForFunction(done, undefined, { timeout: 15_000, polling: 50 })));
    const read = async (p: Page) => ({
      ...((await p.evaluate("({ startedAt: window.__floor.startedAt, frameAt: window.__floor.frameAt })")) as {
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
