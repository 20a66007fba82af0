// Child process: the project's Pusher-protocol server on a fixed port, so a test can SIGKILL it and start
// it again on the same port with the same credentials (clients must find it again by themselves).
// Stops cleanly on SIGTERM or when the parent's stdin pipe closes (the test worker went away).
import { startLocalPusher } from "../../../../lib/local-pusher";

async function main() {
  const server = await startLocalPusher({
    appId: process.env.FAULT_PUSHER_APP_ID!,
    key: process.env.FAULT_PUSHER_KEY!,
    secret: process.env.FAULT_PUSHER_SECRET!,
    port: Number(process.env.FAULT_PUSHER_PORT),
    webhookUrl: process.env.FAULT_PUSHER_WEBHOOK_URL || undefined,
    log: process.env.E2E_VERBOSE === "1" ? (m) => console.log(`[pusher] ${m}`) : undefined,
  });
  console.log(`PUSHER READY ${server.port}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
