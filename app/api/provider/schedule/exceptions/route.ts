import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { exceptionSchema } from "@/lib/working-hours/working-hours-input";
import { addException } from "@/lib/working-hours/add-exception";
import { getSchedule } from "@/lib/working-hours/get-schedule";
import { localDateOf } from "@/lib/scheduling/zoned-time";

/** Adds time off or extra hours on a date (provider-local, today or later); answers with the new id and the schedule. */
export const POST = route(async (request) => {
  const provider = await requireRole("PROVIDER");
  const today = localDateOf(new Date(), provider.timeZone).date;
  const input = await readJson(request, exceptionSchema(today));
  const { id } = await addException(provider.id, input, { today });
  return Response.json({ id, schedule: await getSchedule(provider.id) }, { status: 201 });
});
