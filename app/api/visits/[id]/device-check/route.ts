import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { deviceCheckSchema } from "@/lib/visits/visit-input";
import { recordDeviceCheck } from "@/lib/visits/visit-actions";

type Context = { params: Promise<{ id: string }> };

export const POST = route<Context>(async (request, { params }) => {
  const user = await requireUser();
  const appointmentId = validate(idSchema, (await params).id);
  const check = await readJson(request, deviceCheckSchema);
  return Response.json(await recordDeviceCheck(user, appointmentId, check), { status: 201 });
});
