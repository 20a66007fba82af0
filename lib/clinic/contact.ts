import { db } from "@/lib/db";
import type { ClinicContact, ClinicContactInput } from "@/lib/clinic/clinic-contact-input";
import type { SessionUser } from "@/lib/users/find-user";

const empty: ClinicContact = { phone: "", email: "", hours: "" };

/** The clinic's contact details (all empty until a provider or admin sets them). */
export async function getClinicContact(): Promise<ClinicContact> {
  const row = await db.clinicContact.findUnique({ where: { id: 1 }, select: { phone: true, email: true, hours: true } });
  return row ?? empty;
}

export async function saveClinicContact(user: Pick<SessionUser, "id">, input: ClinicContactInput): Promise<ClinicContact> {
  return db.clinicContact.upsert({
    where: { id: 1 },
    update: { ...input, updatedById: user.id },
    create: { id: 1, ...input, updatedById: user.id },
    select: { phone: true, email: true, hours: true },
  });
}
