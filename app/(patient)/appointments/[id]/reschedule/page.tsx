import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page";
import { findOwnAppointment } from "@/lib/appointments/change-appointment";
import { AppError } from "@/lib/errors";
import { formatInZone } from "@/lib/format-time";
import { RescheduleForm } from "@/components/booking/reschedule-form";

export const metadata: Metadata = { title: "Reschedule" };

type Props = { params: Promise<{ id: string }> };

export default async function ReschedulePage({ params }: Props) {
  const { id } = await params;
  const user = await requirePageUser(["PATIENT"], `/appointments/${id}/reschedule`);
  const appointment = await findOwnAppointment(user, id).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Move your visit with {appointment.provider.name}</h1>
        <p className="text-slate-700">Now: {formatInZone(appointment.startsAt, user.timeZone, { withZone: true })}</p>
      </div>
      <RescheduleForm appointmentId={appointment.id} provider={{ id: appointment.providerId, timeZone: appointment.provider.timeZone }} viewerTimeZone={user.timeZone} />
    </section>
  );
}
