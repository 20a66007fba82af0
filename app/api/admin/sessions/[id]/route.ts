import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { loadSessionDetail } from "@/lib/admin/session-detail";
import { recordSessionView } from "@/lib/admin/audit";

type Context = { params: Promise<{ id: string }> };

/** One visit with every event, its figures and quality series; the look is recorded in the audit trail. */
export const GET = route<Context>(async (_request, { params }) => {
  const admin = await requireRole("ADMIN");
  const id = validate(idSchema, (await params).id);
  const detail = await loadSessionDetail(id, new Date());
  await recordSessionView(
    admin,
    { id, patientName: detail.patient.name, providerName: detail.provider.name, startsAt: detail.appointment.startsAt },
    "api",
  );
  return Response.json(detail);
});
