// Local Pusher-protocol server for development: `tsx scripts/local-pusher.ts`.
// Env: PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET (required), LOCAL_PUSHER_PORT (default 6001),
// PUSHER_WEBHOOK_URL (optional). Listens on 127.0.0.1 only.

import type { LocalPusher } from "../lib/local-pusher/config";
import { startLocalPusher } from "../lib/local-pusher/server";

function fail(message: string): never {
  console.error(`local-pusher: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const env = process.env;
  const missing = ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"].filter((name) => !env[name]);
  if (missing.length > 0) fail(`missing ${missing.join(", ")} (use the same values as the app's server and client config)`);

  const portText = env.LOCAL_PUSHER_PORT ?? "6001";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) fail(`LOCAL_PUSHER_PORT must be a port number, got "${portText}"`);

  const webhookUrl = env.PUSHER_WEBHOOK_URL || undefined;
  let server: LocalPusher;
  try {
    server = await startLocalPusher({
      appId: env.PUSHER_APP_ID ?? "",
      key: env.PUSHER_KEY ?? "",
      secret: env.PUSHER_SECRET ?? "",
      port,
      webhookUrl,
      log: (message) => console.log(`local-pusher: ${message}`),
    });
  } catch (error) {
    const code = error instanceof Error && "code" in error ? error.code : undefined;
    if (code === "EADDRINUSE") fail(`port ${port} on 127.0.0.1 is already in use (another local-pusher? set LOCAL_PUSHER_PORT)`);
    if (code === "EACCES") fail(`not allowed to listen on port ${port} (set LOCAL_PUSHER_PORT)`);
    fail((error instanceof Error ? error.message : String(error)).replace(/^local-pusher: /, ""));
  }

  const ws = server.url.replace(/^http/, "ws");
  console.log(
    `local-pusher: ready - WebSocket ${ws}/app/${env.PUSHER_KEY}, REST ${server.url}/apps/${env.PUSHER_APP_ID}` +
      (webhookUrl ? `, webhooks -> ${webhookUrl}` : ", no webhooks"),
  );

  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main();
