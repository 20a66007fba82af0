import "server-only";
import { z } from "@/lib/validation/zod";
import { AppError } from "@/lib/errors";
import { validate } from "@/lib/http/read-json";
import { maySubscribe } from "@/lib/realtime/channel-rules";
import { pusher } from "@/lib/realtime/pusher";
import { mayJoinVisit } from "@/lib/realtime/visit-access";
import { parseChannel } from "@/lib/realtime/channels";
import type { VisitUser } from "@/lib/users/find-user";

const authRequestSchema = z.object({
  socket_id: z.string().regex(/^\d{1,20}\.\d{1,20}$/, "must be a Pusher socket id"),
  channel_name: z.string().min(1).max(164),
});

/** pusher-js posts form fields; JSON is accepted too for other clients. */
export async function readAuthRequest(request: Request): Promise<{ socketId: string; channelName: string }> {
  const type = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (text.length > 4096) throw new AppError("PAYLOAD_TOO_LARGE", "The request body is too large.");
  let fields: unknown;
  if (type.includes("application/json")) {
    try {
      fields = JSON.parse(text);
    } catch {
      throw new AppError("BAD_REQUEST", "The request body must be valid JSON.");
    }
  } else {
    fields = Object.fromEntries(new URLSearchParams(text));
  }
  const parsed = validate(authRequestSchema, fields);
  return { socketId: parsed.socket_id, channelName: parsed.channel_name };
}

/** `onlyVisit`: a visit-link session, which may use its visit's channel and its holder's own notices, nothing else. */
export async function authorizeRealtime(user: VisitUser, socketId: string, channelName: string, onlyVisit: string | null = null) {
  if (onlyVisit !== null && !withinVisitScope(user, channelName, onlyVisit)) {
    throw new AppError("FORBIDDEN", "You may not subscribe to this channel.");
  }
  if (!(await maySubscribe(user, channelName, { mayJoinVisit }))) {
    throw new AppError("FORBIDDEN", "You may not subscribe to this channel.");
  }
  if (channelName.startsWith("presence-")) {
    // Only what the other participant needs to see: a name and a role, never an email.
    return pusher().authorizeChannel(socketId, channelName, { user_id: user.id, user_info: { name: user.name, role: user.role } });
  }
  return pusher().authorizeChannel(socketId, channelName);
}

function withinVisitScope(user: VisitUser, channelName: string, appointmentId: string): boolean {
  const channel = parseChannel(channelName);
  return (channel?.kind === "visit" && channel.appointmentId === appointmentId) || (channel?.kind === "user" && channel.userId === user.id);
}
