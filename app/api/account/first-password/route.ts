import { z } from "@/lib/validation/zod";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { requireVisitUser } from "@/lib/auth/visit-link-session";
import { idSchema } from "@/lib/validation/id";
import { passwordSchema } from "@/lib/schemas/user";
import { setFirstPassword } from "@/lib/users/set-first-password";

const schema = z.object({ appointmentId: idSchema, password: passwordSchema });

/** An invited patient (no password yet) sets their first password from the visit they came to by link. */
export const POST = route(async (request) => {
  const { appointmentId, password } = await readJson(request, schema);
  const user = await requireVisitUser(appointmentId);
  // A guest of the visit has no account to give a password to: its link is its only way in.
  if (user.role === "GUEST") throw new AppError("FORBIDDEN", "A guest of a visit has no account to set a password for.");
  await setFirstPassword(user.id, password);
  return Response.json({ ok: true });
});
