import { route } from "@/lib/http/route";
import { requireUser } from "@/lib/auth/session";
import { listProviders } from "@/lib/providers/list-providers";

export const GET = route(async () => {
  await requireUser();
  return Response.json({ providers: await listProviders() });
});
