"use client";

import { useCallback, useEffect, useState } from "react";
import type { PresenceChannel } from "pusher-js";
import { useChannelEvent, useRealtime } from "@/components/realtime/realtime-provider";
import type { VisitView } from "@/lib/visits/visit-view";

/**
 * The visit's state as the server knows it, kept fresh by events on the user's own channel, and re-read
 * whenever the presence subscription (re)starts, since events missed while offline are not replayed.
 * Being subscribed to the visit channel is also what puts this person "in the room" (presence webhooks).
 */
export function useVisit(initial: VisitView, selfId: string) {
  const [visit, setVisit] = useState(initial);
  const [channel, setChannel] = useState<PresenceChannel | null>(null);
  const client = useRealtime();

  const refetch = useCallback(async () => {
    const response = await fetch(`/api/visits/${initial.id}`, { cache: "no-store" });
    if (response.ok) setVisit((await response.json()) as VisitView);
  }, [initial.id]);

  const onVisitEvent = useCallback(
    (data: { appointmentId: string }) => {
      if (data.appointmentId === initial.id) void refetch();
    },
    [initial.id, refetch],
  );
  useChannelEvent(`private-user-${selfId}`, "visit-state", onVisitEvent);

  const inRoom = visit.status === "SCHEDULED" && visit.windowStatus === "open";
  useEffect(() => {
    if (!client || !inRoom) return;
    const name = `presence-visit-${initial.id}`;
    const presence = client.subscribe(name) as PresenceChannel;
    const onReady = () => {
      setChannel(presence);
      void refetch();
    };
    presence.bind("pusher:subscription_succeeded", onReady);
    return () => {
      presence.unbind("pusher:subscription_succeeded", onReady);
      client.unsubscribe(name);
      setChannel(null);
    };
  }, [client, inRoom, initial.id, refetch]);

  return { visit, setVisit, refetch, channel };
}
