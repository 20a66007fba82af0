/**
 * `window.__consultCall`: the current call's RTCPeerConnections and timings, for end-to-end tests that
 * run against a production build and must read getStats() through page.evaluate.
 *
 *   __consultCall.pc / .session / .stats()   - the primary pair (a one-to-one call's only peer: the patient's
 *                                              or a guest's link to the provider, the provider's to the patient)
 *   __consultCall.peers                       - every pair: { [remote user id]: { pc, session } | null }
 *   __consultCall.statsOf(remoteUserId)       - getStats() of that pair's current peer (null when it has none)
 *   __consultCall.timings                     - this page's call timings (all pairs together)
 *   __consultCalls[appointmentId]             - the same for each call of the page by visit: the dashboard holds
 *                                              one warm call per waiting patient; __consultCall is the newest
 *
 * Exposed in every build on purpose. It leaks nothing: the page's own scripts (the only code that can
 * read `window`) already hold the same peer connections, and any script able to run on the page could
 * wrap RTCPeerConnection anyway. It carries no credentials, and the simple-peer instances (which could
 * send on the data channel) are not exposed. The object is frozen and its fields are getters.
 */
import "client-only";
import type { CallPeersView, CallTimings, PeerRef } from "@/lib/call-engine/types";

export type ConsultCallHook = {
  readonly pc: RTCPeerConnection | null;
  readonly session: string | null;
  readonly peers: Readonly<Record<string, Readonly<PeerRef> | null>>;
  readonly timings: Readonly<CallTimings>;
  stats(): Promise<RTCStatsReport | null>;
  statsOf(remoteUserId: string): Promise<RTCStatsReport | null>;
};

declare global {
  interface Window {
    __consultCall?: ConsultCallHook;
    __consultCalls?: Record<string, ConsultCallHook>;
  }
}

export function exposeCall(view: CallPeersView, timings: CallTimings, appointmentId: string): () => void {
  const hook: ConsultCallHook = Object.freeze({
    get pc() {
      return view.primary()?.pc ?? null;
    },
    get session() {
      return view.primary()?.session ?? null;
    },
    get peers() {
      const all = view.peers();
      return Object.freeze(
        Object.fromEntries(Object.entries(all).map(([id, ref]) => [id, ref ? Object.freeze({ pc: ref.pc, session: ref.session }) : null])),
      );
    },
    get timings() {
      return { ...timings };
    },
    stats: async () => (await view.primary()?.pc?.getStats()) ?? null,
    statsOf: async (remoteUserId: string) => (await view.peers()[remoteUserId]?.pc?.getStats()) ?? null,
  });
  Object.defineProperty(window, "__consultCall", { value: hook, configurable: true, enumerable: false, writable: false });
  if (!window.__consultCalls) Object.defineProperty(window, "__consultCalls", { value: {}, enumerable: false });
  const byVisit = window.__consultCalls!;
  byVisit[appointmentId] = hook;
  return () => {
    if (window.__consultCall === hook) delete window.__consultCall;
    if (byVisit[appointmentId] === hook) delete byVisit[appointmentId];
  };
}
