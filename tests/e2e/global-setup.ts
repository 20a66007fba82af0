import { startTestStack } from "./support/test-stack";

/** One production server (with its own database and Pusher server) shared by all e2e workers. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startTestStack();
  process.env.E2E_BASE_URL = stack.baseUrl;
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  process.env.E2E_INBOX_URL = stack.inboxUrl;
  return async () => {
    const reports = stack.cspReports();
    await stack.stop();
    // A page that broke its own Content-Security-Policy fails the run, whichever test loaded it.
    if (reports.length > 0) throw new Error(`Content-Security-Policy violations:\n${reports.join("\n")}`);
  };
}
