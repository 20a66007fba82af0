"use client";

import { useState } from "react";
import type { VisitView } from "@/lib/visits/visit-view";
import { describeDeviceCheck } from "@/lib/visits/visit-state";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { RunningLateButtons } from "@/components/waiting-room/running-late-buttons";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { admit as admitPatient } from "@/lib/admit-handoff/admit-handoff";
import { GuestsPanel } from "@/components/guests/guests-panel";
import { WaitingGuests } from "@/components/guests/waiting-guests";

/** The same Admit as the dashboard's waiting card (lib/admit-handoff): the camera opens while the server answers. */
function useAdmitPatient(visit: VisitView, onChange: (v: VisitView) => void) {
  const [error, setError] = useState<string | null>(null);
  const client = useRealtime();
  async function admit() {
    const outcome = await admitPatient(visit.id, { realtime: client });
    if (!outcome.ok) return setError(outcome.error);
    onChange(outcome.visit);
  }
  return { admit, error };
}

/** Admit the patient from over the call (a guest was let in first): the same Admit as the panel's. */
export function AdmitPatientLine({ visit, onChange }: { visit: VisitView; onChange: (v: VisitView) => void }) {
  const { admit, error } = useAdmitPatient(visit, onChange);
  if (visit.phase !== "waiting") return null;
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-slate-900">
      <p className="min-w-0 flex-1">
        {visit.patient.name} has checked in and is waiting.{" "}
        {visit.patientInRoom ? "They are in the room now." : "They are not in the room right now."}
      </p>
      <Button type="button" onClick={() => void admit()}>
        Admit {visit.patient.name}
      </Button>
      {error && <p className="w-full text-red-700">{error}</p>}
    </div>
  );
}

/**
 * The provider's view of the room before the call: is the patient here, are their devices ready, let them in;
 * the guests waiting (Let in), and the visit's guests to add or remove.
 */
export function ProviderRoomPanel({
  visit,
  onChange,
  timeZone,
  refresh,
}: {
  visit: VisitView;
  onChange: (v: VisitView) => void;
  timeZone?: string;
  /** Re-reads the visit (after a guest is invited); without it, no guests panel. */
  refresh?: () => void;
}) {
  const { admit, error } = useAdmitPatient(visit, onChange);
  if (visit.phase === "admitted") {
    return (
      <p role="status" className="rounded-lg border border-brand-100 bg-brand-50 p-4 text-brand-800">
        Connecting with {visit.patient.name}…
      </p>
    );
  }
  return (
    <div className="space-y-4">
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        {error && <Alert>{error}</Alert>}
        <p>
          {visit.phase === "waiting" ? `${visit.patient.name} has checked in.` : `${visit.patient.name} has not checked in yet.`}{" "}
          {visit.patientInRoom ? "They are in the room now." : "They are not in the room right now."}
        </p>
        {visit.deviceCheck && <p className="text-sm text-slate-700">Device check: {describeDeviceCheck(visit.deviceCheck)}</p>}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" disabled={visit.phase !== "waiting"} onClick={() => void admit()}>
            Admit {visit.patient.name}
          </Button>
          <RunningLateButtons appointmentId={visit.id} patientName={visit.patient.name} />
        </div>
        <WaitingGuests appointmentId={visit.id} guests={visit.guests} timeZone={timeZone} onChange={onChange} />
      </div>
      {refresh && <GuestsPanel visit={visit} onChange={onChange} refresh={refresh} />}
    </div>
  );
}
