"use client";

import { startTransition, useCallback, useEffect, useState } from "react";
import { useSessionEnd } from "@/components/auth/session-end";
import type { PresenceChannel } from "pusher-js";
import { useChannelEvent, useRealtime } from "@/components/realtime/realtime-provider";
import type { VisitView } from "@/lib/visits/visit-view";
import { visitsApi } from "@/lib/api-client/visits";
import { useRoomHold } from "@/components/visit/use-room-hold";
import { useRefetchAfterAdmit } from "@/components/visit/use-refetch-after-admit";
import { ROOM_HEARTBEAT_MS as HEARTBEAT_MS } from "@/lib/visits/room-holder";

/**
 * Why this page is out of the call: Leave, the sign-in ended, or another page of this person holds the room
 * ("elsewhere": it never did here; "moved": it was taken from here).
 */
export type AwayReason = "left" | "signed-out" | "elsewhere" | "moved";

/**
 * The visit's state as the server knows it, kept fresh by events on the user's own channel, and re-read
 * whenever the presence subscription (re)starts, since events missed while offline are not replayed.
 * Being subscribed to the visit channel is also what puts this person "in the room" (presence webhooks).
 */
type RoomOptions = { takeRoom?: boolean; roomHolder?: string | null };

export function useVisit(initial: VisitView, selfId: string, { takeRoom = false, roomHolder }: RoomOptions = {}) {
  const [visit, setVisitState] = useState(initial);
  // Whether this page has seen the visit admitted: the call, once shown, stays through the end (room-view.ts).
  const [admittedSeen, setAdmittedSeen] = useState(initial.phase === "admitted");
  const setVisit = useCallback((next: VisitView) => {
    setVisitState(next);
    if (next.phase === "admitted") setAdmittedSeen(true);
  }, []);
  const client = useRealtime();
  // Subscribed already (the provider's Admit joins it on the dashboard): the call can mount in the first render.
  const [channel, setChannel] = useState<PresenceChannel | null>(() => {
    const joined = client?.channel(`presence-visit-${initial.id}`) as PresenceChannel | undefined;
    return joined?.subscribed ? joined : null;
  });
  // The presence channel closes when the visit ends; the call keeps the one it signalled on.
  const [callChannel, setCallChannel] = useState(channel);

  // Left the call (Leave, sign-out): out of the presence channel until rejoining here.
  const [awayHere, setAway] = useState<AwayReason | null>(null);
  // The call must not remount on the channel it left: it waits for the new subscription. A sign-out stays.
  const leaveRoom = useCallback((reason: AwayReason) => {
    setAway((was) => (was === "signed-out" ? was : reason));
    setCallChannel(null);
  }, []);
  const signedOut = useCallback(() => leaveRoom("signed-out"), [leaveRoom]);
  useSessionEnd(selfId, signedOut);

  const refetch = useCallback(async () => {
    const result = await visitsApi.get(initial.id);
    // The sign-in ended (signed out elsewhere, expired, deactivated): the call must not go on.
    if (!result.ok && result.status === 401) leaveRoom("signed-out");
    if (!result.ok) return;
    const next = result.data;
    // A transition: re-rendering the room must not delay a call being set up on this page at the same moment.
    startTransition(() => setVisit(next));
  }, [initial.id, setVisit, leaveRoom]);

  const refetchSoon = useRefetchAfterAdmit(initial.id, refetch);
  const onVisitEvent = useCallback(
    (data: { appointmentId: string }) => {
      if (data.appointmentId === initial.id) refetchSoon();
    },
    [initial.id, refetchSoon],
  );
  useChannelEvent(`private-user-${selfId}`, "visit-state", onVisitEvent);
  // An event sent before this channel was subscribed is lost (a check-in from another tab right as the
  // page loads), so the state is re-read once the subscription starts too.
  useChannelEvent(`private-user-${selfId}`, "pusher:subscription_succeeded", refetch);

  // One live room per person and visit, on any device: only the page holding it joins the call.
  const open = visit.status === "SCHEDULED" && visit.windowStatus === "open";
  const dropCall = useCallback(() => setCallChannel(null), []);
  const { hold, takeHere: takeRoomHere } = useRoomHold(initial.id, selfId, {
    open,
    takeAtOnce: takeRoom,
    holderAtRender: roomHolder,
    onLost: dropCall,
  });
  const away: AwayReason | null = awayHere === "signed-out" ? awayHere : hold === "elsewhere" || hold === "moved" ? hold : awayHere;
  const inRoom = open && away === null && hold === "held";
  useEffect(() => {
    if (!client || !inRoom) return;
    const name = `presence-visit-${initial.id}`;
    const presence = client.subscribe(name) as PresenceChannel;
    const onReady = () => {
      setChannel(presence);
      setCallChannel(presence);
      void refetch();
    };
    presence.bind("pusher:subscription_succeeded", onReady);
    // The tab's connection outlives pages (realtime-provider.tsx): the channel may be subscribed already.
    if (presence.subscribed) onReady();
    return () => {
      presence.unbind("pusher:subscription_succeeded", onReady);
      client.unsubscribe(name);
      setChannel(null);
    };
  }, [client, inRoom, initial.id, refetch]);

  const rejoin = useCallback(() => setAway(null), []);
  /** "Use it here": this page takes the room, and goes on from the server's state (device check, check-in, call). */
  const takeHere = useCallback(async () => {
    if (!(await takeRoomHere())) return;
    setAway((was) => (was === "signed-out" ? was : null));
    await refetch();
  }, [takeRoomHere, refetch]);

  // A heartbeat while in the room: a sign-in that ended without a word (expired, another browser's admin
  // action missed) is noticed within seconds, and a missed event is caught up.
  useEffect(() => {
    if (!inRoom) return;
    const timer = setInterval(() => void refetch(), HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [inRoom, refetch]);

  const opening = open && hold === "claiming";
  return { visit, setVisit, refetch, channel, callChannel, admittedSeen, away, opening, leaveRoom, rejoin, takeHere };
}
