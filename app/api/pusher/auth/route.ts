import { route } from "@/lib/http/route";
import { requireRealtimeUser } from "@/lib/auth/visit-link-session";
import { authorizeRealtime, readAuthRequest } from "@/lib/realtime/authorize";
import { consume } from "@/lib/rate-limit";

export const POST = route(async (request) => {
  const { user, onlyVisit } = await requireRealtimeUser();
  await consume("pusherAuth", user.id);
  const { socketId, channelName } = await readAuthRequest(request);
  return Response.json(await authorizeRealtime(user, socketId, channelName, onlyVisit));
});
