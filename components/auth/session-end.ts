"use client";
/**
 * The end of this browser's sign-in, heard in every tab: the sign-out button announces it on a
 * BroadcastChannel (same browser, at once), the server on the user's own channel when every session
 * ended (deactivation, role change), and the visit room's own requests when they meet a 401.
 */
import { useEffect } from "react";
import { useChannelEvent } from "@/components/realtime/realtime-provider";
import { events } from "@/lib/realtime/channels";

const CHANNEL = "consult-session";

export function announceSignOut(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ type: "signed-out" });
  channel.close();
}

/** A sign-out in another tab of this browser (the header uses it alone: it lives outside the realtime provider). */
export function useSignOutElsewhere(onEnd: () => void): void {
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: MessageEvent<{ type?: string }>) => {
      if (event.data?.type === "signed-out") onEnd();
    };
    return () => channel.close();
  }, [onEnd]);
}

export function useSessionEnd(userId: string, onEnd: () => void): void {
  useSignOutElsewhere(onEnd);
  useChannelEvent(`private-user-${userId}`, events.sessionEnded, onEnd);
}
