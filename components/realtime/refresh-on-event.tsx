"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { endRefreshPause, refreshPauseLeft } from "@/lib/admit-handoff/admit-handoff";
import { useChannelEvent, useRealtime } from "@/components/realtime/realtime-provider";

/**
 * Re-renders the server page when an event arrives. It also re-reads once each time the subscription
 * (re)starts, because events sent before subscribing or while offline are lost, not queued.
 * The small status tells staff whether the page is live or may be stale. While the dashboard's Admit opens
 * the visit (lib/admit-handoff), a re-render would only compete with it: events then refresh once the pause
 * ends, if the page is still there.
 */
export function RefreshOnEvent({ channel, event, quiet = false }: { channel: string; event: string; quiet?: boolean }) {
  const router = useRouter();
  const [live, setLive] = useState(false);
  const later = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refresh = useCallback(() => {
    const wait = refreshPauseLeft();
    clearTimeout(later.current);
    if (wait <= 0) router.refresh();
    else later.current = setTimeout(() => router.refresh(), wait);
  }, [router]);
  // Mounted anew (Back from a call the dashboard's Admit opened): the pause was for the page that Admit left,
  // which is gone, and this one shows the day as it was then ("Waiting", "Admit") until it is re-read.
  useEffect(() => {
    endRefreshPause();
    return () => clearTimeout(later.current);
  }, []);
  const subscribed = useCallback(() => {
    setLive(true);
    refresh();
  }, [refresh]);
  useChannelEvent(channel, event, refresh);
  useChannelEvent(channel, "pusher:subscription_succeeded", subscribed);
  const client = useRealtime();
  // Back to a page whose channel the tab's connection kept subscribed: no subscription_succeeded comes again.
  useEffect(() => {
    if (client?.connection.state !== "connected" || !client.channel(channel)?.subscribed) return;
    const soon = setTimeout(subscribed, 0);
    return () => clearTimeout(soon);
  }, [client, channel, subscribed]);
  // Off as soon as the connection drops (events sent meanwhile are lost), on again once resubscribed.
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
