import { defineConfig } from "prisma/config";

// Prisma 7 reads no .env by itself, and `generate` needs no database: a placeholder keeps it working
// when DATABASE_URL is unset (scripts/prisma.ts sets the real one for migrate commands).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://unset@127.0.0.1:1/unset" },
});
