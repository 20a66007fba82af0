/**
 * Guests in a visit (issue 16) in words, for the provider's list, the waiting card, the patient's and the guest's pages.
 * Pure: unit-testable, no React.
 *
 *   guestState(g)   - "invited" | "waiting" | "in-call" | "left": where the guest is now
 *   nameAndLabel(g) - "Maria Garcia, Spanish interpreter"
 *   firstName("Rosa Díaz") === "Rosa"
 */
import type { GuestView, VisitView } from "@/lib/visits/visit-view";

export type GuestState = "invited" | "waiting" | "in-call" | "left";

export function guestState(g: Pick<GuestView, "checkedInAt" | "admittedAt" | "inRoom">): GuestState {
  if (g.admittedAt !== null) return g.inRoom ? "in-call" : "left";
  if (g.checkedInAt !== null) return g.inRoom ? "waiting" : "left";
  return "invited";
}

export function nameAndLabel(g: Pick<GuestView, "name" | "label">): string {
  return g.label ? `${g.name}, ${g.label}` : g.name;
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** The roles a guest can be invited as, with their words in the form. */
export const GUEST_ROLES = [
  { value: "INTERPRETER", label: "Interpreter" },
  { value: "CAREGIVER", label: "Caregiver" },
  { value: "CLINICIAN", label: "Clinician" },
  { value: "OTHER", label: "Other" },
] as const satisfies readonly { value: GuestView["role"]; label: string }[];

/** A visit has one provider, one patient and at most two guests (contract: guests). */
export const MAX_GUESTS = 2;

/** The guest's header line: "Joining as Maria Garcia, Spanish interpreter". */
export function joiningAs(visit: VisitView, fallbackName: string): string {
  const self = visit.guests.find((g) => g.id === visit.selfGuestId);
  return `Joining as ${self ? nameAndLabel(self) : fallbackName}`;
}

/** "Visit with Dr. Okafor and Rosa": the guest's title, the patient by first name. */
export function guestTitle(visit: Pick<VisitView, "provider" | "patient">): string {
  return `Visit with ${visit.provider.name} and ${firstName(visit.patient.name)}`;
}
