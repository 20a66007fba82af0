import type { LoadedVisit } from "@/lib/visits/load-visit";
import { placeInQueue } from "@/lib/visits/provider-day";

/** The JSON both participants' rooms render from (and resync to after a reconnect). */
export async function visitView(visit: LoadedVisit) {
  const { appointment, state } = visit;
  const place = visit.role === "PATIENT" && state.phase === "waiting" ? await placeInQueue(appointment.providerId, appointment.id) : null;
  return {
    id: appointment.id,
    role: visit.role,
    start: appointment.start.toISOString(),
    end: appointment.end.toISOString(),
    status: appointment.status,
    opensAt: visit.window.opensAt.toISOString(),
    closesAt: visit.window.closesAt.toISOString(),
    windowStatus: visit.windowStatus,
    // dateOfBirth ("YYYY-MM-DD" or null): the provider confirms who they are seeing.
    patient: { id: appointment.patientId, name: appointment.patient.name, dateOfBirth: appointment.patient.dateOfBirth },
    provider: { id: appointment.providerId, name: appointment.provider.name },
    phase: state.phase,
    checkedInAt: state.checkedInAt?.toISOString() ?? null,
    admittedAt: state.admittedAt?.toISOString() ?? null,
    endedAt: state.endedAt?.toISOString() ?? null,
    patientInRoom: state.patientInRoom,
    providerInRoom: state.providerInRoom,
    patientLeft: state.patientLeft ? { reason: state.patientLeft.reason, at: state.patientLeft.at.toISOString() } : null,
    deviceCheck: state.deviceCheck?.summary ?? null,
    runningLate: state.runningLate ? { minutes: state.runningLate.minutes, at: state.runningLate.at.toISOString() } : null,
    placeInQueue: place,
  };
}

export type VisitView = Awaited<ReturnType<typeof visitView>>;
