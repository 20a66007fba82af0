import { startThrowawayPostgres } from "../../scripts/local-postgres.ts";
import { prepareTestTemplate } from "./test-database.ts";

/** One throwaway PostgreSQL server for the integration run; each test file copies its own database from the template. */
export default async function setup(): Promise<() => Promise<void>> {
  const server = await startThrowawayPostgres();
  process.env.TEST_DATABASE_ADMIN_URL = server.adminUrl;
  await prepareTestTemplate(server.adminUrl);
  return () => server.stop();
}
