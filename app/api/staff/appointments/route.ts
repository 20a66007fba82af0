import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { staffBookingSchema } from "@/lib/staff/staff-booking-input";
import { bookForPatient } from "@/lib/staff/book-for-patient";
import { toAppointmentView } from "@/lib/appointments/appointment-view";
import { consume } from "@/lib/rate-limit";

/** A provider (own schedule) or an admin (any provider) books a visit for an existing or a new patient. */
export const POST = route(async (request) => {
  const staff = await requireRole("PROVIDER", "ADMIN");
  await consume("booking", staff.id);
  const input = await readJson(request, staffBookingSchema);
  return Response.json(toAppointmentView(await bookForPatient(staff, input)), { status: 201 });
});
