// Options and the limits hosted Pusher enforces. The defaults mirror the hosted service so that
// code which works locally does not break in production on a limit it never met here.

export interface LocalPusherOptions {
  appId: string;
  key: string;
  secret: string;
  /** Loopback by default: a dev server with a known secret must not be reachable from the LAN. */
  host?: string;
  /** 0 picks an ephemeral port (tests). */
  port?: number;
  webhookUrl?: string;
  maxEventBytes?: number;
  maxClientEventsPerSecond?: number;
  /** Seconds; sent to clients in pusher:connection_established and used for server-side pings. */
  activityTimeout?: number;
  log?: (message: string) => void;
  /** Hosted Pusher batches webhooks for up to 250 ms or 20 events. */
  webhookBatchMs?: number;
  webhookMaxBatchEvents?: number;
  /** Waits between delivery attempts; its length is the number of retries. */
  webhookRetryDelaysMs?: readonly number[];
  /**
   * Simulated distance: every channel message (client events, REST-triggered events, presence
   * member_added/removed) reaches its subscribers this many ms later. 0 (the default) adds none; the
   * default is read from LOCAL_PUSHER_DELAY_MS so that any stack (npm start, tests, the bench) can set it.
   */
  deliveryDelayMs?: number;
}

export interface LocalPusher {
  port: number;
  /** http://host:port - REST lives under /apps/<appId>, the WebSocket under /app/<key>. */
  url: string;
  close(): Promise<void>;
}

export interface ResolvedConfig {
  appId: string;
  key: string;
  secret: string;
  host: string;
  port: number;
  webhookUrl: string | undefined;
  maxEventBytes: number;
  maxClientEventsPerSecond: number;
  activityTimeout: number;
  log: (message: string) => void;
  webhookBatchMs: number;
  webhookMaxBatchEvents: number;
  webhookRetryDelaysMs: readonly number[];
  deliveryDelayMs: number;
}

export const LIMITS = {
  presenceMaxMembers: 100,
  userInfoMaxBytes: 1024,
  batchMaxEvents: 10,
  triggerMaxChannels: 100,
  eventNameMaxLength: 200,
  channelNameMaxLength: 164,
  restTimestampSkewSeconds: 600,
} as const;

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`local-pusher: ${name} must be a positive number`);
  return value;
}

function required(name: string, value: string): string {
  if (typeof value !== "string" || value === "") throw new Error(`local-pusher: ${name} is required`);
  return value;
}

// Hosted Pusher's app ids are numeric and the official server SDKs in other languages refuse anything
// else (Python's raises "Invalid app id"), so a local id that works here works everywhere.
function numericAppId(value: string): string {
  if (!/^\d+$/.test(required("appId", value)))
    throw new Error(`local-pusher: appId must be numeric, as hosted Pusher's are (got ${value})`);
  return value;
}

function delayFrom(value: number | string | undefined): number {
  const ms = value === undefined || value === "" ? 0 : Number(value);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`local-pusher: the delivery delay must be 0 or more ms (got ${String(value)})`);
  return ms;
}

export function resolveConfig(options: LocalPusherOptions): ResolvedConfig {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("local-pusher: port must be 0-65535");
  // Fail at start rather than on the first webhook.
  if (options.webhookUrl !== undefined && !URL.canParse(options.webhookUrl)) {
    throw new Error(`local-pusher: webhookUrl is not a valid URL: ${options.webhookUrl}`);
  }
  return {
    appId: numericAppId(options.appId),
    key: required("key", options.key),
    secret: required("secret", options.secret),
    host: options.host ?? "127.0.0.1",
    port,
    webhookUrl: options.webhookUrl,
    maxEventBytes: positive("maxEventBytes", options.maxEventBytes ?? 10240),
    maxClientEventsPerSecond: positive("maxClientEventsPerSecond", options.maxClientEventsPerSecond ?? 10),
    activityTimeout: positive("activityTimeout", options.activityTimeout ?? 120),
    log: options.log ?? (() => {}),
    webhookBatchMs: options.webhookBatchMs ?? 250,
    webhookMaxBatchEvents: positive("webhookMaxBatchEvents", options.webhookMaxBatchEvents ?? 20),
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [200, 1000, 5000],
    deliveryDelayMs: delayFrom(options.deliveryDelayMs ?? process.env.LOCAL_PUSHER_DELAY_MS),
  };
}
