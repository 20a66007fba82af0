import { route } from "@/lib/http/route";
import { readQuery } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { describeFilter, resolveSessionFilter, sessionFilterSchema } from "@/lib/admin/session-filters";
import { sessionsCsvStream } from "@/lib/admin/export-sessions";
import { recordSessionExport } from "@/lib/admin/audit";

/** The filtered sessions as a streamed CSV download; the export and its filter are recorded in the audit trail. */
export const GET = route(async (request) => {
  const admin = await requireRole("ADMIN");
  const input = readQuery(request, sessionFilterSchema);
  const filter = resolveSessionFilter(input, admin.timeZone);
  const now = new Date();
  await recordSessionExport(admin, describeFilter(input), input);
  return new Response(sessionsCsvStream(filter, now), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="sessions-${now.toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
