"use client";

import { createContext, useContext, useEffect, useState } from "react";
import type Pusher from "pusher-js";
import type { RealtimeClientConfig } from "@/lib/realtime/pusher";

const RealtimeContext = createContext<Pusher | null>(null);

/**
 * One Pusher connection per tab, shared by every live component on the page. pusher-js is loaded only
 * on pages that render this provider, and it reconnects and resubscribes by itself after a drop.
 */
export function RealtimeProvider({ config, children }: { config: RealtimeClientConfig; children: React.ReactNode }) {
  const [client, setClient] = useState<Pusher | null>(null);
  useEffect(() => {
    let cancelled = false;
    let created: Pusher | null = null;
    void import("pusher-js").then(({ default: PusherJs }) => {
      if (cancelled) return;
      created = new PusherJs(config.key, {
        cluster: config.cluster,
        ...(config.wsHost ? { wsHost: config.wsHost, wsPort: config.wsPort, wssPort: config.wsPort } : {}),
        forceTLS: config.forceTLS,
        // Only WebSockets: the fallback transports would contact Pusher's own hosts.
        enabledTransports: ["ws", "wss"],
        channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" },
      });
      setClient(created);
    });
    return () => {
      cancelled = true;
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
