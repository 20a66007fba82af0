import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { visitView } from "@/lib/visits/visit-view";
import { sendRunningLate } from "@/lib/visits/visit-actions";
import { runningLateSchema } from "@/lib/visits/visit-input";

type Context = { params: Promise<{ id: string }> };

export const POST = route<Context>(async (request, { params }) => {
  const user = await requireUser();
  const appointmentId = validate(idSchema, (await params).id);
  const { minutes } = await readJson(request, runningLateSchema);
  return Response.json(await visitView(await sendRunningLate(user, appointmentId, minutes)));
});
