/**
 * The dashboard's warm calls (docs/decisions/0009-warm-connections.md), one CallSession per waiting visit,
 * kept in the tab so that the call view Admit opens takes the running session, with its warm connection,
 * instead of building a new one. No React here: the waiting card keeps a call (use-warm-call.ts), the call
 * view takes it (use-call-session.ts), the dashboard's call host says when it gives way to a call view.
 *
 * When a card goes away:
 * - Admit was clicked for its visit: the call view is about to take the call; it stops only if nobody has
 *   within TAKE_WITHIN_MS;
 * - the dashboard gave way to a call view (another visit's Admit): the call is parked, warm and silent, so
 *   that the next patient's Admit is as instant when the provider comes back; the card takes it again, and
 *   the host stops whatever no card took back (a visit no longer waiting, or the dashboard left);
 * - otherwise (the patient left, the visit was admitted elsewhere): it stops now.
 *
 * One warm call per provider and visit in this browser: a provider's visit page open in another tab holds
 * the visit's call itself (it keeps its own warm connection), so the dashboard keeps none for that visit and
 * stops one it had (two would take turns at the patient's one connection). Tabs tell each other on a
 * BroadcastChannel.
 */
import "client-only";
import type { CallSession } from "@/lib/call-engine/call-session";

export const TAKE_WITHIN_MS = 15_000;

/** `stop(keepChannel)`: the session stops; the channel stays subscribed when a visit page may be using it. */
type Kept = { session: CallSession; stop: (keepChannel: boolean) => void; parked: boolean };

const kept = new Map<string, Kept>();
/** Taken in this task: React may run a state initializer twice (development), and both get the same session. */
const justTaken = new Map<string, CallSession>();
const listeners = new Set<() => void>();
let givingWay = false;
/** Visits whose page is open in another tab of this browser (their call is held there). */
const openElsewhere = new Set<string>();
type TabMessage = { t: "open" | "closed" | "ask"; visit?: string };
const openHere = new Map<string, number>();
let tabs: BroadcastChannel | null = null;

function tabChannel(): BroadcastChannel | null {
  if (tabs || typeof BroadcastChannel === "undefined") return tabs;
  tabs = new BroadcastChannel("consult-visit-pages");
  tabs.onmessage = (event: MessageEvent<TabMessage>) => {
    const { t, visit } = event.data ?? {};
    if (t === "ask") for (const id of openHere.keys()) tabs?.postMessage({ t: "open", visit: id } satisfies TabMessage);
    if (typeof visit !== "string") return;
    if (t === "open") {
      openElsewhere.add(visit);
      const entry = kept.get(visit);
      if (entry) stopEntry(visit, entry, false);
    } else if (t === "closed" && openElsewhere.delete(visit)) changed();
  };
  tabs.postMessage({ t: "ask" } satisfies TabMessage);
  return tabs;
}

/** A provider's visit page holds this visit's call (while it is mounted): other tabs' dashboards keep none. */
export function visitPageOpen(appointmentId: string): () => void {
  const channel = tabChannel();
  openHere.set(appointmentId, (openHere.get(appointmentId) ?? 0) + 1);
  channel?.postMessage({ t: "open", visit: appointmentId } satisfies TabMessage);
  // A closed tab runs no cleanup: say it as the page goes.
  const closed = () => channel?.postMessage({ t: "closed", visit: appointmentId } satisfies TabMessage);
  window.addEventListener("pagehide", closed);
  return () => {
    window.removeEventListener("pagehide", closed);
    const left = (openHere.get(appointmentId) ?? 1) - 1;
    if (left > 0) return void openHere.set(appointmentId, left);
    openHere.delete(appointmentId);
    closed();
  };
}

/** Whether another tab's visit page holds this visit's call (the dashboard then keeps none). */
export function openInAnotherTab(appointmentId: string): boolean {
  tabChannel();
  return openElsewhere.has(appointmentId);
}

function changed(): void {
  for (const listener of listeners) listener();
}

function stopEntry(appointmentId: string, entry: Kept, keepChannel: boolean): void {
  if (kept.get(appointmentId) !== entry) return;
  kept.delete(appointmentId);
  entry.stop(keepChannel);
  changed();
}

/** Whether this session is still this visit's warm call (another tab's visit page may have stopped it). */
export function stillKept(appointmentId: string, session: CallSession): boolean {
  return kept.get(appointmentId)?.session === session;
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
  if (kept.has(appointmentId) || kept.size >= max || openElsewhere.has(appointmentId)) return false;
  kept.set(appointmentId, { session, stop, parked: false });
  return true;
}

/** The card is back (the provider returned from a call): its parked call, still warm, or null. */
export function reclaimWarmCall(appointmentId: string): CallSession | null {
  const entry = kept.get(appointmentId);
  if (!entry?.parked) return null;
  entry.parked = false;
  return entry.session;
}

/** What this visit's warm call receives from the patient now (Admit's first picture, admit-stage.tsx), or null. */
export function warmCallStream(appointmentId: string, patientId: string): MediaStream | null {
  return kept.get(appointmentId)?.session.getSnapshot().remotes[patientId]?.stream ?? null;
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

/** The card went; `admitting`: Admit was clicked for this visit (see the top of this file). */
export function dropWarmCall(appointmentId: string, session: CallSession, admitting: boolean): void {
  const entry = kept.get(appointmentId);
  if (!entry || entry.session !== session) return;
  if (admitting) setTimeout(() => stopEntry(appointmentId, entry, true), TAKE_WITHIN_MS);
  else if (givingWay) entry.parked = true;
  else stopEntry(appointmentId, entry, false);
}

/** The dashboard's call host: `true` as it gives way to a call view (cards going then park their calls), `false` once back. */
export function dashboardGivesWay(giving: boolean): void {
  givingWay = giving;
}

/** The host, once the dashboard is back (its cards have taken their calls again) or gone: stops the parked rest. */
export function stopParkedWarmCalls(): void {
  for (const [id, entry] of kept) if (entry.parked) stopEntry(id, entry, false);
}
