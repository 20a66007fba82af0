import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { connectionEventSchema } from "@/lib/call/server/call-report-input";
import { recordConnection } from "@/lib/call/server/record-connection";

type Context = { params: Promise<{ id: string }> };

/** CONNECTED / RECONNECTING / RECONNECTED for the caller's peer session: 201 when stored, 200 when already known. */
export const POST = route<Context>(async (request, { params }) => {
  const { id } = await params;
  const user = await requireVisitUser(id);
  const appointmentId = validate(idSchema, id);
  const input = await readJson(request, connectionEventSchema);
  const result = await recordConnection(user, appointmentId, input);
  return Response.json({ recorded: result.recorded }, { status: result.recorded ? 201 : 200 });
});
