import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { requireRole, requireUser } from "@/lib/auth/session";
import { bookAppointmentSchema } from "@/lib/appointments/appointment-input";
import { bookAppointment } from "@/lib/appointments/book-appointment";
import { listOwnAppointments } from "@/lib/appointments/list-appointments";
import { toAppointmentView } from "@/lib/appointments/appointment-view";
import { consume } from "@/lib/rate-limit";

export const GET = route(async () => {
  const user = await requireUser();
  return Response.json(await listOwnAppointments(user));
});

export const POST = route(async (request) => {
  const patient = await requireRole("PATIENT");
  await consume("booking", patient.id);
  const input = await readJson(request, bookAppointmentSchema);
  const row = await bookAppointment({ patientId: patient.id, ...input });
  return Response.json(toAppointmentView(row), { status: 201 });
});
