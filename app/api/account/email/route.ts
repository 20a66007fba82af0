import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { consume } from "@/lib/rate-limit";
import { changeEmailSchema } from "@/lib/schemas/account";
import { changeEmail } from "@/lib/users/account";

/** `{email, currentPassword}`: 409 when another account has that address. */
export const POST = route(async (request) => {
  const user = await requireRole("PATIENT");
  await consume("signInByIp", `account:${user.id}`);
  return Response.json(await changeEmail(user, await readJson(request, changeEmailSchema)));
});
