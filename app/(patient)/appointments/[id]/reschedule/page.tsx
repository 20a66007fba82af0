import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page";
import { requestTime } from "@/lib/clock";
import { findOwnAppointment } from "@/lib/appointments/change-appointment";
import { allowedActions, noticeWords } from "@/lib/appointments/allowed-actions";
import { getClinicContact } from "@/lib/clinic/contact";
import { AppError } from "@/lib/errors";
import { formatInZone } from "@/lib/format-time";
import { RescheduleForm } from "@/components/booking/reschedule-form";
import { ClinicContactDetails } from "@/components/clinic/clinic-contact";

export const metadata: Metadata = { title: "Reschedule" };

type Props = { params: Promise<{ id: string }> };

export default async function ReschedulePage({ params }: Props) {
  const { id } = await params;
  const user = await requirePageUser(["PATIENT"], `/appointments/${id}/reschedule`);
  const appointment = await findOwnAppointment(user, id).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const now = new Date(requestTime());
  const can = allowedActions(
    { status: appointment.status, start: appointment.startsAt, end: appointment.endsAt },
    "PATIENT",
    now,
    appointment.cancelNoticeMinutes,
  );
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Move your visit with {appointment.provider.name}</h1>
        <p className="text-slate-700">Now: {formatInZone(appointment.startsAt, user.timeZone, { withZone: true })}</p>
      </div>
      {can.reschedule ? (
        <RescheduleForm
          appointmentId={appointment.id}
          provider={{ id: appointment.providerId, timeZone: appointment.provider.timeZone }}
          viewerTimeZone={user.timeZone}
        />
      ) : (
        // Refused before any choice: the patient never picks a time only to be told it cannot be done.
        <div role="status" data-reschedule-refused className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-4 text-amber-950">
          <p className="font-semibold">This visit can no longer be moved online.</p>
          <p>
            {can.changeClosedSince
              ? `Moving was possible until ${formatInZone(can.changeClosedSince, user.timeZone)}: your provider asks for changes at least ${noticeWords(appointment.cancelNoticeMinutes)} ahead.`
              : "It is no longer scheduled, or its time has passed."}{" "}
            <ClinicContactDetails contact={await getClinicContact()} lead="To change it, please contact the clinic" />
          </p>
          <Link href="/appointments" className="tap-button border border-slate-300 bg-white font-medium text-brand-700">
            Back to my appointments
          </Link>
        </div>
      )}
    </section>
  );
}
