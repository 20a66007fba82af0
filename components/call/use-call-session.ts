"use client";
/**
 * React's one window onto the call engine (lib/call-engine): the session is made once per mount (or taken
 * over from the dashboard's warm call for the visit, components/call/warm-calls.ts), started
 * in an effect and stopped on unmount, and read with useSyncExternalStore. The server's word (admitted,
 * ended, who else is in the visit) is passed on as it changes: `remotes` goes to session.setParticipants()
 * whenever its content changes (a guest invited, admitted or removed).
 *
 * `remotes` may leave out name, label and admitted (a one-to-one call's room): the name and label are then
 * "", the provider counts as admitted, and anyone else as admitted when `standby` is false.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { CallSession, type CallSessionOptions, type CallSnapshot, type Participant } from "@/lib/call-engine/call-session";
import { browserDeps } from "@/lib/call-engine/browser-deps";
import { takeWarmCall } from "@/components/call/warm-calls";

export type RemoteInput = Pick<Participant, "id" | "role"> & Partial<Omit<Participant, "id" | "role">>;

export type UseCallSessionOptions = Omit<CallSessionOptions, "remotes"> & { remotes: RemoteInput[]; ended: boolean };

export function toParticipants(remotes: readonly RemoteInput[], standby: boolean): Participant[] {
  return remotes.map((r) => ({
    id: r.id,
    role: r.role,
    name: r.name ?? "",
    label: r.label ?? "",
    admitted: r.role === "PROVIDER" || (r.admitted ?? !standby),
  }));
}

export function useCallSession(options: UseCallSessionOptions): [CallSnapshot, CallSession] {
  const { standby, ended } = options;
  const remotes = toParticipants(options.remotes, standby);
  const remotesKey = JSON.stringify(remotes);
  // Made during the first render so that a camera opened at Admit and a kept ICE configuration count from it.
  // The dashboard's warm call for this visit, if Admit opened this view from there (warm-calls.ts).
  const [session] = useState(
    () =>
      takeWarmCall(options.appointmentId)?.adopt({ onEnded: options.onEnded }) ?? new CallSession({ ...options, remotes }, browserDeps()),
  );
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  const participants = useMemo(() => JSON.parse(remotesKey) as Participant[], [remotesKey]);
  useEffect(() => session.setParticipants(participants), [session, participants]);
  useEffect(() => void (!standby && session.admitted()), [session, standby]);
  useEffect(() => void (ended && session.markEnded()), [session, ended]);
  return [useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot), session];
}
