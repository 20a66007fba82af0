"use client";
/**
 * React's one window onto the call engine (lib/call-engine): the session is made once per mount, started
 * in an effect and stopped on unmount, and read with useSyncExternalStore. The server's word (admitted,
 * ended) is passed on as it changes.
 */
import { useEffect, useState, useSyncExternalStore } from "react";
import { CallSession, type CallSessionOptions, type CallSnapshot } from "@/lib/call-engine/call-session";
import { browserDeps } from "@/lib/call-engine/browser-deps";

export function useCallSession(options: CallSessionOptions & { ended: boolean }): [CallSnapshot, CallSession] {
  // Made during the first render so that a camera opened at Admit and a kept ICE configuration count from it.
  const [session] = useState(() => new CallSession(options, browserDeps()));
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  const { standby, ended } = options;
  useEffect(() => void (!standby && session.admitted()), [session, standby]);
  useEffect(() => void (ended && session.markEnded()), [session, ended]);
  return [useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot), session];
}
