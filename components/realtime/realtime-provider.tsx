"use client";

import { createContext, useContext, useEffect, useState } from "react";
import type Pusher from "pusher-js";
import type { RealtimeClientConfig } from "@/lib/realtime/pusher";

const RealtimeContext = createContext<Pusher | null>(null);

/**
 * Once a connection attempt has failed, pusher-js waits out its strategy's timeout (15 s, then 30 s, then
 * 60 s) before the next one, so a Pusher server back after a short outage went unnoticed for up to a
 * minute. While not connected, a fresh attempt starts after each of these delays instead (jittered, and
 * no shorter than an attempt on a slow network may need).
 */
const RECONNECT_DELAYS_MS = [2000, 4000, 8000, 15_000];

/**
 * One Pusher connection per tab, shared by every live component on the page. pusher-js is loaded only
 * on pages that render this provider, and it reconnects and resubscribes by itself after a drop.
 */
export function RealtimeProvider({ config, children }: { config: RealtimeClientConfig; children: React.ReactNode }) {
  const [client, setClient] = useState<Pusher | null>(null);
  useEffect(() => {
    let cancelled = false;
    let created: Pusher | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retries = 0;
    void import("pusher-js").then(({ default: PusherJs }) => {
      if (cancelled) return;
      const client = new PusherJs(config.key, {
        cluster: config.cluster,
        ...(config.wsHost ? { wsHost: config.wsHost, wsPort: config.wsPort, wssPort: config.wsPort } : {}),
        forceTLS: config.forceTLS,
        // Only WebSockets: the fallback transports would contact Pusher's own hosts. Without TLS (a local or
        // self-hosted server speaking plain ws) no wss either: pusher-js would try it whenever ws fails for 2 s,
        // against a server that cannot answer it and a Content-Security-Policy that forbids it.
        enabledTransports: config.forceTLS ? ["ws", "wss"] : ["ws"],
        channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" },
      });
      created = client;
      client.connection.bind("state_change", ({ current }: { current: string }) => {
        clearTimeout(retryTimer);
        if (current === "connected") retries = 0;
        if (current !== "connecting" && current !== "unavailable") return;
        const delay = RECONNECT_DELAYS_MS[Math.min(retries, RECONNECT_DELAYS_MS.length - 1)]! * (0.8 + Math.random() * 0.4);
        retryTimer = setTimeout(() => {
          if (cancelled || client.connection.state === "connected") return;
          retries++;
          // Channels stay registered: pusher-js subscribes them all again once connected.
          client.disconnect();
          client.connect();
        }, delay);
      });
      setClient(client);
    });
    return () => {
      cancelled = true;
      clearTimeout(retryTimer);
      created?.disconnect();
    };
  }, [config.key, config.cluster, config.wsHost, config.wsPort, config.forceTLS]);
  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Pusher | null {
  return useContext(RealtimeContext);
}

/** Calls onEvent for each `event` on `channelName` while mounted; (re)binds when the connection appears. */
export function useChannelEvent<T>(channelName: string | null, event: string, onEvent: (data: T) => void): void {
  const client = useRealtime();
  useEffect(() => {
    if (!client || !channelName) return;
    const channel = client.subscribe(channelName);
    const handler = (data: T) => onEvent(data);
    channel.bind(event, handler);
    return () => {
      channel.unbind(event, handler);
    };
  }, [client, channelName, event, onEvent]);
}
