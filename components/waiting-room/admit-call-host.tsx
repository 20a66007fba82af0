"use client";
/**
 * The provider's call view on the dashboard: Admit shows the visit room right here, with the visit's URL
 * (history.pushState, which Next's router follows), instead of a server round trip to render /visits/{id}
 * while the patient's camera is already waiting. It is the same VisitRoom the visit page renders, so a
 * reload or a shared link lands on the real page with the same call. Leaving that URL (back, a link)
 * shows the dashboard again and ends the call view, as leaving the visit page would.
 *
 * What it renders from (the visit's state and the call view's code) is prepared by the Admit hand-off
 * (lib/admit-handoff) while the patient waits; without it, Admit navigates to the visit page as before.
 * Over a warm connection, the patient's picture shows first and the rest of the call view is built after
 * it (admit-stage.tsx).
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { usePathname } from "next/navigation";
import type { VisitView } from "@/lib/visits/visit-view";
import { preparedCall } from "@/lib/admit-handoff/admit-handoff";
import { dashboardGivesWay, stopParkedWarmCalls, warmCallStream } from "@/components/call/warm-calls";
import { AdmitStage } from "@/components/waiting-room/admit-stage";
import type { VisitRoom as VisitRoomComponent } from "@/components/visit/visit-room";

type Self = { id: string; name: string; timeZone: string };
type Room = typeof VisitRoomComponent;

/** The call view's code, for prepareAdmit to load once a patient is waiting. */
export const loadCallView = (): Promise<Room> => import("@/components/visit/visit-room").then((m) => m.VisitRoom);

/** Opens the call view for this visit, or calls `otherwise` (navigate to the visit page) if it cannot. */
type OpenCallFn = (appointmentId: string, otherwise: () => void) => void;
const OpenCall = createContext<OpenCallFn>((_id, otherwise) => otherwise());

export function useOpenCall() {
  return useContext(OpenCall);
}

/**
 * `stage`: over a warm connection the patient's picture shows first, alone ("shown"), then over the call view
 * being built ("over"), then not at all (admit-stage.tsx).
 */
type Open = {
  view: VisitView;
  Room: Room;
  arrived: boolean;
  /** This opening (copies of the state keep it): its URL is pushed once. */
  id: object;
  stage: { stream: MediaStream; over: boolean } | null;
};

/** The call view about to show, with the warm call's picture of the patient first when there is one. */
function opening(appointmentId: string, prepared: { view: VisitView; code: Room }): Open {
  const stream = warmCallStream(appointmentId, prepared.view.patient.id);
  return { view: prepared.view, Room: prepared.code, arrived: false, id: {}, stage: stream ? { stream, over: false } : null };
}

const visitUrl = (appointmentId: string) => `/visits/${encodeURIComponent(appointmentId)}`;

export function AdmitCallHost({ self, children }: { self: Self; children: React.ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState<Open | null>(null);
  const openCall = useCallback<OpenCallFn>((appointmentId, otherwise) => {
    const prepared = preparedCall<Room>(appointmentId);
    if (prepared.now) {
      // Arrived already: render the call within this click, not a task later.
      const next = opening(appointmentId, prepared.now);
      dashboardGivesWay(true);
      flushSync(() => setOpen(next));
      return;
    }
    if (!prepared.soon) return otherwise();
    void prepared.soon.then((ready) => {
      if (!ready) return otherwise();
      dashboardGivesWay(true);
      setOpen(opening(appointmentId, ready));
    });
  }, []);
  const stageShown = useCallback(() => setOpen((o) => (o?.stage ? { ...o, stage: { ...o.stage, over: true } } : o)), []);
  const stageCovered = useCallback(() => setOpen((o) => (o?.stage ? { ...o, stage: null } : o)), []);
  const visitPath = open ? visitUrl(open.view.id) : null;
  // Next's router learns of pushState a little later than the click renders the call: until the visit's
  // path has been seen, the call shows; after that, leaving the path (back, a link) shows the dashboard.
  if (open && !open.arrived && pathname === visitPath) setOpen({ ...open, arrived: true });
  const showing = open !== null && (pathname === visitPath || !open.arrived);
  // The first picture over a warm connection comes within a few hundred ms of the click, and the page's main
  // thread must be free to show it: the dashboard stays mounted, unseen, under the picture (unmounting it took
  // 50-100 ms here), and the URL changes (Next's router renders on it) once the picture shows.
  const stageAlone = open !== null && open.stage !== null && !open.stage.over;
  const keepDashboard = !showing || stageAlone;
  const pushedFor = useRef<object | null>(null); // the opening whose URL is in the address bar
  useEffect(() => {
    if (!open || stageAlone || pushedFor.current === open.id) return;
    pushedFor.current = open.id;
    window.history.pushState(null, "", visitPath);
  }, [open, stageAlone, visitPath]);
  // The other waiting visits' warm calls wait, parked, while the call view shows; back on the dashboard
  // (its cards have taken theirs again: children's effects run first) or leaving it, the rest stop.
  useEffect(() => {
    if (showing) return;
    dashboardGivesWay(false);
    stopParkedWarmCalls();
  }, [showing]);
  useEffect(
    () => () => {
      dashboardGivesWay(false);
      stopParkedWarmCalls();
    },
    [],
  );
  const call = showing && (
    <>
      {open.stage && !open.stage.over ? null : <open.Room initial={open.view} self={self} />}
      {open.stage && (
        <AdmitStage
          stream={open.stage.stream}
          name={open.view.patient.name}
          over={open.stage.over}
          onShown={stageShown}
          onCovered={stageCovered}
        />
      )}
    </>
  );
  return (
    <OpenCall.Provider value={openCall}>
      {call}
      <div style={{ display: showing ? "none" : "contents" }}>{keepDashboard && children}</div>
    </OpenCall.Provider>
  );
}
