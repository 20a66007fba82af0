"use client";
/**
 * The visit's STUN/TURN configuration: the one kept in the tab when it is still usable (the provider's
 * dashboard fetched it while the patient waited; see ice-config-cache.ts), otherwise fetched as soon as
 * the call mounts (in parallel with the camera and microphone). Fetched again a minute before its TURN
 * credentials expire, so a peer rebuilt late in the visit still gets valid ones, and afresh for each
 * restart after a failure. `current()` always gives the latest.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { fetchIceConfig, type IceConfig } from "@/lib/call/api";
import { iceConfigInFlight, keepIceConfig, keptIceConfig, MIN_REFRESH_MS, refreshInMs, usable } from "@/lib/call/ice-config-cache";

const RETRY_MS = 3000;

export function useIceConfig(appointmentId: string, options: { enabled: boolean; attempt: number; onLoaded?(): void }) {
  const { enabled, attempt } = options;
  const [kept] = useState(() => keptIceConfig(appointmentId));
  const [ready, setReady] = useState(kept !== null);
  const [problem, setProblem] = useState<string | null>(null);
  const config = useRef<IceConfig | null>(kept);
  const onLoaded = useRef(options.onLoaded);
  useEffect(() => {
    onLoaded.current = options.onLoaded;
  });

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const use = (loaded: IceConfig) => {
      config.current = loaded;
      onLoaded.current?.();
      setReady(true);
      setProblem(null);
      const wait = refreshInMs(loaded, Date.now());
      if (Number.isFinite(wait)) timer = setTimeout(load, Math.max(MIN_REFRESH_MS, wait));
    };
    const load = () =>
      fetchIceConfig(appointmentId, abort.signal)
        .then((loaded) => {
          if (abort.signal.aborted) return;
          keepIceConfig(appointmentId, loaded);
          use(loaded);
        })
        .catch((error: unknown) => {
          if (abort.signal.aborted) return;
          setProblem(error instanceof Error ? error.message : "The call could not start.");
          timer = setTimeout(load, RETRY_MS);
        });
    // A restart after a failure asks the server again; the first start takes a kept one if it is still good.
    const cached = attempt === 0 ? keptIceConfig(appointmentId) : null;
    const coming = attempt === 0 && !cached ? iceConfigInFlight(appointmentId) : null;
    if (cached) use(cached);
    else if (coming) {
      void coming.then((loaded) => {
        if (abort.signal.aborted) return;
        if (loaded && usable(loaded, Date.now())) use(loaded);
        else void load();
      });
    } else void load();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [appointmentId, enabled, attempt]);

  const current = useCallback(() => config.current, []);
  return { ready, problem, current };
}
