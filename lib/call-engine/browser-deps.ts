/**
 * The call engine's real dependencies in the browser: simple-peer, the JSON API client, the Admit
 * hand-off's caches and warm camera, the page's lifecycle events, performance.now() and the test hook.
 */
import "client-only";
import { visitsApi } from "@/lib/api-client/visits";
import {
  holdWarmPlace,
  iceConfigInFlight,
  keepIceConfig,
  keptIceConfig,
  takeOpenedCamera,
  takeWarmCamera,
  warmCameraVideo,
} from "@/lib/admit-handoff/admit-handoff";
import { refreshInMs, usable } from "@/lib/admit-handoff/ice-configs";
import { systemClock } from "@/lib/signalling/outbox";
import { simplePeerFactory } from "@/lib/call-engine/simple-peer-factory";
import { exposeCall } from "@/lib/call-engine/test-hook";
import type { CallDeps } from "@/lib/call-engine/types";

export function browserDeps(): CallDeps {
  return {
    peers: simplePeerFactory,
    clock: { ...systemClock, wallNow: () => Date.now() },
    api: {
      iceServers: (id, options) => visitsApi.iceServers(id, options),
      end: (id) => visitsApi.end(id),
      reportConnection: visitsApi.reportConnection,
      reportQuality: visitsApi.reportQuality,
    },
    handoff: {
      keptIceConfig: (id) => keptIceConfig(id),
      iceConfigInFlight,
      keepIceConfig,
      usableIceConfig: usable,
      iceRefreshInMs: refreshInMs,
      takeOpenedCamera,
      takeWarmCamera,
      warmCameraVideo,
      holdWarmPlace,
    },
    media: typeof navigator === "undefined" ? null : (navigator.mediaDevices ?? null),
    page: {
      onHide: (callback) => {
        window.addEventListener("pagehide", callback);
        return () => window.removeEventListener("pagehide", callback);
      },
      onRestore: (callback) => {
        const onShow = (event: PageTransitionEvent) => event.persisted && callback();
        window.addEventListener("pageshow", onShow);
        return () => window.removeEventListener("pageshow", onShow);
      },
    },
    exposeForTests: exposeCall,
    newId: () => crypto.randomUUID(),
  };
}
