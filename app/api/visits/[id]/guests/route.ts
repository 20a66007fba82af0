import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { inviteGuestSchema } from "@/lib/guests/guest-input";
import { inviteGuest } from "@/lib/guests/invite-guest";

type Context = { params: Promise<{ id: string }> };

/** The provider (or the patient, for a caregiver, when allowed) invites a guest: 201 with the guest and its join link. */
export const POST = route<Context>(async (request, { params }) => {
  const { id } = await params;
  const user = await requireVisitUser(id);
  const appointmentId = validate(idSchema, id);
  const input = await readJson(request, inviteGuestSchema);
  return Response.json(await inviteGuest(user, appointmentId, input), { status: 201, headers: { "Cache-Control": "no-store, private" } });
});
