import type { LoadedVisit } from "@/lib/visits/load-visit";
import { placeInQueue } from "@/lib/visits/provider-day";
import { guestView, type GuestView } from "@/lib/guests/guest-view";

export type { GuestView };

/** The JSON both participants' rooms render from (and resync to after a reconnect). */
export async function visitView(visit: LoadedVisit) {
  const { appointment, state, own } = visit;
  const place = visit.role === "PATIENT" && state.phase === "waiting" ? await placeInQueue(appointment.providerId, appointment.id) : null;
  return {
    id: appointment.id,
    role: visit.role,
    patientMayInvite: visit.patientMayInvite,
    /** Everyone invited and not removed, in invitation order. */
    guests: visit.guests.map((g) => guestView(g, state)),
    /** For role GUEST: which of `guests` is this viewer (its user id), else null. */
    selfGuestId: visit.selfGuest?.userId ?? null,
    start: appointment.start.toISOString(),
    end: appointment.end.toISOString(),
    status: appointment.status,
    opensAt: visit.window.opensAt.toISOString(),
    closesAt: visit.window.closesAt.toISOString(),
    windowStatus: visit.windowStatus,
    // dateOfBirth ("YYYY-MM-DD" or null): the provider confirms who they are seeing.
    patient: {
      id: appointment.patientId,
      name: appointment.patient.name,
      // Not a guest's business: an interpreter or a colleague sees the patient's name only.
      dateOfBirth: visit.role === "GUEST" ? null : appointment.patient.dateOfBirth,
    },
    provider: { id: appointment.providerId, name: appointment.provider.name },
    // A guest's own phase, check-in and admission (the patient and the provider: the visit's).
    phase: own.phase,
    checkedInAt: own.checkedInAt?.toISOString() ?? null,
    admittedAt: own.admittedAt?.toISOString() ?? null,
    endedAt: state.endedAt?.toISOString() ?? null,
    patientInRoom: state.patientInRoom,
    providerInRoom: state.providerInRoom,
    patientLeft: state.patientLeft ? { reason: state.patientLeft.reason, at: state.patientLeft.at.toISOString() } : null,
    deviceCheck: own.deviceCheck?.summary ?? null,
    runningLate: state.runningLate ? { minutes: state.runningLate.minutes, at: state.runningLate.at.toISOString() } : null,
    placeInQueue: place,
  };
}

export type VisitView = Awaited<ReturnType<typeof visitView>>;
