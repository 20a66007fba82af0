import { route } from "@/lib/http/route";
import { readQuery } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { resolveSessionFilter, sessionPageSchema } from "@/lib/admin/session-filters";
import { listSessions } from "@/lib/admin/list-sessions";

/** Visits, newest first, filtered like the admin list; `?cursor=` from the previous page's nextCursor. */
export const GET = route(async (request) => {
  const admin = await requireRole("ADMIN");
  const query = readQuery(request, sessionPageSchema);
  const filter = resolveSessionFilter(query, admin.timeZone);
  return Response.json(await listSessions(filter, { cursor: query.cursor, limit: query.limit }, new Date()));
});
