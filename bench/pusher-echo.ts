/**
 * One event through our local Pusher-protocol server (lib/local-pusher, with hosted Pusher's limits on)
 * against the floor: a raw `ws` server that echoes, or pushes an HTTP POST body to a socket (issue 8).
 *
 * - client event: pusher-js A sends `client-ping` on a private channel, pusher-js B receives it
 *   (A -> server -> B), versus a raw WebSocket echo (C -> server -> C): two loopback hops each. The same
 *   again with bare `ws` clients speaking the Pusher protocol, which isolates the server from pusher-js's
 *   Node transport (browsers use their native WebSocket instead).
 * - server trigger: the `pusher` server SDK's trigger() (signed REST POST) until pusher-js receives it,
 *   versus a plain HTTP POST that a raw `ws` server pushes to its socket.
 * Both servers run in this process, as do their clients, so they share one event loop alike. Rounds alternate.
 * Every sample follows the same short pause, and client events rotate over several pairs to stay within
 * hosted Pusher's 10 client events/s per connection.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Pusher from "pusher";
import PusherJS, { type Channel } from "pusher-js";
import WebSocket, { WebSocketServer } from "ws";
import { startLocalPusher } from "../lib/local-pusher/server";
import { comparisonRow, sleep } from "./lib/stats";
import type { BenchContext, Row } from "./lib/types";

const APP = { appId: "100003", key: "bench-key", secret: "bench-secret-0123456789" };
const PAIRS = 10;
const ROUNDS = 8;
const PER_ROUND = 25;
/**
 * The same pause before every sample of every kind, as events come one at a time in real use (the event
 * loops are idle when one arrives). With PAIRS pairs in rotation, each connection sends at most one client
 * event every PAIRS * GAP_MS = 150 ms, within hosted Pusher's 10/s.
 */
const GAP_MS = 15;

type Waiter = { resolve: (at: number) => void };

function waitOnce(
  bindable: { bind(event: string, cb: (data: unknown) => void): unknown; unbind(event: string, cb: (data: unknown) => void): unknown },
  event: string,
  timeoutMs = 5000,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
    const handler = (data: unknown) => {
      clearTimeout(timer);
      bindable.unbind(event, handler);
      resolve(data);
    };
    bindable.bind(event, handler);
  });
}

export async function benchPusherEcho(ctx: BenchContext): Promise<Row[]> {
  const local = await startLocalPusher({ ...APP, port: 0 });
  const floor = await startFloorServer();
  const rest = new Pusher({ ...APP, host: "127.0.0.1", port: String(local.port), useTLS: false });
  const clients: PusherJS[] = [];
  const sockets: WebSocket[] = [];
  try {
    const connect = async () => {
      const client = new PusherJS(APP.key, {
        cluster: "local",
        wsHost: "127.0.0.1",
        wsPort: local.port,
        forceTLS: false,
        enabledTransports: ["ws"],
        channelAuthorization: {
          endpoint: "unused",
          transport: "ajax",
          customHandler: ({ socketId, channelName }, callback) => callback(null, rest.authorizeChannel(socketId, channelName)),
        },
      });
      clients.push(client);
      if (client.connection.state !== "connected") await waitOnce(client.connection, "connected");
      return client;
    };
    const subscribe = async (client: PusherJS, name: string): Promise<Channel> => {
      const channel = client.subscribe(name);
      await waitOnce(channel, "pusher:subscription_succeeded");
      return channel;
    };

    // Pusher: PAIRS sender/receiver pairs on private channels, plus one subscriber for triggers.
    const pending = new Map<number, Waiter>();
    const pairs: { send: Channel }[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const [a, b] = [await connect(), await connect()];
      const name = `private-bench-${i}`;
      const send = await subscribe(a, name);
      const receive = await subscribe(b, name);
      receive.bind("client-ping", (data: { seq: number }) => pending.get(data.seq)?.resolve(performance.now()));
      pairs.push({ send });
    }
    const rawPairs: WebSocket[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const name = `private-bench-raw-${i}`;
      const a = await rawPusherClient(local.port, rest, name);
      const b = await rawPusherClient(local.port, rest, name);
      sockets.push(a, b);
      b.on("message", (message) => {
        const frame = JSON.parse(String(message)) as { event: string; data: unknown };
        if (frame.event !== "client-ping") return;
        const data = (typeof frame.data === "string" ? JSON.parse(frame.data) : frame.data) as { seq: number };
        pending.get(data.seq)?.resolve(performance.now());
      });
      rawPairs.push(a);
    }
    const triggered = await subscribe(await connect(), "bench-trigger");
    triggered.bind("ping", (data: { seq: number }) => pending.get(data.seq)?.resolve(performance.now()));

    // Floor: one raw socket that gets echoes and pushes.
    const raw = new WebSocket(`ws://127.0.0.1:${floor.port}/`);
    sockets.push(raw);
    await new Promise((resolve, reject) => (raw.once("open", resolve), raw.once("error", reject)));
    raw.on("message", (message) => {
      const data = JSON.parse(String(message)) as { seq: number };
      pending.get(data.seq)?.resolve(performance.now());
    });

    let seq = 0;
    let pair = 0;
    const measure = async (send: (seq: number) => void | Promise<unknown>): Promise<number> => {
      const id = ++seq;
      const arrived = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`event ${id} was not delivered in 5 s`)), 5000);
        pending.set(id, { resolve: (at) => (clearTimeout(timer), resolve(at)) });
      });
      await sleep(GAP_MS);
      const t0 = performance.now();
      await send(id);
      const at = await arrived;
      pending.delete(id);
      return at - t0;
    };
    const clientEvent = () => {
      const p = pairs[pair++ % pairs.length]!;
      return measure((id) => void p.send.trigger("client-ping", { seq: id, pad: "x".repeat(64) }));
    };
    let rawPair = 0;
    const rawClientEvent = () => {
      const i = rawPair++ % rawPairs.length;
      return measure((id) =>
        rawPairs[i]!.send(
          JSON.stringify({ event: "client-ping", channel: `private-bench-raw-${i}`, data: { seq: id, pad: "x".repeat(64) } }),
        ),
      );
    };
    const rawEcho = () => measure((id) => raw.send(JSON.stringify({ seq: id, pad: "x".repeat(64) })));
    const serverTrigger = () => measure((id) => rest.trigger("bench-trigger", "ping", { seq: id, pad: "x".repeat(64) }));
    const rawPush = () =>
      measure(async (id) => {
        const response = await fetch(`http://127.0.0.1:${floor.port}/push`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ seq: id, pad: "x".repeat(64) }),
        });
        await response.arrayBuffer();
      });

    // Warm-up.
    for (let i = 0; i < 20; i++) {
      await clientEvent();
      await rawClientEvent();
      await rawEcho();
      await serverTrigger();
      await rawPush();
    }

    const samples = {
      clientEvent: [] as number[],
      rawClientEvent: [] as number[],
      echo: [] as number[],
      trigger: [] as number[],
      push: [] as number[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      const order: [() => Promise<number>, number[]][] = [
        [clientEvent, samples.clientEvent],
        [rawClientEvent, samples.rawClientEvent],
        [rawEcho, samples.echo],
        [serverTrigger, samples.trigger],
        [rawPush, samples.push],
      ];
      if (round % 2 === 1) order.reverse();
      for (const [run, into] of order) for (let i = 0; i < PER_ROUND; i++) into.push(await run());
    }
    ctx.log(`pusher-echo: ${seq} events delivered`);

    return [
      comparisonRow(
        "pusher: client event, pusher-js A → local server → pusher-js B",
        samples.clientEvent,
        samples.echo,
        "ms",
        "raw ws echo",
      ),
      comparisonRow("pusher: client event, bare ws clients → local server", samples.rawClientEvent, samples.echo, "ms", "raw ws echo"),
      comparisonRow("pusher: server trigger (REST) → pusher-js", samples.trigger, samples.push, "ms", "HTTP POST → raw ws push"),
    ];
  } finally {
    for (const client of clients) client.disconnect();
    for (const socket of sockets) socket.close();
    await local.close();
    await floor.close();
  }
}

/** A bare `ws` client speaking Pusher protocol 7, subscribed to one private channel. */
async function rawPusherClient(port: number, rest: Pusher, channel: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${APP.key}?protocol=7&client=bench&version=1.0`);
  const frames: { event: string; data?: unknown; channel?: string }[] = [];
  let notify: (() => void) | undefined;
  ws.on("message", (m) => {
    frames.push(JSON.parse(String(m)) as { event: string; data?: unknown });
    notify?.();
  });
  const next = (event: string) =>
    new Promise<{ event: string; data?: unknown }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), 5000);
      const check = () => {
        const found = frames.find((f) => f.event === event);
        if (found) {
          clearTimeout(timer);
          notify = undefined;
          resolve(found);
        }
      };
      notify = check;
      check();
    });
  const established = await next("pusher:connection_established");
  const socketId = (JSON.parse(String(established.data)) as { socket_id: string }).socket_id;
  ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth: rest.authorizeChannel(socketId, channel).auth } }));
  await next("pusher_internal:subscription_succeeded");
  return ws;
}

/** The floor: a bare `ws` server that echoes every message, and pushes POST /push bodies to every socket. */
async function startFloorServer(): Promise<{ port: number; close(): Promise<void> }> {
  const wss = new WebSocketServer({ noServer: true });
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      for (const socket of wss.clients) socket.send(body);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  http.on("upgrade", (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => ws.on("message", (m, isBinary) => ws.send(m, { binary: isBinary }))),
  );
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    port: (http.address() as AddressInfo).port,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
