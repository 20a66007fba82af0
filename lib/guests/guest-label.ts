import type { GuestRole } from "@/lib/generated/prisma/enums";

export type { GuestRole };

const ROLE_WORDS: Record<GuestRole, string> = {
  INTERPRETER: "interpreter",
  CAREGIVER: "caregiver",
  CLINICIAN: "clinician",
  OTHER: "guest",
};

/** How a guest is shown beside their name: "Spanish interpreter", "Caregiver", "Clinician", "Guest". */
export function guestLabel(guest: { role: GuestRole; detail: string }): string {
  const detail = guest.detail.trim();
  const words = guest.role === "INTERPRETER" && detail ? `${detail} ${ROLE_WORDS.INTERPRETER}` : ROLE_WORDS[guest.role];
  return words.charAt(0).toUpperCase() + words.slice(1);
}
