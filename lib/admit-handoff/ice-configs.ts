/**
 * Part of the Admit hand-off (admit-handoff.ts): the visit's STUN/TURN configuration kept in the tab between pages, so that no request stands between
 * Admit and the offer: the provider's dashboard fetches it while a patient waits (and again before its
 * TURN credentials expire), the visit page's call takes it. `refreshInMs` is the rule for how long one
 * may still be used: until a minute before its credentials expire, a peer built with it has time to
 * connect (TURN allocations are refreshed with the credentials they were made with).
 *
 * Browser module (the request goes to this app through lib/api-client), no Next imports.
 */
import "client-only";
import { visitsApi, type IceConfig } from "@/lib/api-client/visits";
import { LIFETIMES } from "@/lib/admit-handoff/lifetimes";

export const REFRESH_BEFORE_EXPIRY_MS = LIFETIMES.iceRefreshBeforeExpiryMs;
/** Nothing is fetched again sooner than this, whatever the credentials' lifetime (a misconfigured TTL must not loop). */
export const MIN_REFRESH_MS = LIFETIMES.iceMinRefreshMs;
const RETRY_MS = LIFETIMES.iceRetryMs;

/** ms until this configuration should be replaced by a fresh one; Infinity without TURN credentials. */
export function refreshInMs(config: Pick<IceConfig, "expiresAt">, now: number): number {
  if (!config.expiresAt) return Infinity;
  const expires = Date.parse(config.expiresAt);
  return Number.isNaN(expires) ? 0 : expires - now - REFRESH_BEFORE_EXPIRY_MS;
}

/** Usable for a new peer: not within MIN_REFRESH_MS of when it should have been refreshed. */
export function usable(config: Pick<IceConfig, "expiresAt">, now: number): boolean {
  return refreshInMs(config, now) > MIN_REFRESH_MS;
}

const kept = new Map<string, IceConfig>();
/** A prefetch on its way: the call waits for it rather than asking twice. */
const inFlight = new Map<string, Promise<IceConfig | null>>();

export function iceConfigInFlight(appointmentId: string): Promise<IceConfig | null> | null {
  return inFlight.get(appointmentId) ?? null;
}

export function keepIceConfig(appointmentId: string, config: IceConfig): void {
  kept.set(appointmentId, config);
}

/** A kept configuration that is still usable, or null. */
export function keptIceConfig(appointmentId: string, now = Date.now()): IceConfig | null {
  const config = kept.get(appointmentId);
  if (config && usable(config, now)) return config;
  kept.delete(appointmentId);
  return null;
}

/** Fetches now and keeps it fresh until the returned function is called (the waiting card unmounts). */
export function prefetchIceConfig(appointmentId: string): () => void {
  // Stopping ends the refreshes but lets a request on its way finish: the call the card just opened may be waiting for it.
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const load = () => {
    const request = visitsApi.iceServers(appointmentId).then((result) => (result.ok ? result.data : null));
    inFlight.set(appointmentId, request);
    void request.finally(() => inFlight.get(appointmentId) === request && inFlight.delete(appointmentId));
    return request.then((config) => {
      if (config) keepIceConfig(appointmentId, config);
      if (stopped) return;
      if (!config) {
        timer = setTimeout(load, RETRY_MS);
        return;
      }
      const wait = refreshInMs(config, Date.now());
      if (Number.isFinite(wait)) timer = setTimeout(load, Math.max(MIN_REFRESH_MS, wait));
    });
  };
  const cached = keptIceConfig(appointmentId);
  if (cached) {
    const wait = refreshInMs(cached, Date.now());
    if (Number.isFinite(wait)) timer = setTimeout(load, Math.max(MIN_REFRESH_MS, wait));
  } else void load();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
