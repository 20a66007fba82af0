// A guest as every page shows them (VisitView.guests, the provider's day): pure.
import type { GuestRole } from "@/lib/generated/prisma/enums";
import { guestLabel } from "@/lib/guests/guest-label";
import type { DeviceCheckSummary, VisitState } from "@/lib/visits/visit-state";

export type GuestView = {
  /** The guest's USER id (presence member id, signalling id, actorId). */
  id: string;
  /** The VisitGuest row id (for DELETE). */
  guestId: string;
  name: string;
  role: GuestRole;
  detail: string;
  /** guestLabel(): "Spanish interpreter", "Caregiver", "Clinician", "Guest". */
  label: string;
  invitedAt: string;
  checkedInAt: string | null;
  admittedAt: string | null;
  /** On the presence channel (JOINED/LEFT events). */
  inRoom: boolean;
  deviceCheck: DeviceCheckSummary | null;
};

export type GuestRowLike = { id: string; userId: string; name: string; role: GuestRole; detail: string; createdAt: Date };

export function guestView(row: GuestRowLike, state: Pick<VisitState, "guests">): GuestView {
  const own = state.guests[row.userId];
  return {
    id: row.userId,
    guestId: row.id,
    name: row.name,
    role: row.role,
    detail: row.detail,
    label: guestLabel(row),
    invitedAt: row.createdAt.toISOString(),
    checkedInAt: own?.checkedInAt?.toISOString() ?? null,
    admittedAt: own?.admittedAt?.toISOString() ?? null,
    inRoom: own?.inRoom ?? false,
    deviceCheck: own?.deviceCheck?.summary ?? null,
  };
}
