import { route } from "@/lib/http/route";
import { requireRole } from "@/lib/auth/session";
import { jobsOverview } from "@/lib/admin/jobs";

/** Failed and late background jobs, with counts per queue and state. */
export const GET = route(async () => {
  await requireRole("ADMIN");
  return Response.json(await jobsOverview(), { headers: { "Cache-Control": "no-store, private" } });
});
