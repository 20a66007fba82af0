"use client";

import { useCallback, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useChannelEvent, useRealtime } from "@/components/realtime/realtime-provider";

/**
 * Re-renders the server page when an event arrives. It also re-reads once each time the subscription
 * (re)starts, because events sent before subscribing or while offline are lost, not queued.
 * The small status tells staff whether the page is live or may be stale.
 */
export function RefreshOnEvent({ channel, event, quiet = false }: { channel: string; event: string; quiet?: boolean }) {
  const router = useRouter();
  const [live, setLive] = useState(false);
  const refresh = useCallback(() => router.refresh(), [router]);
  const subscribed = useCallback(() => {
    setLive(true);
    router.refresh();
  }, [router]);
  useChannelEvent(channel, event, refresh);
  useChannelEvent(channel, "pusher:subscription_succeeded", subscribed);
  // Off as soon as the connection drops (events sent meanwhile are lost), on again once resubscribed.
  const client = useRealtime();
  useEffect(() => {
    if (!client) return;
    const onState = ({ current }: { current: string }) => current !== "connected" && setLive(false);
    client.connection.bind("state_change", onState);
    return () => void client.connection.unbind("state_change", onState);
  }, [client]);
  if (quiet) return null;
  return (
    <p className="text-xs text-slate-600" data-live={live ? "on" : "off"} role="status">
      <span aria-hidden className={`mr-1 inline-block h-2 w-2 rounded-full ${live ? "bg-emerald-600" : "bg-slate-400"}`} />
      {live ? "Live updates on" : "Connecting for live updates…"}
    </p>
  );
}
