import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { weeklyScheduleSchema } from "@/lib/working-hours/working-hours-input";
import { getSchedule } from "@/lib/working-hours/get-schedule";
import { saveWeeklySchedule } from "@/lib/working-hours/save-weekly-schedule";

/** The signed-in provider's weekly hours, settings, upcoming exceptions, and booked visits outside the hours. */
export const GET = route(async () => {
  const provider = await requireRole("PROVIDER");
  return Response.json(await getSchedule(provider.id));
});

/** Replaces the weekly hours and settings together; booked visits stay, and those now outside the hours are listed. */
export const PUT = route(async (request) => {
  const provider = await requireRole("PROVIDER");
  const input = await readJson(request, weeklyScheduleSchema);
  await saveWeeklySchedule(provider.id, input);
  return Response.json(await getSchedule(provider.id));
});
