// `npm run prisma -- <args>`: the real Prisma CLI, made to work offline and without a configured database.
// - PRISMA_SCHEMA_ENGINE_BINARY names scripts/prisma-engine/schema-engine (the wasm engine behind the
//   native engine's protocol), so the CLI never tries to download its native engine.
// - With DATABASE_URL unset, commands that need a database run against the embedded PostgreSQL of
//   scripts/local-postgres.ts, started for the command and stopped after it.
// migrateDeploy(url) is the same for other scripts (dev stack, test runner).
import { spawn, type StdioOptions } from "node:child_process";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalPostgresError, PROJECT_ROOT, startLocalPostgres } from "./local-postgres.ts";

export const SCHEMA_ENGINE = path.join(PROJECT_ROOT, "scripts", "prisma-engine", "schema-engine");
const PRISMA_CLI = path.join(PROJECT_ROOT, "node_modules", "prisma", "build", "index.js");
const NO_DATABASE = new Set(["generate", "format", "validate", "version", "init", "debug", "help"]);

export function prismaEnv(databaseUrl?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: SCHEMA_ENGINE,
    // The update check and telemetry would only wait for a network that is not there.
    CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

export interface RunResult {
  code: number;
  output: string;
}

/** Runs the Prisma CLI from the project root; `capture` collects stdout+stderr instead of printing them. */
export function runPrisma(args: readonly string[], options: { databaseUrl?: string; capture?: boolean } = {}): Promise<RunResult> {
  const stdio: StdioOptions = options.capture ? ["ignore", "pipe", "pipe"] : "inherit";
  const child = spawn(process.execPath, [PRISMA_CLI, ...args], { cwd: PROJECT_ROOT, env: prismaEnv(options.databaseUrl), stdio });
  const chunks: Buffer[] = [];
  child.stdout?.on("data", (c: Buffer) => chunks.push(c));
  child.stderr?.on("data", (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const status = code ?? 128 + (signal ? constants.signals[signal] : 1);
      resolve({ code: status, output: Buffer.concat(chunks).toString("utf8") });
    });
  });
}

/** Applies the committed migrations (prisma/migrations) to `url`; rejects with the CLI's output. */
export async function migrateDeploy(url: string): Promise<void> {
  const { code, output } = await runPrisma(["migrate", "deploy"], { databaseUrl: url, capture: true });
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`);
}

function needsDatabase(args: readonly string[]): boolean {
  const command = args.find((a) => !a.startsWith("-"));
  return command !== undefined && !NO_DATABASE.has(command);
}

async function main(args: string[]): Promise<number> {
  if (process.env.DATABASE_URL || !needsDatabase(args)) return (await runPrisma(args)).code;
  const server = await startLocalPostgres();
  try {
    return (await runPrisma(args, { databaseUrl: server.url })).code;
  } finally {
    await server.stop();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof LocalPostgresError ? e.message : e);
      process.exit(1);
    },
  );
}
