import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { getSchedule } from "@/lib/working-hours/get-schedule";
import { removeException } from "@/lib/working-hours/remove-exception";

type Context = { params: Promise<{ id: string }> };

/** Deletes one of the provider's own exceptions (404 for anyone else's) and answers with the schedule. */
export const DELETE = route<Context>(async (_request, { params }) => {
  const provider = await requireRole("PROVIDER");
  const id = validate(idSchema, (await params).id);
  await removeException(provider.id, id);
  return Response.json({ schedule: await getSchedule(provider.id) });
});
