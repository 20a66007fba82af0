/**
 * Runs once per Next.js server process at start: the background job workers live in the app's own
 * processes, so `npm run dev` and `npm start` need nothing new, and every instance takes its share.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (!env().JOBS_ENABLED) return;
  const { startWorkers } = await import("@/lib/jobs/start-workers");
  const { log } = await import("@/lib/log");
  // Not awaited: a slow or briefly unreachable database must not hold up serving pages; it retries.
  const attempt = (delayMs: number) =>
    void startWorkers().catch((error: unknown) => {
      log.error("background jobs could not start; retrying", { error });
      setTimeout(() => attempt(Math.min(delayMs * 2, 60_000)), delayMs);
    });
  attempt(2_000);
}
