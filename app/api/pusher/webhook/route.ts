import { route } from "@/lib/http/route";
import { handleWebhook, verifyWebhook } from "@/lib/realtime/webhooks";

export const POST = route(async (request) => {
  const webhook = await verifyWebhook(request);
  await handleWebhook(webhook);
  return Response.json({ ok: true });
});
