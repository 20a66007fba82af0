import "server-only";
import type { AppointmentStatus } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { figuresFromEvents, type SessionFigures } from "@/lib/admin/session-figures";
import { qualitySeries, type QualitySeries } from "@/lib/admin/session-series";
import { buildTimeline, type TimelineItem } from "@/lib/admin/session-timeline";
import { guestLabel } from "@/lib/guests/guest-label";
import type { VisitEventType } from "@/lib/visits/visit-state";

export type SessionEvent = { id: string; type: VisitEventType; actorId: string | null; at: Date; data: unknown };
export type SessionDetail = {
  appointment: { id: string; startsAt: Date; endsAt: Date; status: AppointmentStatus; reason: string; cancelReason: string | null };
  patient: { id: string; name: string; email: string; timeZone: string };
  provider: { id: string; name: string; email: string; timeZone: string };
  figures: SessionFigures;
  events: SessionEvent[];
  timeline: TimelineItem[];
  series: QualitySeries;
};

const person = { select: { id: true, name: true, email: true, timeZone: true } } as const;

/** One visit with every event, its figures (computed from the events themselves), timeline and quality series. */
export async function loadSessionDetail(id: string, now: Date): Promise<SessionDetail> {
  const appointment = await db.appointment.findUnique({
    where: { id },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      status: true,
      reason: true,
      cancelReason: true,
      patientId: true,
      providerId: true,
      patient: person,
      provider: person,
      guests: { orderBy: { createdAt: "asc" }, select: { userId: true, name: true, role: true, detail: true } },
    },
  });
  if (!appointment) throw new AppError("NOT_FOUND", "There is no such visit.");
  const rows = await db.visitEvent.findMany({ where: { appointmentId: id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  const events: SessionEvent[] = rows.map((e) => ({ id: e.id.toString(), type: e.type, actorId: e.actorId, at: e.at, data: e.data }));
  const { patient, provider, patientId, providerId, guests, ...visit } = appointment;
  const people = {
    patientId,
    providerId,
    patientName: patient.name,
    providerName: provider.name,
    guests: guests.map((g) => ({ id: g.userId, name: g.name, label: guestLabel(g) })),
  };
  return {
    appointment: visit,
    patient,
    provider,
    figures: figuresFromEvents({ status: visit.status, endsAt: visit.endsAt, patientId, providerId }, events, now),
    events,
    timeline: buildTimeline(people, events),
    series: qualitySeries(people, events),
  };
}
