"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useChannelEvent } from "@/components/realtime/realtime-provider";
import { roomSession } from "@/components/visit/room-session";
import { visitsApi } from "@/lib/api-client/visits";
import { channels, events } from "@/lib/realtime/channels";
import { ROOM_HEARTBEAT_MS } from "@/lib/visits/room-holder";

/**
 * Whether this page holds the participant's live room for the visit (the server decides: lib/visits/claim-room.ts).
 * "claiming": not answered yet; "elsewhere": another page of theirs holds it; "moved": this page held it and
 * another took it ("Use it here" there). Only the holder may start the camera or the call.
 */
export type RoomHold = "claiming" | "held" | "elsewhere" | "moved";

/** Well inside the holder's staleness (ROOM_HOLDER_STALE_MS) even after a full heartbeat interval. */
const RENEW_AFTER_RELOAD_MS = 1500;

type Options = {
  /** The visit is open (scheduled, its window open): outside it nobody needs to hold the room. */
  open: boolean;
  /** The provider's Admit opened this page: it takes the room at once, as "Use it here" would. */
  takeAtOnce: boolean;
  /**
   * The holder when the server rendered the page: null (nobody) lets this page start at once, as does its own
   * session (a reload of the holding tab); the claim that follows confirms it, or stops the page within a
   * request if another page won the same moment. Another live holder: wait for the claim.
   */
  holderAtRender?: string | null | undefined;
  /** This page lost the room: its call must stop now. */
  onLost(): void;
};

export function useRoomHold(appointmentId: string, userId: string, { open, takeAtOnce, holderAtRender, onLost }: Options) {
  const [hold, setHoldState] = useState<RoomHold>(takeAtOnce || holderAtRender === null ? "held" : "claiming");
  const holdRef = useRef(hold);
  const latest = useRef(0);
  // Whether the server has said this page holds it: a page that started on trust and then is refused never
  // had it ("elsewhere"), while one that had it was moved from ("moved").
  const confirmed = useRef(takeAtOnce);
  const setHold = useCallback(
    (next: RoomHold) => {
      if (holdRef.current === "held" && next !== "held") onLost();
      if (next === "held") confirmed.current = true;
      holdRef.current = next;
      setHoldState(next);
    },
    [onLost],
  );
  const lost = useCallback((): RoomHold => (confirmed.current ? "moved" : "elsewhere"), []);

  /** Only the newest claim's answer counts: a heartbeat in flight must not undo "Use it here". */
  const claim = useCallback(
    async (take: boolean): Promise<boolean | null> => {
      const mine = ++latest.current;
      const answer = await visitsApi.claimRoom(appointmentId, roomSession(appointmentId), take);
      if (!answer.ok) return null;
      // A take that won is the newest word whatever was sent meanwhile (a heartbeat refused just before it).
      if (take && answer.data.held) latest.current++;
      if (mine === latest.current || (take && answer.data.held)) {
        const was = holdRef.current;
        if (answer.data.held) setHold("held");
        else setHold(was === "held" || was === "moved" ? lost() : "elsewhere");
      }
      return answer.data.held;
    },
    [appointmentId, setHold, lost],
  );

  // This tab's own room, reloaded: known from sessionStorage before the first paint (the server cannot see it).
  useLayoutEffect(() => {
    if (holdRef.current === "claiming" && holderAtRender && holderAtRender === roomSession(appointmentId)) setHold("held");
  }, [appointmentId, holderAtRender, setHold]);

  // The first claim, then the heartbeat: the holder renews it, another page takes it once the holder is stale.
  // A reload of the holding tab held it a moment ago (a heartbeat ≤ 5 s old, stale only after 15): its first
  // renewal waits a little, so the requests that bring its call back (the channel's signatures) go first.
  useEffect(() => {
    if (!open || hold === "moved") return;
    const reloaded = holderAtRender != null && holderAtRender === roomSession(appointmentId);
    let first: ReturnType<typeof setTimeout> | undefined;
    if (hold === "claiming" || latest.current === 0) {
      const wait = reloaded && hold === "held" && !takeAtOnce ? RENEW_AFTER_RELOAD_MS : 0;
      first = setTimeout(() => void claim(takeAtOnce), wait);
    }
    const timer = setInterval(() => void claim(false), ROOM_HEARTBEAT_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [open, hold, takeAtOnce, claim, holderAtRender, appointmentId]);

  const onHolder = useCallback(
    (data: { appointmentId?: string; session?: string }) => {
      if (data.appointmentId !== appointmentId || !data.session) return;
      // The server's latest word: a claim still in flight (a heartbeat sent just before the move) was decided
      // before it, so its answer must not give the room back to this page.
      latest.current++;
      const was = holdRef.current;
      if (data.session === roomSession(appointmentId)) setHold("held");
      else setHold(was === "held" || was === "moved" ? lost() : "elsewhere");
    },
    [appointmentId, setHold, lost],
  );
  useChannelEvent(channels.user(userId), events.roomHolder, onHolder);

  /** "Use it here": take the room from whichever page holds it. */
  const takeHere = useCallback(() => claim(true), [claim]);
  return { hold, takeHere };
}
