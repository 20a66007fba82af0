// Test harness: a local-pusher per test on an ephemeral port, real SDK clients, and cleanup that
// closes every socket so the run ends without stray handles.

import Pusher from "pusher";
import PusherJS, { type Channel } from "pusher-js";
import { onTestFinished } from "vitest";
import WebSocket from "ws";
import type { LocalPusher, LocalPusherOptions } from "../../../lib/local-pusher/config";
import { startLocalPusher } from "../../../lib/local-pusher/server";

export const APP = { appId: "4242", key: "local-key", secret: "local-secret" } as const;
export const WAIT_MS = 2000;

interface Bindable {
  bind(event: string, callback: (...args: unknown[]) => void): unknown;
  unbind(event?: string, callback?: (...args: unknown[]) => void): unknown;
}

/** First occurrence of an event on a pusher-js dispatcher, with a timeout so a miss fails fast. */
export function once(target: Bindable, event: string, timeoutMs = WAIT_MS): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.unbind(event, handler);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const handler = (data: unknown): void => {
      clearTimeout(timer);
      target.unbind(event, handler);
      resolve(data);
    };
    target.bind(event, handler);
  });
}

/** Records every occurrence; waitFor(n) resolves once n have arrived. */
export class Recorder<T = unknown> {
  readonly items: T[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => (this.items.length >= w.count ? (w.resolve(), false) : true));
  }

  waitFor(count: number, timeoutMs = WAIT_MS): Promise<T[]> {
    if (this.items.length >= count) return Promise.resolve(this.items);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out: ${this.items.length}/${count} arrived`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(this.items)) });
    });
  }
}

export function record(target: Bindable, event: string): Recorder {
  const recorder = new Recorder();
  target.bind(event, (data: unknown) => recorder.push(data));
  return recorder;
}

export interface TestUser {
  id: string;
  info?: Record<string, unknown>;
}

export class Harness {
  private readonly clients: PusherJS[] = [];
  private readonly raws: RawClient[] = [];

  constructor(readonly server: LocalPusher) {}

  rest(secret: string = APP.secret): Pusher {
    return new Pusher({ ...APP, secret, host: "127.0.0.1", port: String(this.server.port), useTLS: false });
  }

  /** A pusher-js client whose channel authorization signs with the server SDK, as the app's endpoint does. */
  async client(user?: TestUser, signingSecret: string = APP.secret): Promise<PusherJS> {
    const signer = this.rest(signingSecret);
    const pusher = new PusherJS(APP.key, {
      cluster: "local",
      wsHost: "127.0.0.1",
      wsPort: this.server.port,
      forceTLS: false,
      enabledTransports: ["ws"],
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          const presence = channelName.startsWith("presence-") && user ? { user_id: user.id, user_info: user.info } : undefined;
          callback(null, signer.authorizeChannel(socketId, channelName, presence));
        },
      },
    });
    this.clients.push(pusher);
    if (pusher.connection.state !== "connected") await once(pusher.connection, "connected");
    return pusher;
  }

  async raw(path = `/app/${APP.key}?protocol=7&client=js&version=8.6.0`, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    const client = await RawClient.open(`ws://127.0.0.1:${this.server.port}${path}`, options);
    this.raws.push(client);
    return client;
  }

  async cleanup(): Promise<void> {
    for (const pusher of this.clients) pusher.disconnect();
    await Promise.all(this.raws.map((raw) => raw.close()));
    await this.server.close();
  }
}

export async function startHarness(options: Partial<LocalPusherOptions> = {}): Promise<Harness> {
  const server = await startLocalPusher({ ...APP, port: 0, ...options });
  const harness = new Harness(server);
  onTestFinished(() => harness.cleanup());
  return harness;
}

export async function subscribe(pusher: PusherJS, name: string): Promise<Channel> {
  const channel = pusher.subscribe(name);
  const outcome = await Promise.race([
    once(channel, "pusher:subscription_succeeded").then(() => "ok" as const),
    once(channel, "pusher:subscription_error").then((error) => ({ error })),
  ]);
  if (outcome !== "ok") throw new Error(`subscription to ${name} failed: ${JSON.stringify(outcome.error)}`);
  return channel;
}

export interface Frame {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
}

/** Channel event data is a JSON string on the wire; error frames carry an object. */
export function dataOf(frame: Frame): Record<string, unknown> {
  const data = typeof frame.data === "string" ? (JSON.parse(frame.data) as unknown) : frame.data;
  return typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
}

/** A bare `ws` client for what pusher-js hides or refuses to send (bad handshakes, raw frames). */
export class RawClient {
  readonly frames = new Recorder<Frame>();
  closeCode: number | undefined;
  private readonly closed: Promise<void>;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (raw) => this.frames.push(JSON.parse(String(raw)) as Frame));
    this.closed = new Promise((resolve) => ws.on("close", (code) => ((this.closeCode = code), resolve())));
  }

  static open(url: string, options: WebSocket.ClientOptions): Promise<RawClient> {
    const client = new RawClient(new WebSocket(url, options));
    return new Promise((resolve, reject) => {
      client.ws.once("open", () => resolve(client));
      client.ws.once("error", reject);
    });
  }

  get socketId(): string {
    const established = this.frames.items.find((f) => f.event === "pusher:connection_established");
    return String(established ? dataOf(established).socket_id : "");
  }

  send(frame: Frame): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** First frame matching, among those from index `from` on (earlier ones included by default). */
  async next(predicate: (frame: Frame) => boolean, from = 0, timeoutMs = WAIT_MS): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (let seen = from; ; seen++) {
      const items = await this.frames.waitFor(seen + 1, Math.max(1, deadline - Date.now()));
      const frame = items[seen];
      if (frame && predicate(frame)) return frame;
    }
  }

  count(predicate: (frame: Frame) => boolean): number {
    return this.frames.items.filter(predicate).length;
  }

  async established(): Promise<string> {
    await this.next((f) => f.event === "pusher:connection_established");
    return this.socketId;
  }

  /** Subscribes with a correctly signed auth (or a given one) and returns the server's answer. */
  async subscribe(channel: string, options: { user?: TestUser; auth?: string; secret?: string } = {}): Promise<Frame> {
    const socketId = await this.established();
    const signer = new Pusher({ ...APP, secret: options.secret ?? APP.secret, host: "127.0.0.1", useTLS: false });
    const presence = options.user ? { user_id: options.user.id, user_info: options.user.info } : undefined;
    const from = this.frames.items.length;
    const signed =
      channel.startsWith("presence-") || channel.startsWith("private-") ? signer.authorizeChannel(socketId, channel, presence) : undefined;
    this.send({ event: "pusher:subscribe", data: { channel, auth: options.auth ?? signed?.auth, channel_data: signed?.channel_data } });
    return this.next(
      (f) => f.channel === channel && (f.event === "pusher_internal:subscription_succeeded" || f.event === "pusher:subscription_error"),
      from,
    );
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.ws.close();
    return this.closed;
  }

  whenClosed(): Promise<void> {
    return this.closed;
  }
}
