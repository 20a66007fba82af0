/**
 * The app's background workers on their own, without Next.js: the same startWorkers() that every app
 * instance runs from instrumentation.ts. For tests and the benchmark (several instances on one queue), or
 * for an operator who wants a dedicated worker. Needs the app's environment (DATABASE_URL, SMTP_URL, ...).
 */
import "./server-only-off.ts"; // before any server module (see the file)
import { startWorkers } from "../lib/jobs/start-workers.ts";
import { stopJobQueue } from "../lib/jobs/boss.ts";

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    void stopJobQueue().finally(() => process.exit(0));
  });
}
startWorkers().then(
  () => console.log(`worker ${process.pid} ready`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
