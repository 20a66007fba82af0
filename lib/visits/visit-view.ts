import type { LoadedVisit } from "@/lib/visits/load-visit";
import { placeInQueue } from "@/lib/visits/provider-day";
import type { DeviceCheckSummary } from "@/lib/visits/visit-state";

// contract: guests (/work/contract-guests.md): the server branch's version replaces this.
export type GuestView = {
  /** The guest's USER id (presence member id, signalling id, actorId). */
  id: string;
  /** The VisitGuest row id (for DELETE). */
  guestId: string;
  name: string;
  role: "INTERPRETER" | "CAREGIVER" | "CLINICIAN" | "OTHER";
  detail: string;
  label: string;
  invitedAt: string;
  checkedInAt: string | null;
  admittedAt: string | null;
  inRoom: boolean;
  deviceCheck: DeviceCheckSummary | null;
};

/** The JSON both participants' rooms render from (and resync to after a reconnect). */
export async function visitView(visit: LoadedVisit) {
  const { appointment, state } = visit;
  const place = visit.role === "PATIENT" && state.phase === "waiting" ? await placeInQueue(appointment.providerId, appointment.id) : null;
  return {
    id: appointment.id,
    role: visit.role as "PATIENT" | "PROVIDER" | "GUEST", // contract: guests
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
    // contract: guests (the server branch fills these in)
    patientMayInvite: false as boolean,
    guests: [] as GuestView[],
    selfGuestId: null as string | null,
  };
}

export type VisitView = Awaited<ReturnType<typeof visitView>>;
