// An isolated, fully migrated database per test file (or per test), on a server the run provides.
//
// Usage:
//   1. The run (global setup or scripts/test.ts) starts a server, e.g. startThrowawayPostgres() from
//      scripts/local-postgres.ts, and sets TEST_DATABASE_ADMIN_URL to its `postgres` database
//      (LocalPostgres.adminUrl). Optionally it calls prepareTestTemplate(adminUrl) once up front.
//   2. A test file does
//        let db: TestDatabase;
//        beforeAll(async () => { db = await createTestDatabase(); });
//        afterAll(async () => { await db.drop(); });
//      and connects to db.url (e.g. new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) })).
//      Close every client on db.url before drop(); drop() forces leftover sessions off anyway.
//
// The migrations run once per server and migrations content, into a template database named after a
// hash of prisma/migrations; each test database is then a cheap `CREATE DATABASE ... TEMPLATE` copy.
// Workers race for the template under an advisory lock; a template whose build failed is rebuilt.
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { createDatabase, databaseUrl, dropDatabase, PROJECT_ROOT } from "../../scripts/local-postgres.ts";
import { migrateDeploy } from "../../scripts/prisma.ts";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");
// Any constant works; it only has to be the same in every worker.
const TEMPLATE_LOCK = 4_711_001;

function adminUrlFromEnv(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL;
  if (!url)
    throw new Error("TEST_DATABASE_ADMIN_URL is not set: the test run must start PostgreSQL first (see tests/support/test-database.ts).");
  return url;
}

async function migrationsHash(): Promise<string> {
  const hash = createHash("sha256");
  const entries = await readdir(MIGRATIONS_DIR, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const file of files)
    hash
      .update(path.relative(MIGRATIONS_DIR, file))
      .update("\0")
      .update(await readFile(file))
      .update("\0");
  return hash.digest("hex").slice(0, 12);
}

const templates = new Map<string, Promise<string>>();

/** Builds (once per server and migrations content) the migrated template database and returns its name. */
export function prepareTestTemplate(adminUrl: string = adminUrlFromEnv()): Promise<string> {
  let pending = templates.get(adminUrl);
  if (!pending) {
    pending = buildTemplate(adminUrl);
    pending.catch(() => templates.delete(adminUrl));
    templates.set(adminUrl, pending);
  }
  return pending;
}

async function buildTemplate(adminUrl: string): Promise<string> {
  const name = `consult_template_${await migrationsHash()}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK]);
    const found = await client.query<{ datistemplate: boolean }>("SELECT datistemplate FROM pg_database WHERE datname = $1", [name]);
    // datistemplate is set only after the migrations succeeded, so a database without it is a failed build.
    if (found.rows[0]?.datistemplate) return name;
    await dropDatabase(adminUrl, name);
    await createDatabase(adminUrl, name);
    try {
      await migrateDeploy(databaseUrl(adminUrl, name));
    } catch (e) {
      await dropDatabase(adminUrl, name);
      throw e;
    }
    // No connections allowed: CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template.
    await client.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    return name;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK]).catch(() => {});
    await client.end();
  }
}

/** A new database with all migrations applied, on the server of TEST_DATABASE_ADMIN_URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = adminUrlFromEnv();
  const template = await prepareTestTemplate(adminUrl);
  const name = `consult_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = await createDatabase(adminUrl, name, { template });
  return { url, name, drop: () => dropDatabase(adminUrl, name) };
}
