/**
 * What happens when a provider clicks Admit, in one place: prepare while the patient waits, admit, then
 * the call. Browser only (one instance per tab: these are the tab's caches), no React.
 *
 *   prepareAdmit(appointmentId, { preloadCallView }) - while a waiting card is shown: the visit's state
 *       (what the call view starts from), its STUN/TURN configuration kept fresh, and the call view's code
 *   prepareChannel(appointmentId, realtime) - and the signature to join its presence channel (again for
 *       each new socket). Both return stop().
 *   warmCamera()            - the pointer or focus reached Admit: open camera and microphone for the call
 *   admit(appointmentId, { realtime }) - the one Admit path (dashboard card and visit page): a warm
 *       connection's track swap (warm-places.ts), camera, refresh pause, join the visit channel now,
 *       POST /admit; the outcome is kept for the visit page
 *   pendingAdmit / forgetAdmit - the visit page opened by that Admit starts the call at once and takes its outcome
 *   preparedCall(appointmentId) - what prepareAdmit brought, for rendering the call within the click
 *
 * A visit page about to mount its call (components/visit/use-call-ahead.ts) opens the camera and fetches the
 * ICE configuration the same way while it joins the visit's channel.
 *
 * The call engine takes the rest from here: the warmed camera (takeOpenedCamera/takeWarmCamera) and the kept
 * ICE configuration (keptIceConfig/iceConfigInFlight). Every lifetime is in lifetimes.ts.
 */
import "client-only";
import type { VisitView } from "@/lib/visits/visit-view";
import { visitsApi } from "@/lib/api-client/visits";
import { channels } from "@/lib/realtime/channels";
import { LIFETIMES } from "@/lib/admit-handoff/lifetimes";
import { prefetchChannelAuth } from "@/lib/admit-handoff/channel-signatures";
import { prefetchIceConfig } from "@/lib/admit-handoff/ice-configs";
import { warmCamera } from "@/lib/admit-handoff/warm-camera";
import { admitWarm } from "@/lib/admit-handoff/warm-places";

export { channelAuthHandler } from "@/lib/admit-handoff/channel-signatures";
export { iceConfigInFlight, keepIceConfig, keptIceConfig, prefetchIceConfig } from "@/lib/admit-handoff/ice-configs";
export { holdCamera, takeOpenedCamera, takeWarmCamera, warmCamera, warmCameraVideo } from "@/lib/admit-handoff/warm-camera";
export { holdWarmPlace, warmPlacesHeld } from "@/lib/admit-handoff/warm-places";

export type AdmitOutcome = { ok: true; visit: VisitView } | { ok: false; error: string };

/** The part of pusher-js's client the hand-off uses. */
export interface RealtimeLike {
  subscribe(channelName: string): unknown;
  connection: {
    socket_id?: string;
    bind(event: "connected", callback: () => void): unknown;
    unbind(event: "connected", callback: () => void): unknown;
  };
}

// ---- Refresh pause: the dashboard being left must not re-render under the call it opens.
let refreshPausedUntil = 0;

/** ms until refreshes may run again (0: now). Read by refresh-on-event.tsx. */
export function refreshPauseLeft(now = Date.now()): number {
  return Math.max(0, refreshPausedUntil - now);
}

/** The dashboard is shown anew (Back from the call): the page the pause protected is gone. */
export function endRefreshPause(): void {
  refreshPausedUntil = 0;
}

// ---- Visit views and the call view's code, prepared while the patient waits.
const visitViews = new Map<string, { view: Promise<VisitView | null>; loaded: VisitView | null }>();
let callView: { code: Promise<unknown>; loaded: unknown } | null = null;

function prefetchVisitView(appointmentId: string): () => void {
  const abort = new AbortController();
  const entry: { view: Promise<VisitView | null>; loaded: VisitView | null } = { view: Promise.resolve(null), loaded: null };
  entry.view = visitsApi.get(appointmentId, { signal: abort.signal }).then((result) => {
    const loaded = result.ok ? result.data : null;
    if (visitViews.get(appointmentId) === entry) entry.loaded = loaded;
    return loaded;
  });
  visitViews.set(appointmentId, entry);
  return () => {
    abort.abort();
    if (visitViews.get(appointmentId) === entry) visitViews.delete(appointmentId);
  };
}

function preloadCallView(load: () => Promise<unknown>): void {
  if (callView) return;
  const entry: { code: Promise<unknown>; loaded: unknown } = { code: Promise.resolve(null), loaded: null };
  entry.code = load().then(
    (code) => (entry.loaded = code),
    () => {
      callView = null;
      return null;
    },
  );
  callView = entry;
}

/** Visit state and call code, at once if both have arrived (render within the click), else promises for them (tens of ms). */
export function preparedCall<T>(appointmentId: string): {
  now: { view: VisitView; code: T } | null;
  soon: Promise<{ view: VisitView; code: T } | null> | null;
} {
  const view = visitViews.get(appointmentId);
  if (!view || !callView) return { now: null, soon: null };
  if (view.loaded && callView.loaded) return { now: { view: view.loaded, code: callView.loaded as T }, soon: null };
  const soon = Promise.all([view.view, callView.code]).then(([v, code]) => (v && code ? { view: v, code: code as T } : null));
  return { now: null, soon };
}

/** While a waiting card is shown. Returns stop(): the card went (a request on its way still finishes). */
export function prepareAdmit(appointmentId: string, options: { preloadCallView?: () => Promise<unknown> } = {}): () => void {
  if (options.preloadCallView) preloadCallView(options.preloadCallView);
  const forgetView = prefetchVisitView(appointmentId);
  const stopIce = prefetchIceConfig(appointmentId);
  return () => {
    forgetView();
    stopIce();
  };
}

/** The signature to join the visit's presence channel, for this socket and each new one, until stop(). */
export function prepareChannel(appointmentId: string, client: RealtimeLike): () => void {
  const sign = () => {
    const socketId = client.connection.socket_id;
    if (socketId) prefetchChannelAuth(socketId, channels.visit(appointmentId));
  };
  sign();
  client.connection.bind("connected", sign); // a new socket needs a new signature
  return () => void client.connection.unbind("connected", sign);
}

// ---- Admit itself.
const outcomes = new Map<string, Promise<AdmitOutcome>>();

/** The one Admit: camera now, no refresh under the call, into the visit's room now, then the server's answer. */
export function admit(appointmentId: string, options: { realtime?: RealtimeLike | null } = {}): Promise<AdmitOutcome> {
  // A warm connection (docs/decisions/0009): the tracks go on its senders within the click, before the request.
  // Its call took the camera the dashboard's preview held; only a cold Admit opens one here.
  if (!admitWarm(appointmentId)) warmCamera();
  refreshPausedUntil = Math.max(refreshPausedUntil, Date.now() + LIFETIMES.leavingPauseMs);
  // The tab's connection carries the subscription over to the visit page, which owns it from then on.
  options.realtime?.subscribe(channels.visit(appointmentId));
  const outcome = visitsApi
    .admit(appointmentId)
    .then((r): AdmitOutcome => (r.ok ? { ok: true, visit: r.data } : { ok: false, error: r.error }));
  outcomes.set(appointmentId, outcome);
  void outcome.then(() =>
    setTimeout(() => outcomes.get(appointmentId) === outcome && outcomes.delete(appointmentId), LIFETIMES.admitOutcomeMs),
  );
  return outcome;
}

/** The Admit in flight (or just settled) for this visit, if the visit page was opened by one. */
export function pendingAdmit(appointmentId: string): Promise<AdmitOutcome> | null {
  return outcomes.get(appointmentId) ?? null;
}

/** The visit page has taken its outcome. */
export function forgetAdmit(appointmentId: string, outcome: Promise<AdmitOutcome>): void {
  if (outcomes.get(appointmentId) === outcome) outcomes.delete(appointmentId);
}
