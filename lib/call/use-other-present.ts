"use client";
/** Whether the other participant is on the visit's presence channel now (pusher-js member events). */
import { useEffect, useState } from "react";
import type { SignalChannel } from "@/lib/signalling/pusher-transport";

type Members = { members?: { get(id: string): unknown } };

export function useOtherPresent(channel: SignalChannel, otherId: string): boolean {
  const [present, setPresent] = useState(() => Boolean((channel as SignalChannel & Members).members?.get(otherId)));
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
