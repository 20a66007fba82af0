// One WebSocket client speaking Pusher protocol 7.

import type { RawData, WebSocket } from "ws";
import type { ChannelRegistry, PresenceMember, Subscriber } from "./channels";
import { LIMITS, type ResolvedConfig } from "./config";
import {
  channelKind,
  dataBytes,
  encodeData,
  errorFrame,
  isObject,
  isValidChannelName,
  parseJson,
  subscriptionErrorFrame,
  tooLargeMessage,
  type JsonObject,
} from "./messages";
import { RateWindow } from "./rate-window";
import { newSocketId, verifyChannelAuth } from "./signing";

export interface ConnectionDeps {
  config: ResolvedConfig;
  registry: ChannelRegistry;
  onClosed(connection: ClientConnection): void;
}

export class ClientConnection implements Subscriber {
  readonly socketId = newSocketId();
  /** Cleared on each heartbeat tick; any frame or pong from the client sets it again. */
  alive = true;
  private readonly channels = new Set<string>();
  private readonly clientEvents: RateWindow;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.clientEvents = new RateWindow(deps.config.maxClientEventsPerSecond);
    ws.on("message", (raw, isBinary) => this.onFrame(raw, isBinary));
    ws.on("pong", () => (this.alive = true));
    ws.on("close", () => this.cleanup());
    ws.on("error", (error) => deps.config.log(`socket ${this.socketId} error: ${error.message}`));
    const data = JSON.stringify({ socket_id: this.socketId, activity_timeout: deps.config.activityTimeout });
    this.sendRaw(JSON.stringify({ event: "pusher:connection_established", data }));
  }

  // Refusals are what one debugs locally, so they are logged; normal traffic is not.
  private fail(code: number | null, message: string): void {
    this.deps.config.log(`socket ${this.socketId}: ${message}`);
    this.sendRaw(errorFrame(code, message));
  }

  private refuseSubscription(channel: string, status: number, message: string): void {
    this.deps.config.log(`socket ${this.socketId}: subscription to ${channel} refused (${status}): ${message}`);
    this.sendRaw(subscriptionErrorFrame(channel, status, message));
  }

  sendRaw(frame: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame);
  }

  ping(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
    // A client that ignores the close handshake must not keep the server from shutting down.
    setTimeout(() => this.ws.terminate(), 1000).unref();
  }

  private cleanup(): void {
    for (const channel of this.channels) this.deps.registry.unsubscribe(channel, this.socketId);
    this.channels.clear();
    this.deps.onClosed(this);
  }

  private onFrame(raw: RawData, isBinary: boolean): void {
    this.alive = true;
    if (isBinary) return this.fail(null, "Binary frames are not supported");
    const text = rawText(raw);
    const parsed = parseJson(text);
    if (!parsed.ok || !isObject(parsed.value) || typeof parsed.value.event !== "string") {
      return this.fail(null, "Invalid message: expected a JSON object with an event name");
    }
    const message = parsed.value;
    const event = parsed.value.event;
    switch (event) {
      case "pusher:ping":
        return this.sendRaw(JSON.stringify({ event: "pusher:pong", data: "{}" }));
      case "pusher:pong":
        return;
      case "pusher:subscribe":
        return this.subscribe(objectData(message.data));
      case "pusher:unsubscribe":
        return this.unsubscribe(objectData(message.data));
      default:
        if (event.startsWith("client-")) return this.clientEvent(event, message);
        if (event.startsWith("pusher:")) return; // e.g. pusher:signin - not needed by this project
        return this.fail(null, `Client event rejected - event name must start with client- (got ${event})`);
    }
  }

  private subscribe(data: JsonObject): void {
    const channel = data.channel;
    if (!isValidChannelName(channel)) {
      return this.fail(null, `Invalid channel name: ${String(channel)}`);
    }
    if (this.channels.has(channel)) {
      return this.fail(null, `Existing subscription to channel ${channel}`);
    }
    const kind = channelKind(channel);
    let member: PresenceMember | undefined;
    if (kind !== "public") {
      let channelData: string | undefined;
      if (kind === "presence") {
        if (typeof data.channel_data !== "string") {
          return this.refuseSubscription(channel, 400, "channel_data is required for presence channels");
        }
        channelData = data.channel_data;
      }
      const verdict = verifyChannelAuth(this.deps.config, this.socketId, channel, data.auth, channelData);
      // 401 like an auth endpoint refusal; the connection itself stays up.
      if (!verdict.ok) return this.refuseSubscription(channel, 401, verdict.message);
      if (typeof channelData === "string") {
        const parsedMember = parseMember(channelData);
        if (typeof parsedMember === "string") return this.refuseSubscription(channel, 400, parsedMember);
        member = parsedMember;
      }
    }
    const result = this.deps.registry.subscribe(channel, this, member);
    if (!result.ok) return this.refuseSubscription(channel, result.status, result.message);
    this.channels.add(channel);
    const payload = result.presence ? { presence: result.presence } : {};
    this.sendRaw(JSON.stringify({ event: "pusher_internal:subscription_succeeded", channel, data: JSON.stringify(payload) }));
  }

  private unsubscribe(data: JsonObject): void {
    const channel = data.channel;
    if (typeof channel !== "string" || !this.channels.delete(channel)) return;
    this.deps.registry.unsubscribe(channel, this.socketId);
  }

  private clientEvent(event: string, message: JsonObject): void {
    const { config, registry } = this.deps;
    const channel = message.channel;
    if (typeof channel !== "string" || channelKind(channel) === "public") {
      return this.fail(null, "Client event rejected - only supported on private and presence channels");
    }
    if (!this.channels.has(channel)) {
      return this.fail(null, `Client event rejected - not subscribed to ${channel}`);
    }
    if (event.length > LIMITS.eventNameMaxLength) {
      return this.fail(null, `Event name too long (max ${LIMITS.eventNameMaxLength})`);
    }
    // Hosted Pusher answers an oversized client event with code null; 4301 is only the rate limit.
    if (dataBytes(message.data) > config.maxEventBytes) {
      return this.fail(null, tooLargeMessage(config.maxEventBytes));
    }
    if (!this.clientEvents.tryTake()) {
      const limit = config.maxClientEventsPerSecond;
      return this.fail(4301, `Client event rejected - only ${limit} accepted per second`);
    }
    const userId = registry.userIdOf(channel, this.socketId);
    registry.broadcast({ event, channel, data: encodeData(message.data), user_id: userId }, this.socketId);
  }
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString("utf8");
  if (raw instanceof ArrayBuffer) return Buffer.from(new Uint8Array(raw)).toString("utf8");
  return raw.toString("utf8");
}

/** pusher-js sends data as an object; some clients send it JSON-encoded. */
function objectData(data: unknown): JsonObject {
  if (isObject(data)) return data;
  if (typeof data === "string") {
    const parsed = parseJson(data);
    if (parsed.ok && isObject(parsed.value)) return parsed.value;
  }
  return {};
}

function parseMember(channelData: string): PresenceMember | string {
  const parsed = parseJson(channelData);
  if (!parsed.ok || !isObject(parsed.value)) return "channel_data must be a JSON object";
  const { user_id: rawId, user_info: userInfo } = parsed.value;
  const userId = typeof rawId === "number" ? String(rawId) : rawId;
  if (typeof userId !== "string" || userId === "") return "channel_data.user_id must be a non-empty string";
  if (userInfo !== undefined && dataBytes(userInfo) > LIMITS.userInfoMaxBytes) {
    return `channel_data.user_info exceeds ${LIMITS.userInfoMaxBytes} bytes`;
  }
  return { userId, userInfo: userInfo ?? null };
}
