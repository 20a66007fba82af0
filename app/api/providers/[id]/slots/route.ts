import { route } from "@/lib/http/route";
import { readQuery, validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema, slotQuerySchema } from "@/lib/appointments/schemas";
import { listProviderSlots } from "@/lib/providers/list-providers";

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (request, { params }) => {
  await requireUser();
  const providerId = validate(idSchema, (await params).id);
  const window = readQuery(request, slotQuerySchema);
  return Response.json(await listProviderSlots(providerId, window));
});
