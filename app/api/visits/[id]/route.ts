import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { loadVisit } from "@/lib/visits/load-visit";
import { visitView } from "@/lib/visits/visit-view";

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (_request, { params }) => {
  const { id } = await params;
  const user = await requireVisitUser(id);
  return Response.json(await visitView(await loadVisit(user, validate(idSchema, id))));
});
