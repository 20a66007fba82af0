/**
 * The dashboard's warm calls (docs/decisions/0009-warm-connections.md), one CallSession per waiting visit,
 * kept in the tab so that the call view Admit opens takes the running session, with its warm connection,
 * instead of building a new one. No React here: the waiting card keeps a call (use-warm-call.ts), the call
 * view takes it (use-call-session.ts).
 *
 * A card that goes away stops its call, unless Admit was clicked for that visit: the call view is then
 * about to take it, and it is stopped only if nobody has within TAKE_WITHIN_MS.
 */
import "client-only";
import type { CallSession } from "@/lib/call-engine/call-session";

export const TAKE_WITHIN_MS = 15_000;

/** `stop(keepChannel)`: the session stops; the channel stays subscribed when a visit page may be using it. */
type Kept = { session: CallSession; stop: (keepChannel: boolean) => void };

const kept = new Map<string, Kept>();
/** Taken in this task: React may run a state initializer twice (development), and both get the same session. */
const justTaken = new Map<string, CallSession>();
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

/** How many visits have a warm call in this tab (the cap counts them). */
export function warmCallsHeld(): number {
  return kept.size;
}

/** Called when a warm call goes away, so that a visit past the cap can have one now. */
export function onWarmCallsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** A place for this visit's warm call, if fewer than `max` are held; `stop` ends it (session and channel). */
export function keepWarmCall(appointmentId: string, max: number, session: CallSession, stop: Kept["stop"]): boolean {
  if (kept.has(appointmentId) || kept.size >= max) return false;
  kept.set(appointmentId, { session, stop });
  return true;
}

/** The call view of this visit takes its warm call, now its own (it stops it when it goes), or null. */
export function takeWarmCall(appointmentId: string): CallSession | null {
  const again = justTaken.get(appointmentId);
  if (again) return again;
  const entry = kept.get(appointmentId);
  if (!entry) return null;
  kept.delete(appointmentId);
  justTaken.set(appointmentId, entry.session);
  setTimeout(() => justTaken.delete(appointmentId), 0);
  changed();
  return entry.session;
}

/**
 * The card went (the patient left, the dashboard closed, or Admit opened the call view). `admitting`: Admit
 * was clicked for this visit, so the call view gets TAKE_WITHIN_MS to take the call before it stops.
 */
export function dropWarmCall(appointmentId: string, session: CallSession, admitting: boolean): void {
  const entry = kept.get(appointmentId);
  if (!entry || entry.session !== session) return;
  const stop = () => {
    if (kept.get(appointmentId) !== entry) return;
    kept.delete(appointmentId);
    entry.stop(admitting);
    changed();
  };
  if (admitting) setTimeout(stop, TAKE_WITHIN_MS);
  else stop();
}
