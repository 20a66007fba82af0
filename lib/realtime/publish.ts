import "server-only";
import { pusher } from "@/lib/realtime/pusher";
import { log } from "@/lib/log";

/**
 * Sends a server event. Realtime is a courtesy on top of the database: a failed trigger is logged and
 * never fails the request that caused it, because every page re-reads its state from the server.
 */
export async function publish(channel: string, event: string, data: Record<string, unknown>): Promise<void> {
  try {
    await pusher().trigger(channel, event, data);
  } catch (error) {
    log.warn("realtime publish failed", { channel, event, error });
  }
}
