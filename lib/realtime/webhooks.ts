import "server-only";
import { z } from "@/lib/validation/zod";
import { AppError } from "@/lib/errors";
import { pusher } from "@/lib/realtime/pusher";
import { validate } from "@/lib/http/read-json";
import { recordPresence } from "@/lib/visits/record-presence";

const webhookEventSchema = z.object({
  name: z.string(),
  channel: z.string(),
  user_id: z.string().optional(),
});
// time_ms becomes each presence event's timestamp: an instant PostgreSQL can store (far out of range was a 500).
const webhookSchema = z.object({
  time_ms: z
    .number()
    .int()
    .min(Date.UTC(2000, 0, 1))
    .max(Date.UTC(2200, 0, 1)),
  events: z.array(webhookEventSchema).max(1000),
});

export type WebhookEvent = z.infer<typeof webhookEventSchema>;
export type Webhook = z.infer<typeof webhookSchema>;

/** Only Pusher (holder of the app secret) can produce a valid signature; anything else gets 401. */
export async function verifyWebhook(request: Request): Promise<Webhook> {
  const rawBody = await request.text();
  if (rawBody.length > 1024 * 1024) throw new AppError("PAYLOAD_TOO_LARGE", "The webhook body is too large.");
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  let valid = false;
  try {
    valid = pusher().webhook({ headers, rawBody }).isValid();
  } catch {
    valid = false;
  }
  if (!valid) throw new AppError("UNAUTHENTICATED", "Invalid webhook signature.");
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new AppError("BAD_REQUEST", "The webhook body must be valid JSON.");
  }
  return validate(webhookSchema, body);
}

export async function handleWebhook(webhook: Webhook): Promise<void> {
  const at = new Date(webhook.time_ms);
  for (const event of webhook.events) await recordPresence(event, at);
}
