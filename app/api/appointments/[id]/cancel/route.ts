import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { cancelSchema } from "@/lib/appointments/appointment-input";
import { cancelAppointment } from "@/lib/appointments/change-appointment";
import { toAppointmentView } from "@/lib/appointments/appointment-view";

type Context = { params: Promise<{ id: string }> };

export const POST = route<Context>(async (request, { params }) => {
  const user = await requireUser();
  const appointmentId = validate(idSchema, (await params).id);
  const { reason } = await readJson(request, cancelSchema);
  return Response.json(toAppointmentView(await cancelAppointment({ user, appointmentId, reason })));
});
