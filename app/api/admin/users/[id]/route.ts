import { route } from "@/lib/http/route";
import { readJson, validate } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { updateUserSchema } from "@/lib/admin/user-schemas";
import { updateUser } from "@/lib/admin/users";

type Context = { params: Promise<{ id: string }> };

/** `{role}` or `{active}`: either ends the user's current sessions. */
export const PATCH = route<Context>(async (request, { params }) => {
  const admin = await requireRole("ADMIN");
  const id = validate(idSchema, (await params).id);
  const change = await readJson(request, updateUserSchema);
  return Response.json(await updateUser(admin, id, change));
});
