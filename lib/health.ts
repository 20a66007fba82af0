import "server-only";
import { db } from "@/lib/db";
import { pusher } from "@/lib/realtime/pusher";

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000))]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, ms: Math.round(performance.now() - started) };
  }
}

/** Reachability only: no hosts, keys or versions, since this endpoint is public. */
export async function checkHealth() {
  const [database, realtime] = await Promise.all([
    timed(() => db.$queryRaw`SELECT 1`),
    timed(() =>
      pusher()
        .get({ path: "/channels" })
        .then((r) => {
          if (!r.ok) throw new Error(String(r.status));
        }),
    ),
  ]);
  return { ok: database.ok && realtime.ok, database, realtime };
}
