/**
 * `window.__consultCall`: the current call's RTCPeerConnection and timings, for end-to-end tests that
 * run against a production build and must read getStats() through page.evaluate.
 *
 * Exposed in every build on purpose. It leaks nothing: the page's own scripts (the only code that can
 * read `window`) already hold the same peer connection, and any script able to run on the page could
 * wrap RTCPeerConnection anyway. It carries no credentials, and the simple-peer instance (which could
 * send on the data channel) is not exposed. The object is frozen and its fields are getters.
 */
import "client-only";
import type { CallTimings } from "@/lib/call-engine/types";

export type ConsultCallHook = {
  readonly pc: RTCPeerConnection | null;
  readonly session: string | null;
  readonly timings: Readonly<CallTimings>;
  stats(): Promise<RTCStatsReport | null>;
};

declare global {
  interface Window {
    __consultCall?: ConsultCallHook;
  }
}

export function exposeCall(current: () => { pc: RTCPeerConnection | null; session: string } | null, timings: CallTimings): () => void {
  const hook: ConsultCallHook = Object.freeze({
    get pc() {
      return current()?.pc ?? null;
    },
    get session() {
      return current()?.session ?? null;
    },
    get timings() {
      return { ...timings };
    },
    stats: async () => (await current()?.pc?.getStats()) ?? null,
  });
  Object.defineProperty(window, "__consultCall", { value: hook, configurable: true, enumerable: false, writable: false });
  return () => {
    if (window.__consultCall === hook) delete window.__consultCall;
  };
}
