import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { requireRole, requireUser } from "@/lib/auth/session";
import { clinicContactSchema } from "@/lib/clinic/clinic-contact-input";
import { getClinicContact, saveClinicContact } from "@/lib/clinic/contact";

/** How patients reach the clinic: anyone signed in reads it. */
export const GET = route(async () => {
  await requireUser();
  return Response.json(await getClinicContact());
});

/** Providers and admins keep it. */
export const PUT = route(async (request) => {
  const user = await requireRole("PROVIDER", "ADMIN");
  return Response.json(await saveClinicContact(user, await readJson(request, clinicContactSchema)));
});
