import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { claimRoom } from "@/lib/visits/claim-room";
import { roomClaimSchema } from "@/lib/visits/visit-input";

type Context = { params: Promise<{ id: string }> };

/** This page asks to hold the participant's live room (start, heartbeat, "Use it here"): `{ held }`. */
export const POST = route<Context>(async (request, { params }) => {
  const { id } = await params;
  const user = await requireVisitUser(id);
  const appointmentId = validate(idSchema, id);
  const claim = await readJson(request, roomClaimSchema);
  return Response.json(await claimRoom(user, appointmentId, claim));
});
