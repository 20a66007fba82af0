import { route } from "@/lib/http/route";
import { requireRole } from "@/lib/auth/session";
import { loadProviderDay } from "@/lib/visits/provider-day";

export const GET = route(async () => {
  const provider = await requireRole("PROVIDER");
  return Response.json(await loadProviderDay(provider));
});
