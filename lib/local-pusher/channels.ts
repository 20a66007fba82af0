// Channel membership and presence. Presence is keyed by user_id, not by connection: a user with
// two tabs is one member, added on the first subscription and removed when the last one leaves.

import { LIMITS } from "./config";
import type { ChannelMessage } from "./messages";

export interface Subscriber {
  readonly socketId: string;
  sendRaw(frame: string): void;
}

export interface LifecycleEvent {
  name: "channel_occupied" | "channel_vacated" | "member_added" | "member_removed";
  channel: string;
  user_id?: string;
}

export interface PresenceMember {
  userId: string;
  userInfo: unknown;
}

export interface PresenceSnapshot {
  ids: string[];
  hash: Record<string, unknown>;
  count: number;
}

interface ChannelState {
  subscribers: Map<string, Subscriber>;
  members: Map<string, { info: unknown; sockets: Set<string> }>;
  userBySocket: Map<string, string>;
}

export type SubscribeResult = { ok: true; presence?: PresenceSnapshot } | { ok: false; status: number; message: string };

export class ChannelRegistry {
  private readonly channels = new Map<string, ChannelState>();
  private readonly pending = new Set<NodeJS.Timeout>();

  /** `delayMs`: simulated distance, added to every channel message's delivery (0: delivered at once). */
  constructor(
    private readonly onLifecycle: (event: LifecycleEvent) => void,
    private readonly delayMs = 0,
  ) {}

  subscribe(channel: string, subscriber: Subscriber, member?: PresenceMember): SubscribeResult {
    const existing = this.channels.get(channel);
    if (member && existing && !existing.members.has(member.userId) && existing.members.size >= LIMITS.presenceMaxMembers) {
      return { ok: false, status: 403, message: `Presence channel ${channel} is full (${LIMITS.presenceMaxMembers} members)` };
    }
    const state = existing ?? { subscribers: new Map(), members: new Map(), userBySocket: new Map() };
    if (!existing) {
      this.channels.set(channel, state);
      this.onLifecycle({ name: "channel_occupied", channel });
    }
    state.subscribers.set(subscriber.socketId, subscriber);
    if (!member) return { ok: true };

    state.userBySocket.set(subscriber.socketId, member.userId);
    const known = state.members.get(member.userId);
    if (known) {
      known.sockets.add(subscriber.socketId);
    } else {
      state.members.set(member.userId, { info: member.userInfo, sockets: new Set([subscriber.socketId]) });
      const data = JSON.stringify({ user_id: member.userId, user_info: member.userInfo });
      this.broadcast({ event: "pusher_internal:member_added", channel, data }, subscriber.socketId);
      this.onLifecycle({ name: "member_added", channel, user_id: member.userId });
    }
    return { ok: true, presence: snapshot(state) };
  }

  unsubscribe(channel: string, socketId: string): void {
    const state = this.channels.get(channel);
    if (!state || !state.subscribers.delete(socketId)) return;
    const userId = state.userBySocket.get(socketId);
    state.userBySocket.delete(socketId);
    const member = userId === undefined ? undefined : state.members.get(userId);
    if (userId !== undefined && member) {
      member.sockets.delete(socketId);
      if (member.sockets.size === 0) {
        state.members.delete(userId);
        this.broadcast({ event: "pusher_internal:member_removed", channel, data: JSON.stringify({ user_id: userId }) });
        this.onLifecycle({ name: "member_removed", channel, user_id: userId });
      }
    }
    if (state.subscribers.size === 0) {
      this.channels.delete(channel);
      this.onLifecycle({ name: "channel_vacated", channel });
    }
  }

  isSubscribed(channel: string, socketId: string): boolean {
    return this.channels.get(channel)?.subscribers.has(socketId) ?? false;
  }

  userIdOf(channel: string, socketId: string): string | undefined {
    return this.channels.get(channel)?.userBySocket.get(socketId);
  }

  /**
   * Serialises once for all receivers; the excluded socket is how senders avoid their own echo. With a
   * delay, the message is delivered that much later to whoever is subscribed then (as if it had travelled
   * that far); messages keep their order, since every one waits the same.
   */
  broadcast(message: ChannelMessage, exceptSocketId?: string): void {
    if (this.delayMs <= 0) return this.deliver(message, exceptSocketId);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      this.deliver(message, exceptSocketId);
    }, this.delayMs);
    this.pending.add(timer);
  }

  /** Messages still on their way are dropped (the server is closing). */
  dropPending(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  private deliver(message: ChannelMessage, exceptSocketId?: string): void {
    const state = this.channels.get(message.channel);
    if (!state) return; // hosted Pusher drops events for channels nobody is subscribed to
    const frame = JSON.stringify(message);
    for (const [socketId, subscriber] of state.subscribers) {
      if (socketId !== exceptSocketId) subscriber.sendRaw(frame);
    }
  }

  info(channel: string): { occupied: boolean; subscriptionCount: number; userCount: number } {
    const state = this.channels.get(channel);
    return {
      occupied: state !== undefined,
      subscriptionCount: state?.subscribers.size ?? 0,
      userCount: state?.members.size ?? 0,
    };
  }

  occupiedChannels(prefix = ""): string[] {
    return [...this.channels.keys()].filter((name) => name.startsWith(prefix)).sort();
  }

  userIds(channel: string): string[] {
    return [...(this.channels.get(channel)?.members.keys() ?? [])];
  }
}

function snapshot(state: ChannelState): PresenceSnapshot {
  const hash: Record<string, unknown> = {};
  for (const [userId, member] of state.members) hash[userId] = member.info;
  return { ids: Object.keys(hash), hash, count: state.members.size };
}
