import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { profileSchema } from "@/lib/schemas/account";
import { getAccount, updateProfile } from "@/lib/users/account";

/** The patient's own details. */
export const GET = route(async () => {
  const user = await requireRole("PATIENT");
  return Response.json(await getAccount(user));
});

/** `{name, phone, dateOfBirth, timeZone}`; blank phone or date of birth clears it. */
export const PATCH = route(async (request) => {
  const user = await requireRole("PATIENT");
  return Response.json(await updateProfile(user, await readJson(request, profileSchema)));
});
