import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { sendNewJoinLink } from "@/lib/visit-links/send-new-link";

type Context = { params: Promise<{ id: string }> };

/** The visit's provider switches off the patient's join links and emails a new one. */
export const POST = route<Context>(async (_request, { params }) => {
  const user = await requireRole("PROVIDER");
  const appointmentId = validate(idSchema, (await params).id);
  return Response.json(await sendNewJoinLink(user, appointmentId));
});
