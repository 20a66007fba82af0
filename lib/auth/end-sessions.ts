import "server-only";
import { channels, events } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import { leaveOpenVisits } from "@/lib/visits/leave-open-visits";
import { log } from "@/lib/log";

/**
 * A user's sign-in is over (signed out here, or every session ended by a deactivation or role change):
 * their open visits record LEFT with the reason, and, when every session ended, each of their tabs on
 * every device is told to stop its call and camera (components/auth/use-session-end.ts).
 */
export async function endUserSessions(
  userId: string,
  now = new Date(),
  reason: "signed-out" | "session-ended" = "session-ended",
): Promise<void> {
  try {
    await leaveOpenVisits(userId, reason, now);
  } catch (error) {
    log.warn("could not record LEFT at the end of a session", { userId, error });
  }
  if (reason === "session-ended") await publish(channels.user(userId), events.sessionEnded, { reason });
}
