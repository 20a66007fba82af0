"use client";

import { createContext, useContext, useEffect, useState } from "react";
import type Pusher from "pusher-js";
import type { RealtimeClientConfig } from "@/lib/realtime/pusher";
import { channelAuthHandler } from "@/lib/admit-handoff/admit-handoff";
import { LIFETIMES } from "@/lib/admit-handoff/lifetimes";

const RealtimeContext = createContext<Pusher | null>(null);

/**
 * Once a connection attempt has failed, pusher-js waits out its strategy's timeout (15 s, then 30 s, then
 * 60 s) before the next one, so a Pusher server back after a short outage went unnoticed for up to a
 * minute. While not connected, a fresh attempt starts after each of these delays instead (jittered, and
 * no shorter than an attempt on a slow network may need).
 */
const RECONNECT_DELAYS_MS = [2000, 4000, 8000, 15_000];

/**
 * A page that leaves keeps its connection this long for the next page to take over: going from the
 * dashboard to a visit changes layout (and so this provider), and a call started at Admit signals on the
 * same connection and channel while the visit page loads.
 */
const HANDOVER_MS = LIFETIMES.realtimeHandoverMs;

type Shared = { id: string; client: Pusher; holders: number; closeTimer?: ReturnType<typeof setTimeout>; close(): void };
let shared: Shared | null = null;

function connect(PusherJs: typeof Pusher, config: RealtimeClientConfig, id: string): Shared {
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retries = 0;
  let closed = false;
  const client = new PusherJs(config.key, {
    cluster: config.cluster,
    ...(config.wsHost ? { wsHost: config.wsHost, wsPort: config.wsPort, wssPort: config.wsPort } : {}),
    forceTLS: config.forceTLS,
    // Only WebSockets: the fallback transports would contact Pusher's own hosts. Without TLS (a local or
    // self-hosted server speaking plain ws) no wss either: pusher-js would try it whenever ws fails for 2 s,
    // against a server that cannot answer it and a Content-Security-Policy that forbids it.
    enabledTransports: config.forceTLS ? ["ws", "wss"] : ["ws"],
    // Posts to /api/pusher/auth like pusher-js's own transport, but can use a signature fetched ahead (lib/admit-handoff).
    channelAuthorization: { customHandler: channelAuthHandler },
  });
  client.connection.bind("state_change", ({ current }: { current: string }) => {
    clearTimeout(retryTimer);
    if (current === "connected") retries = 0;
    if (current !== "connecting" && current !== "unavailable") return;
    const delay = RECONNECT_DELAYS_MS[Math.min(retries, RECONNECT_DELAYS_MS.length - 1)]! * (0.8 + Math.random() * 0.4);
    retryTimer = setTimeout(() => {
      if (closed || client.connection.state === "connected") return;
      retries++;
      // Channels stay registered: pusher-js subscribes them all again once connected.
      client.disconnect();
      client.connect();
    }, delay);
  });
  return {
    id,
    client,
    holders: 0,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      client.disconnect();
    },
  };
}

const idOf = (config: RealtimeClientConfig) => JSON.stringify([config.key, config.cluster, config.wsHost, config.wsPort, config.forceTLS]);

function acquire(PusherJs: typeof Pusher, config: RealtimeClientConfig): Shared {
  const id = idOf(config);
  if (shared && shared.id !== id) {
    shared.close();
    shared = null;
  }
  shared ??= connect(PusherJs, config, id);
  clearTimeout(shared.closeTimer);
  shared.holders++;
  return shared;
}

function release(entry: Shared): void {
  entry.holders--;
  if (entry.holders > 0) return;
  clearTimeout(entry.closeTimer);
  entry.closeTimer = setTimeout(() => {
    if (entry.holders > 0) return;
    entry.close();
    if (shared === entry) shared = null;
  }, HANDOVER_MS);
}

/**
 * Opens the tab's connection before the page has hydrated, instead of after it (a reloaded call's page waits
 * for its channel). Nobody holds it yet: like a page's that left, it closes after HANDOVER_MS unless the
 * provider's effect takes it, which on a hydrating page comes first.
 */
function preconnect(config: RealtimeClientConfig): void {
  if (typeof window === "undefined" || shared?.id === idOf(config)) return;
  void import("pusher-js").then(({ default: PusherJs }) => release(acquire(PusherJs, config)));
}

const CONFIG_META = "consult-realtime";

// As the page's scripts run, before React hydrates (0.1-0.2 s on the test machines): the
// provider renders its config into <head> (below), so the WebSocket handshake overlaps hydration.
if (typeof window !== "undefined") {
  const content = document.querySelector<HTMLMetaElement>(`meta[name="${CONFIG_META}"]`)?.content;
  try {
    if (content) preconnect(JSON.parse(content) as RealtimeClientConfig);
  } catch {
    // Not ours, or garbled: the provider's first render connects as before.
  }
}

/**
 * One Pusher connection per tab, shared by every live component on the page and handed from page to page
 * (see HANDOVER_MS). pusher-js is loaded only on pages that render this provider, and it reconnects and
 * resubscribes by itself after a drop.
 */
export function RealtimeProvider({ config, children }: { config: RealtimeClientConfig; children: React.ReactNode }) {
  // The previous page's connection, if there is one, from the first render: its subscriptions are usable at once.
  const [client, setClient] = useState<Pusher | null>(() => {
    preconnect(config);
    return shared && shared.id === idOf(config) ? shared.client : null;
  });
  useEffect(() => {
    let cancelled = false;
    let held: Shared | null = null;
    void import("pusher-js").then(({ default: PusherJs }) => {
      if (cancelled) return;
      held = acquire(PusherJs, {
        key: config.key,
        cluster: config.cluster,
        wsHost: config.wsHost,
        wsPort: config.wsPort,
        forceTLS: config.forceTLS,
      });
      setClient(held.client);
    });
    return () => {
      cancelled = true;
      if (held) release(held);
    };
  }, [config.key, config.cluster, config.wsHost, config.wsPort, config.forceTLS]);
  return (
    <RealtimeContext.Provider value={client}>
      {/* React puts this in <head>: read above, as this module loads. */}
      <meta name={CONFIG_META} content={JSON.stringify(config)} />
      {children}
    </RealtimeContext.Provider>
  );
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
