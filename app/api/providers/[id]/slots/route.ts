import { route } from "@/lib/http/route";
import { readQuery, validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { slotQuerySchema } from "@/lib/appointments/appointment-input";
import { listProviderSlots } from "@/lib/providers/list-providers";

type Context = { params: Promise<{ id: string }> };

// The sign-in check and the slot lookup start together, so a request waits for one database round trip
// rather than two; the sign-in is still settled first, so a stranger gets 401 and learns nothing else.
export const GET = route<Context>(async (request, { params }) => {
  const viewer = requireUser();
  const slots = (async () => listProviderSlots(validate(idSchema, (await params).id), readQuery(request, slotQuerySchema)))();
  slots.catch(() => undefined); // reported below, once the viewer is known
  await viewer;
  return Response.json(await slots);
});
