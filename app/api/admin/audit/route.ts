import { z } from "@/lib/validation/zod";
import { route } from "@/lib/http/route";
import { readQuery } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { listAudit } from "@/lib/admin/audit";

const querySchema = z.object({
  before: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit trail, newest first (read only: there is no way to change it). */
export const GET = route(async (request) => {
  await requireRole("ADMIN");
  const query = readQuery(request, querySchema);
  return Response.json(await listAudit({ before: query.before, limit: query.limit }));
});
