import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { iceConfigFor } from "@/lib/call/server/ice-servers";
import { consume } from "@/lib/rate-limit";

type Context = { params: Promise<{ id: string }> };

/** STUN/TURN for this visit's call; TURN credentials are per user and short-lived, so never cached. */
export const GET = route<Context>(async (_request, { params }) => {
  const { id } = await params;
  const user = await requireVisitUser(id);
  await consume("turnCredentials", user.id);
  const appointmentId = validate(idSchema, id);
  return Response.json(await iceConfigFor(user, appointmentId), { headers: { "Cache-Control": "no-store, private" } });
});
