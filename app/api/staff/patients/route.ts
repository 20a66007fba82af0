import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { patientSearchSchema } from "@/lib/staff/staff-booking-input";
import { searchPatients } from "@/lib/staff/search-patients";

/** Staff find a patient to book for: by name, email or date of birth. */
export const GET = route(async (request) => {
  await requireRole("PROVIDER", "ADMIN");
  const { q } = validate(patientSearchSchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ patients: await searchPatients(q) }, { headers: { "Cache-Control": "no-store, private" } });
});
