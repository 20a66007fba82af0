import Link from "next/link";
import type { AppointmentView } from "@/lib/appointments/appointment-view";
import { formatInZone } from "@/lib/format-time";
import { CancelAppointment } from "@/components/appointments/cancel-appointment";
import { isUpcoming, outcomeWords } from "@/lib/appointments/outcome";

const statusLabel = { SCHEDULED: "Scheduled", CANCELLED: "Cancelled", COMPLETED: "Completed", NO_SHOW: "Missed" } as const;
const statusStyle = {
  SCHEDULED: "bg-brand-50 text-brand-800",
  CANCELLED: "bg-slate-100 text-slate-700",
  COMPLETED: "bg-emerald-50 text-emerald-800",
  NO_SHOW: "bg-amber-50 text-amber-900",
} as const;

type Props = { appointment: AppointmentView; viewer: { role: "PATIENT" | "PROVIDER"; timeZone: string }; now: number };

export function AppointmentCard({ appointment: a, viewer, now }: Props) {
  const other = viewer.role === "PATIENT" ? a.providerName : a.patientName;
  const live = isUpcoming({ status: a.status, end: new Date(a.end) }, new Date(now));
  const outcome = outcomeWords({ status: a.status, end: new Date(a.end), cancelReason: a.cancelReason }, viewer.role, new Date(now));
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-appointment-id={a.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="font-semibold">{formatInZone(new Date(a.start), viewer.timeZone)}</p>
          <p className="text-slate-700">Video visit with {other}</p>
          <p className="mt-1 text-sm text-slate-600">Reason: {a.reason}</p>
          {outcome && <p className="mt-1 text-sm font-medium text-slate-800" data-outcome>{outcome}</p>}
        </div>
        <span className={`rounded px-2 py-0.5 text-sm font-medium ${statusStyle[a.status]}`}>{statusLabel[a.status]}</span>
      </div>
      {live && (
        <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
          <Link href={`/visits/${a.id}`} className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
            Join visit
          </Link>
          <a href={`/api/appointments/${a.id}/ics`} className="text-brand-700 underline">
            Add to calendar
          </a>
          {viewer.role === "PATIENT" && (
            <Link href={`/appointments/${a.id}/reschedule`} className="text-brand-700 underline">
              Reschedule
            </Link>
          )}
          <CancelAppointment appointmentId={a.id} requireReason={viewer.role === "PROVIDER"} />
        </div>
      )}
    </li>
  );
}
