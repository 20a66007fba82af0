import { route } from "@/lib/http/route";
import { readJson, readQuery } from "@/lib/http/read-json";
import { requireRole } from "@/lib/auth/session";
import { createProviderSchema, userListQuerySchema } from "@/lib/admin/user-schemas";
import { createProvider, listUsers } from "@/lib/admin/users";

/** Users by name, searchable by name or email, filtered by role, 25 a page. */
export const GET = route(async (request) => {
  await requireRole("ADMIN");
  return Response.json(await listUsers(readQuery(request, userListQuerySchema)));
});

/** A new provider with a profile and a temporary password. */
export const POST = route(async (request) => {
  const admin = await requireRole("ADMIN");
  const input = await readJson(request, createProviderSchema);
  return Response.json(await createProvider(admin, input), { status: 201 });
});
