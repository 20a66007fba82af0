import Link from "next/link";
import type { AppointmentView } from "@/lib/appointments/appointment-view";
import type { ClinicContact } from "@/lib/clinic/clinic-contact-input";
import { formatInZone } from "@/lib/format-time";
import { isUpcoming, outcomeWords } from "@/lib/appointments/outcome";
import { allowedActions, noticeWords } from "@/lib/appointments/allowed-actions";
import { CancelAppointment } from "@/components/appointments/cancel-appointment";
import { SendNewLink } from "@/components/appointments/send-new-link";
import { ClinicContactDetails } from "@/components/clinic/clinic-contact";
import { GuestsDisclosure } from "@/components/guests/dashboard-guests";

const statusLabel = { SCHEDULED: "Scheduled", CANCELLED: "Cancelled", COMPLETED: "Completed", NO_SHOW: "Missed" } as const;
const statusStyle = {
  SCHEDULED: "bg-brand-50 text-brand-800",
  CANCELLED: "bg-slate-100 text-slate-700",
  COMPLETED: "bg-emerald-50 text-emerald-800",
  NO_SHOW: "bg-amber-50 text-amber-900",
} as const;

type Props = {
  appointment: AppointmentView;
  /** `id`: the provider's own id, for the guests of their visits (contract: guests); without it, no guests. */
  viewer: { role: "PATIENT" | "PROVIDER"; timeZone: string; id?: string };
  now: number;
  contact?: ClinicContact;
};

/** One appointment, offering only what may be done with it now (see allowedActions). */
export function AppointmentCard({ appointment: a, viewer, now, contact }: Props) {
  const other = viewer.role === "PATIENT" ? a.providerName : a.patientName;
  const at = { status: a.status, start: new Date(a.start), end: new Date(a.end) };
  const live = isUpcoming(at, new Date(now));
  const outcome = outcomeWords({ ...at, cancelReason: a.cancelReason }, viewer.role, new Date(now));
  const can = allowedActions(at, viewer.role, new Date(now), a.changeNoticeMinutes);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-appointment-id={a.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="font-semibold">{formatInZone(new Date(a.start), viewer.timeZone)}</p>
          <p className="text-slate-700">Video visit with {other}</p>
          <p className="mt-1 text-sm text-slate-600">Reason: {a.reason}</p>
          {outcome && (
            <p className="mt-1 text-sm font-medium text-slate-800" data-outcome>
              {outcome}
            </p>
          )}
        </div>
        <span className={`rounded px-2 py-0.5 text-sm font-medium ${statusStyle[a.status]}`}>{statusLabel[a.status]}</span>
      </div>
      {live && (
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          {can.join && (
            <Link href={`/visits/${a.id}`} className="tap-button bg-brand-600 font-medium text-white hover:bg-brand-700">
              Join visit
            </Link>
          )}
          {can.addToCalendar && (
            <a
              href={`/api/appointments/${a.id}/ics`}
              className="tap-button border border-slate-300 bg-white text-brand-700 hover:bg-slate-50"
            >
              Add to calendar
            </a>
          )}
          {can.reschedule && (
            <Link
              href={`/appointments/${a.id}/reschedule`}
              className="tap-button border border-slate-300 bg-white text-brand-700 hover:bg-slate-50"
            >
              Reschedule
            </Link>
          )}
          {viewer.role === "PROVIDER" && a.status === "SCHEDULED" && <SendNewLink appointmentId={a.id} patientName={a.patientName} />}
          {viewer.role === "PROVIDER" && viewer.id && a.status === "SCHEDULED" && (
            <GuestsDisclosure appointmentId={a.id} selfId={viewer.id} />
          )}
          {can.cancel && (
            <CancelAppointment
              appointmentId={a.id}
              requireReason={viewer.role === "PROVIDER"}
              confirmAt={viewer.role === "PATIENT" ? `/appointments?cancelled=${a.id}` : undefined}
            />
          )}
        </div>
      )}
      {can.changeClosedSince && (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950" data-change-closed>
          Moving or cancelling online was possible until {formatInZone(can.changeClosedSince, viewer.timeZone)},{" "}
          {noticeWords(a.changeNoticeMinutes)} before the visit.{" "}
          {contact ? (
            <ClinicContactDetails contact={contact} lead="To change it now, please contact the clinic" />
          ) : (
            "To change it now, please contact the clinic."
          )}
        </p>
      )}
    </li>
  );
}
