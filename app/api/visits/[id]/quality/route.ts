import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { qualitySampleSchema } from "@/lib/call/server/call-report-input";
import { recordQuality } from "@/lib/call/server/record-quality";

type Context = { params: Promise<{ id: string }> };

/** A participant's call-quality sample (about every 5 s); 429 with Retry-After when sent faster. */
export const POST = route<Context>(async (request, { params }) => {
  const { id } = await params;
  const user = await requireVisitUser(id);
  const appointmentId = validate(idSchema, id);
  const sample = await readJson(request, qualitySampleSchema);
  const stored = await recordQuality(user, appointmentId, sample);
  return Response.json({ at: stored.at.toISOString() }, { status: 201 });
});
