import type { AppointmentStatus } from "@/lib/appointments/state-machine";

/** The appointment as the JSON API and the pages show it. */
export type AppointmentView = {
  id: string;
  providerId: string;
  providerName: string;
  patientId: string;
  patientName: string;
  start: string;
  end: string;
  status: AppointmentStatus;
  reason: string;
  cancelReason: string | null;
  /** The provider's notice for patients' changes, in minutes: the card offers Reschedule and Cancel only before it. */
  changeNoticeMinutes: number;
};

export const appointmentViewSelect = {
  id: true,
  providerId: true,
  patientId: true,
  startsAt: true,
  endsAt: true,
  status: true,
  reason: true,
  sequence: true,
  cancelReason: true,
  provider: { select: { name: true, email: true, timeZone: true, provider: { select: { cancelNoticeMinutes: true } } } },
  patient: { select: { name: true, email: true, timeZone: true } },
} as const;

export type AppointmentRow = {
  id: string;
  providerId: string;
  patientId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  reason: string;
  sequence: number;
  cancelReason: string | null;
  provider: { name: string; email: string; timeZone: string; provider?: { cancelNoticeMinutes: number } | null };
  patient: { name: string; email: string; timeZone: string };
};

export function toAppointmentView(row: AppointmentRow): AppointmentView {
  return {
    id: row.id,
    providerId: row.providerId,
    providerName: row.provider.name,
    patientId: row.patientId,
    patientName: row.patient.name,
    start: row.startsAt.toISOString(),
    end: row.endsAt.toISOString(),
    status: row.status,
    reason: row.reason,
    cancelReason: row.cancelReason,
    changeNoticeMinutes: row.provider.provider?.cancelNoticeMinutes ?? 0,
  };
}
