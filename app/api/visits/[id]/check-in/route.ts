import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { visitView } from "@/lib/visits/visit-view";
import { checkIn } from "@/lib/visits/visit-actions";

type Context = { params: Promise<{ id: string }> };

export const POST = route<Context>(async (_request, { params }) => {
  const { id } = await params;
  const user = await requireVisitUser(id);
  const appointmentId = validate(idSchema, id);

  return Response.json(await visitView(await checkIn(user, appointmentId)));
});
