"use client";
/**
 * The call is about to mount: this page holds the room and will show the call as soon as it has joined the
 * visit's presence channel (a reload mid-call or while waiting, mostly). Joining takes the page's Pusher
 * connection and a signed subscription, a few hundred ms; the camera (a phone's especially) and the ICE
 * configuration are opened and fetched meanwhile, and the call engine takes both at once (lib/admit-handoff).
 *
 * `camera`: only where the call opens it at once (a provider waiting in standby opens theirs at Admit). If the
 * call does not come after all (the room is held elsewhere, the page goes), the camera is closed at once.
 */
import { useEffect, useLayoutEffect, useRef } from "react";
import { holdCamera, prefetchIceConfig } from "@/lib/admit-handoff/admit-handoff";

export function useCallAhead(
  appointmentId: string,
  { coming, camera, joined }: { coming: boolean; camera: boolean; joined: boolean },
): void {
  // Read by the cleanup below, which runs after the render that ended it: did the channel come (the call takes the camera)?
  const joinedNow = useRef(joined);
  useLayoutEffect(() => void (joinedNow.current = joined), [joined]);
  useEffect(() => {
    if (!coming) return;
    const held = camera ? holdCamera() : null;
    const stopIce = prefetchIceConfig(appointmentId);
    return () => {
      stopIce();
      held?.release({ now: !joinedNow.current });
    };
  }, [appointmentId, coming, camera]);
}
