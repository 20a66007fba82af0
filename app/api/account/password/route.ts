import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { consume } from "@/lib/rate-limit";
import { changePasswordSchema } from "@/lib/schemas/account";
import { changePassword } from "@/lib/users/account";

/** `{currentPassword, newPassword}`: the current password is checked first. */
export const POST = route(async (request) => {
  const user = await requireRole("PATIENT");
  await consume("signInByIp", `account:${user.id}`);
  await changePassword(user, await readJson(request, changePasswordSchema));
  return new Response(null, { status: 204 });
});
