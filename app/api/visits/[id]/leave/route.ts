import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { visitView } from "@/lib/visits/visit-view";
import { leaveVisit } from "@/lib/visits/visit-actions";
import { leaveSchema } from "@/lib/visits/visit-input";

type Context = { params: Promise<{ id: string }> };

export const POST = route<Context>(async (request, { params }) => {
  const { id } = await params;
  const user = await requireVisitUser(id);
  const appointmentId = validate(idSchema, id);
  const { reason } = await readJson(request, leaveSchema);
  return Response.json(await visitView(await leaveVisit(user, appointmentId, reason)));
});
