import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { guestPolicySchema } from "@/lib/guests/guest-input";
import { setGuestPolicy } from "@/lib/guests/set-guest-policy";
import { visitView } from "@/lib/visits/visit-view";

type Context = { params: Promise<{ id: string }> };

/** The visit's provider lets the patient invite a caregiver, or not. */
export const POST = route<Context>(async (request, { params }) => {
  const user = await requireUser();
  const appointmentId = validate(idSchema, (await params).id);
  const { patientMayInvite } = await readJson(request, guestPolicySchema);
  return Response.json(await visitView(await setGuestPolicy(user, appointmentId, patientMayInvite)));
});
