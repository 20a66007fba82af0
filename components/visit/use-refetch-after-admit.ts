"use client";

import { useCallback, useEffect, useRef } from "react";
import { quietLeftMs } from "@/lib/call-engine/admit-quiet";

/**
 * `refetch` for the server's word on a visit, put off while this page's warm connection has just been
 * admitted, so that the first picture comes first (lib/call-engine/admit-quiet.ts). Several words in that
 * moment make one re-read at its end.
 */
export function useRefetchAfterAdmit(appointmentId: string, refetch: () => unknown): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    const wait = quietLeftMs(appointmentId, Date.now());
    if (wait === 0) return void refetch();
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refetch(), wait);
  }, [appointmentId, refetch]);
}
