"use client";
/**
 * The provider's call view on the dashboard: Admit shows the visit room right here, with the visit's URL
 * (history.pushState, which Next's router follows), instead of a server round trip to render /visits/{id}
 * while the patient's camera is already waiting. It is the same VisitRoom the visit page renders, so a
 * reload or a shared link lands on the real page with the same call. Leaving that URL (back, a link)
 * shows the dashboard again and ends the call view, as leaving the visit page would.
 *
 * Its code (the call, simple-peer) loads only once a patient is waiting (preloadCallView), and the visit's
 * state is read then too (prefetchVisitView); without both, Admit navigates to the visit page as before.
 */
import { createContext, useCallback, useContext, useState } from "react";
import { flushSync } from "react-dom";
import { usePathname } from "next/navigation";
import type { VisitView } from "@/lib/visits/visit-view";
import type { VisitRoom as VisitRoomComponent } from "@/components/visit/visit-room";

type Self = { id: string; name: string; timeZone: string };

// Promises: an Admit clicked while they are still on their way waits for them (tens of ms) rather than
// falling back to the server round trip.
let callView: Promise<typeof VisitRoomComponent | null> | null = null;
const views = new Map<string, Promise<VisitView | null>>();
// The same, once arrived: Admit then renders the call view within its own click (flushSync), not a task later.
let loadedCallView: typeof VisitRoomComponent | null = null;
const loadedViews = new Map<string, VisitView>();

export function preloadCallView(): void {
  callView ??= import("@/components/visit/visit-room").then(
    (m) => (loadedCallView = m.VisitRoom),
    () => (callView = null),
  );
}

/** Reads the visit's state now (and forgets it when the card goes): what the call view starts from. */
export function prefetchVisitView(appointmentId: string): () => void {
  const abort = new AbortController();
  const view = fetch(`/api/visits/${encodeURIComponent(appointmentId)}`, { cache: "no-store", signal: abort.signal })
    .then(async (response) => (response.ok ? ((await response.json()) as VisitView) : null))
    .then((loaded) => {
      if (loaded && views.get(appointmentId) === view) loadedViews.set(appointmentId, loaded);
      return loaded;
    })
    .catch(() => null);
  views.set(appointmentId, view);
  return () => {
    abort.abort();
    views.delete(appointmentId);
    loadedViews.delete(appointmentId);
  };
}

/** Opens the call view for this visit, or calls `otherwise` (navigate to the visit page) if it cannot. */
type OpenCallFn = (appointmentId: string, otherwise: () => void) => void;
const OpenCall = createContext<OpenCallFn>((_id, otherwise) => otherwise());

export function useOpenCall() {
  return useContext(OpenCall);
}

type Open = { view: VisitView; Room: typeof VisitRoomComponent; arrived: boolean };

export function AdmitCallHost({ self, children }: { self: Self; children: React.ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState<Open | null>(null);
  const openCall = useCallback<OpenCallFn>((appointmentId, otherwise) => {
    const path = `/visits/${encodeURIComponent(appointmentId)}`;
    const ready = loadedViews.get(appointmentId);
    if (ready && loadedCallView) {
      const Room = loadedCallView;
      window.history.pushState(null, "", path);
      flushSync(() => setOpen({ view: ready, Room, arrived: false }));
      return;
    }
    const view = views.get(appointmentId);
    if (!view || !callView) return otherwise();
    void Promise.all([view, callView]).then(([loaded, Room]) => {
      if (!loaded || !Room) return otherwise();
      setOpen({ view: loaded, Room, arrived: false });
      window.history.pushState(null, "", path);
    });
  }, []);
  const visitPath = open ? `/visits/${open.view.id}` : null;
  // Next's router learns of pushState a little later than the click renders the call: until the visit's
  // path has been seen, the call shows; after that, leaving the path (back, a link) shows the dashboard.
  if (open && !open.arrived && pathname === visitPath) setOpen({ ...open, arrived: true });
  const showing = open !== null && (pathname === visitPath || !open.arrived);
  return <OpenCall.Provider value={openCall}>{showing ? <open.Room initial={open.view} self={self} /> : children}</OpenCall.Provider>;
}
