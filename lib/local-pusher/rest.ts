// REST API under /apps/<appId>. Errors are real 4xx statuses (not 200 with an error body) so
// the `pusher` SDK rejects, exactly as it does against hosted Pusher.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChannelRegistry } from "./channels";
import { LIMITS, type ResolvedConfig } from "./config";
import { channelKind, isObject, isValidChannelName, parseJson, tooLargeMessage, type ChannelMessage } from "./messages";
import { parseQuery, verifyRestAuth } from "./rest-auth";
import { SOCKET_ID_PATTERN } from "./signing";

export interface RestDeps {
  config: ResolvedConfig;
  registry: ChannelRegistry;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Trigger {
  messages: ChannelMessage[];
  excludeSocketId: string | undefined;
  info: string[];
}

export async function handleRest(req: IncomingMessage, res: ServerResponse, deps: RestDeps): Promise<void> {
  try {
    const body = await route(req, deps);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    const message = error instanceof Error ? error.message : String(error);
    deps.config.log(`REST ${req.method} ${(req.url ?? "").split("?")[0]} -> ${status}: ${message}`);
    if (!res.headersSent) res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(`${message}\n`);
  }
}

async function route(req: IncomingMessage, deps: RestDeps): Promise<unknown> {
  const { config, registry } = deps;
  const rawUrl = req.url ?? "/";
  const queryAt = rawUrl.indexOf("?");
  const path = safeDecode(queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt));
  const method = (req.method ?? "GET").toUpperCase();
  if (path === "/" && method === "GET") return { ok: true }; // readiness probe for dev scripts

  const match = /^\/apps\/([^/]+)(\/.*)$/.exec(path);
  if (!match || match[1] !== config.appId) throw new HttpError(404, `Not found: ${path}`);
  const sub = match[2] ?? "";
  const isPost = sub === "/events" || sub === "/batch_events";
  const isGet = /^\/channels(\/[^/]+(\/users)?)?$/.test(sub);
  if (!isPost && !isGet) throw new HttpError(404, `Not found: ${path}`);
  if (method !== (isPost ? "POST" : "GET")) throw new HttpError(405, `Method ${method} not allowed on ${path}`);

  const rawBody = await readBody(req, Math.max(1024 * 1024, config.maxEventBytes * 2 * LIMITS.batchMaxEvents));
  const query = parseQuery(queryAt < 0 ? "" : rawUrl.slice(queryAt + 1));
  const verdict = verifyRestAuth(config, { method, path, query, rawBody }, Math.floor(Date.now() / 1000));
  if (!verdict.ok) throw new HttpError(401, verdict.message);

  if (sub === "/events") {
    const trigger = parseTrigger(parseBody(rawBody), config, "channels");
    return publish([trigger], registry, (results) => (results[0] ? { channels: results[0] } : {}));
  }
  if (sub === "/batch_events") {
    const body = parseBody(rawBody);
    if (!Array.isArray(body.batch)) throw new HttpError(400, "batch must be an array");
    if (body.batch.length > LIMITS.batchMaxEvents) {
      throw new HttpError(400, `Batch too large: at most ${LIMITS.batchMaxEvents} events`);
    }
    // Validate every event before sending any, so a rejected batch has no partial effect.
    const triggers = body.batch.map((event) => parseTrigger(event, config, "channel"));
    return publish(triggers, registry, (results) =>
      triggers.some((t) => t.info.length > 0) ? { batch: results.map((r) => r ?? {}) } : {},
    );
  }
  return channelInfo(sub, query, registry);
}

function publish(
  triggers: Trigger[],
  registry: ChannelRegistry,
  shape: (results: (Record<string, Record<string, number>> | undefined)[]) => unknown,
): unknown {
  const results = triggers.map((trigger) => {
    for (const message of trigger.messages) registry.broadcast(message, trigger.excludeSocketId);
    if (trigger.info.length === 0) return undefined;
    const perChannel: Record<string, Record<string, number>> = {};
    for (const { channel } of trigger.messages) perChannel[channel] = attributes(channel, trigger.info, registry);
    return perChannel;
  });
  return shape(results);
}

function parseTrigger(value: unknown, config: ResolvedConfig, channelField: "channels" | "channel"): Trigger {
  if (!isObject(value)) throw new HttpError(400, "Each event must be a JSON object");
  const { name, data, socket_id: socketId, info } = value;
  if (typeof name !== "string" || name === "") throw new HttpError(400, "name is required");
  if (name.length > LIMITS.eventNameMaxLength) throw new HttpError(400, `Event name too long (max ${LIMITS.eventNameMaxLength})`);
  if (typeof data !== "string") throw new HttpError(400, "data must be a string");
  const channels = channelField === "channels" && Array.isArray(value.channels) ? value.channels : [value.channel];
  if (channels.length === 0 || channels.length > LIMITS.triggerMaxChannels) {
    throw new HttpError(400, `Between 1 and ${LIMITS.triggerMaxChannels} channels are required`);
  }
  const names = channels.map((channel) => {
    if (!isValidChannelName(channel)) throw new HttpError(400, `Invalid channel name: ${String(channel)}`);
    return channel;
  });
  if (socketId !== undefined && (typeof socketId !== "string" || !SOCKET_ID_PATTERN.test(socketId))) {
    throw new HttpError(400, `Invalid socket_id: ${String(socketId)}`);
  }
  if (Buffer.byteLength(data, "utf8") > config.maxEventBytes) throw new HttpError(413, tooLargeMessage(config.maxEventBytes));
  return {
    messages: names.map((channel) => ({ event: name, channel, data })),
    excludeSocketId: socketId,
    info: typeof info === "string" ? splitInfo(info) : [],
  };
}

function channelInfo(sub: string, query: Map<string, string>, registry: ChannelRegistry): unknown {
  const info = splitInfo(query.get("info") ?? "");
  const [, , rawChannel, users] = sub.split("/");
  if (rawChannel === undefined) {
    const prefix = query.get("filter_by_prefix") ?? "";
    if (info.includes("user_count") && !prefix.startsWith("presence-")) {
      throw new HttpError(400, "info=user_count requires filter_by_prefix=presence-");
    }
    const channels: Record<string, Record<string, number>> = {};
    for (const name of registry.occupiedChannels(prefix)) channels[name] = attributes(name, info, registry);
    return { channels };
  }
  if (!isValidChannelName(rawChannel)) throw new HttpError(400, `Invalid channel name: ${rawChannel}`);
  const presence = channelKind(rawChannel) === "presence";
  if (users !== undefined) {
    if (!presence) throw new HttpError(400, "Users can only be listed for presence channels");
    return { users: registry.userIds(rawChannel).map((id) => ({ id })) };
  }
  if (info.includes("user_count") && !presence) throw new HttpError(400, "user_count is only available for presence channels");
  return { occupied: registry.info(rawChannel).occupied, ...attributes(rawChannel, info, registry) };
}

function attributes(channel: string, info: string[], registry: ChannelRegistry): Record<string, number> {
  const { subscriptionCount, userCount } = registry.info(channel);
  const out: Record<string, number> = {};
  if (info.includes("subscription_count")) out.subscription_count = subscriptionCount;
  if (info.includes("user_count") && channelKind(channel) === "presence") out.user_count = userCount;
  return out;
}

function splitInfo(info: string): string[] {
  return info
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

function parseBody(rawBody: Buffer): Record<string, unknown> {
  const parsed = parseJson(rawBody.toString("utf8"));
  if (!parsed.ok) throw new HttpError(400, "Request body is not valid JSON");
  if (!isObject(parsed.value)) throw new HttpError(400, "Request body must be a JSON object");
  return parsed.value;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Keeps draining past the cap (so the 413 reaches the client) but stops buffering. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on("end", () =>
      size > maxBytes ? reject(new HttpError(413, `Request body exceeds ${maxBytes} bytes`)) : resolve(Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}
