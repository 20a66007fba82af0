import "server-only";
import Pusher from "pusher";
import { env } from "@/lib/env";

let server: Pusher | undefined;

/** The server SDK, pointed at hosted Pusher or at a Pusher-protocol server by PUSHER_HOST. */
export function pusher(): Pusher {
  if (server) return server;
  const e = env();
  server = e.PUSHER_HOST
    ? new Pusher({
        appId: e.PUSHER_APP_ID,
        key: e.PUSHER_KEY,
        secret: e.PUSHER_SECRET,
        host: e.PUSHER_HOST,
        port: e.PUSHER_PORT ? String(e.PUSHER_PORT) : undefined,
        useTLS: e.PUSHER_USE_TLS,
      })
    : new Pusher({ appId: e.PUSHER_APP_ID, key: e.PUSHER_KEY, secret: e.PUSHER_SECRET, cluster: e.PUSHER_CLUSTER, useTLS: true });
  return server;
}

export type RealtimeClientConfig = {
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  forceTLS: boolean;
};

/** What the browser needs to connect: handed to the page at request time, so one build serves any deployment. */
export function realtimeClientConfig(): RealtimeClientConfig {
  const e = env();
  return e.PUSHER_HOST
    ? {
        key: e.PUSHER_KEY,
        cluster: e.PUSHER_CLUSTER,
        wsHost: e.PUSHER_HOST,
        wsPort: e.PUSHER_PORT || undefined,
        forceTLS: e.PUSHER_USE_TLS,
      }
    : { key: e.PUSHER_KEY, cluster: e.PUSHER_CLUSTER, forceTLS: true };
}
