"use client";

import { useCallback, useEffect, useState } from "react";
import type { VisitView } from "@/lib/visits/visit-view";
import { visitsApi } from "@/lib/api-client/visits";
import type { ApiResult } from "@/lib/api-client/send-json";
import { useChannelEvent } from "@/components/realtime/realtime-provider";
import { useRefetchAfterAdmit } from "@/components/visit/use-refetch-after-admit";

/**
 * One visit's state (its guests among it) for a dashboard card, read when `enabled` and re-read on the
 * visit's `visit-state` event on the provider's own channel: every change to guests publishes one
 * (contract: guests), so a guest who checks in shows with "Let in" without a reload.
 */
export function useVisitGuests(appointmentId: string, selfId: string, enabled = true) {
  const [visit, setVisit] = useState<VisitView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const apply = useCallback((result: ApiResult<VisitView>) => {
    if (!result.ok) return setError(result.error);
    setError(null);
    setVisit(result.data);
  }, []);
  const refetch = useCallback(() => visitsApi.get(appointmentId).then(apply), [appointmentId, apply]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void visitsApi.get(appointmentId).then((result) => live && apply(result));
    return () => {
      live = false;
    };
  }, [enabled, appointmentId, apply]);
  const refetchSoon = useRefetchAfterAdmit(appointmentId, refetch);
  const onEvent = useCallback(
    (data: { appointmentId: string }) => {
      if (enabled && data.appointmentId === appointmentId) refetchSoon();
    },
    [enabled, appointmentId, refetchSoon],
  );
  useChannelEvent(`private-user-${selfId}`, "visit-state", onEvent);
  return { visit, setVisit, refetch, error };
}
