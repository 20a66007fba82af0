"use client";
/**
 * The visit's STUN/TURN configuration, fetched as soon as the call mounts (in parallel with the camera
 * and microphone) and fetched again a minute before its TURN credentials expire, so a peer rebuilt late
 * in the visit still gets valid ones. `current()` always gives the latest.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { fetchIceConfig, type IceConfig } from "@/lib/call/api";

const RETRY_MS = 3000;
const REFRESH_BEFORE_EXPIRY_MS = 60_000;

export function useIceConfig(appointmentId: string, options: { enabled: boolean; attempt: number; onLoaded?(): void }) {
  const { enabled, attempt } = options;
  const [ready, setReady] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const config = useRef<IceConfig | null>(null);
  const onLoaded = useRef(options.onLoaded);
  useEffect(() => {
    onLoaded.current = options.onLoaded;
  });

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      fetchIceConfig(appointmentId, abort.signal)
        .then((loaded) => {
          if (abort.signal.aborted) return;
          config.current = loaded;
          onLoaded.current?.();
          setReady(true);
          setProblem(null);
          const expires = loaded.expiresAt ? Date.parse(loaded.expiresAt) : null;
          if (expires !== null) timer = setTimeout(load, Math.max(10_000, expires - Date.now() - REFRESH_BEFORE_EXPIRY_MS));
        })
        .catch((error: unknown) => {
          if (abort.signal.aborted) return;
          setProblem(error instanceof Error ? error.message : "The call could not start.");
          timer = setTimeout(load, RETRY_MS);
        });
    void load();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [appointmentId, enabled, attempt]);

  const current = useCallback(() => config.current, []);
  return { ready, problem, current };
}
