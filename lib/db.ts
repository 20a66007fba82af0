import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// One client per process, created on first use so that `next build` can load modules without a database;
// kept on globalThis in development because hot reload would otherwise open a new pool on every edit.
const globalForDb = globalThis as unknown as { prisma?: PrismaClient };

function client(): PrismaClient {
  if (!globalForDb.prisma) {
    const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 });
    // Prisma's defaults (2 s to get a connection, 5 s to finish) turned a busy moment on a small machine
    // into failed check-ins and admits; a transaction here is a few short statements, so waiting is right.
    globalForDb.prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
  }
  return globalForDb.prisma;
}

export const db = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const value = Reflect.get(client(), property) as unknown;
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client()) : value;
  },
});
