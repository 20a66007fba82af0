import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { visitView } from "@/lib/visits/visit-view";
import { markNoShow } from "@/lib/visits/visit-actions";

type Context = { params: Promise<{ id: string }> };

export const POST = route<Context>(async (_request, { params }) => {
  const user = await requireUser();
  const appointmentId = validate(idSchema, (await params).id);

  return Response.json(await visitView(await markNoShow(user, appointmentId)));
});
