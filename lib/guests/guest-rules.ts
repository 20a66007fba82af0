// Who may be in a visit and who may invite whom: pure, so the service and its tests agree.
import type { GuestRole } from "@/lib/generated/prisma/enums";

/** A provider, a patient and at most two guests: a mesh of simple-peer links stays small (issue 16). */
export const MAX_PEOPLE = 4;
export const MAX_GUESTS = MAX_PEOPLE - 2;

export const TOO_MANY_PEOPLE = "A visit can have at most four people: remove a guest before inviting another.";

/** Whether another guest fits beside the provider, the patient and the guests not removed. */
export function guestLimitProblem(activeGuests: number): string | null {
  return activeGuests + 2 >= MAX_PEOPLE ? TOO_MANY_PEOPLE : null;
}

export type Inviter = "PROVIDER" | "PATIENT" | "GUEST";

/**
 * The visit's provider may invite anyone; the patient only a caregiver, and only once the provider allowed it;
 * a guest never. Null when allowed, else the refusal in words.
 */
export function inviteProblem(inviter: Inviter, role: GuestRole, patientMayInvite: boolean): string | null {
  if (inviter === "PROVIDER") return null;
  if (inviter === "GUEST") return "Only the provider can invite someone into this visit.";
  if (!patientMayInvite) return "Your provider has not turned on inviting a caregiver for this visit.";
  if (role !== "CAREGIVER") return "You can invite a caregiver; the clinic invites interpreters and clinicians.";
  return null;
}
