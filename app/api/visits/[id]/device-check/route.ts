import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { deviceCheckSchema } from "@/lib/visits/visit-input";
import { recordDeviceCheck } from "@/lib/visits/visit-actions";

type Context = { params: Promise<{ id: string }> };

export const POST = route<Context>(async (request, { params }) => {
  const { id } = await params;
  const user = await requireVisitUser(id);
  const appointmentId = validate(idSchema, id);
  const check = await readJson(request, deviceCheckSchema);
  return Response.json(await recordDeviceCheck(user, appointmentId, check), { status: 201 });
});
