import { route } from "@/lib/http/route";
import { readQuery } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { loadOverview, overviewQuerySchema, overviewRange } from "@/lib/admin/overview";

/** Per provider and day (admin's time zone): visits, no-show rate, median wait, share relayed, share never connected. */
export const GET = route(async (request) => {
  const admin = await requireRole("ADMIN");
  const now = new Date();
  const range = overviewRange(readQuery(request, overviewQuerySchema), admin.timeZone, now);
  return Response.json({ ...range, timeZone: admin.timeZone, rows: await loadOverview(range, admin.timeZone, now) });
});
