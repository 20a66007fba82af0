"use client";
/** Whether the other participant is on the visit's presence channel now (pusher-js member events). */
import { useEffect, useState } from "react";
import type { SignalChannel } from "@/lib/signalling/pusher-transport";

type Members = { members?: { get(id: string): unknown } };

/** Whether `userId` is a member of the (presence) channel right now. */
export function isPresent(channel: SignalChannel, userId: string): boolean {
  return Boolean((channel as SignalChannel & Members).members?.get(userId));
}

export function useOtherPresent(channel: SignalChannel, otherId: string): boolean {
  const [present, setPresent] = useState(() => isPresent(channel, otherId));
  useEffect(() => {
    const added = (member: unknown) => (member as { id?: string } | null)?.id === otherId && setPresent(true);
    const removed = (member: unknown) => (member as { id?: string } | null)?.id === otherId && setPresent(false);
    channel.bind("pusher:member_added", added);
    channel.bind("pusher:member_removed", removed);
    return () => {
      channel.unbind("pusher:member_added", added);
      channel.unbind("pusher:member_removed", removed);
    };
  }, [channel, otherId]);
  return present;
}
