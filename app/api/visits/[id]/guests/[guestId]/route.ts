import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { removeGuest } from "@/lib/guests/remove-guest";
import { visitView } from "@/lib/visits/visit-view";

type Context = { params: Promise<{ id: string; guestId: string }> };

/** The visit's provider removes a guest: its links stop working and it leaves the call. */
export const DELETE = route<Context>(async (_request, { params }) => {
  const user = await requireUser();
  const { id, guestId } = await params;
  const appointmentId = validate(idSchema, id);
  return Response.json(await visitView(await removeGuest(user, appointmentId, validate(idSchema, guestId))));
});
