import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { visitView } from "@/lib/visits/visit-view";
import { admit } from "@/lib/visits/visit-actions";
import { readAdmitInput } from "@/lib/guests/read-admit";

type Context = { params: Promise<{ id: string }> };

/** The provider admits the patient (no body, or `{}`) or one checked-in guest (`{ guestId }`, the guest's user id). */
export const POST = route<Context>(async (request, { params }) => {
  const user = await requireUser();
  const appointmentId = validate(idSchema, (await params).id);
  const { guestId } = await readAdmitInput(request);
  return Response.json(await visitView(await admit(user, appointmentId, guestId)));
});
