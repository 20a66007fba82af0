// Runs the app's own server code (route handlers, lib/) against a real PostgreSQL database and a real
// local Pusher server, inside the Vitest process. Only the session lookup is replaced: `asUser(user, fn)`
// decides who is signed in for the requests made inside fn, so many users can act concurrently.
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalPusher, type LocalPusher } from "../../lib/local-pusher/index.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

export type TestUser = {
  id: string;
  name: string;
  email: string;
  role: "PATIENT" | "PROVIDER" | "ADMIN";
  timeZone: string;
  sessionVersion: number;
};

export const signedIn = new AsyncLocalStorage<TestUser | null>();

export function asUser<T>(user: TestUser | null, fn: () => Promise<T>): Promise<T> {
  return signedIn.run(user, fn);
}

export type TestApp = { database: TestDatabase; pusher: LocalPusher; close(): Promise<void> };

export async function startTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const credentials = { appId: "100004", key: "test-key", secret: "test-secret" };
  const pusher = await startLocalPusher({ ...credentials, port: 0 });
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: "integration-test-secret-0123456789",
    NEXTAUTH_URL: "http://127.0.0.1:3999",
    PUSHER_APP_ID: credentials.appId,
    PUSHER_KEY: credentials.key,
    PUSHER_SECRET: credentials.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(pusher.port),
    PUSHER_USE_TLS: "false",
    OUTBOX_DIR: mkdtempSync(join(tmpdir(), "consult-outbox-")),
  });
  return {
    database,
    pusher,
    async close() {
      const { db } = await import("../../lib/db.ts");
      const { stopJobQueue } = await import("../../lib/jobs/boss.ts");
      await stopJobQueue();
      await db.$disconnect();
      await pusher.close();
      await database.drop();
    },
  };
}
