import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listenOn } from "./free-port.ts";

export function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

/** .env is optional; values already in the environment win. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export async function assertPortFree(host: string, port: number, what: string): Promise<void> {
  const got = await listenOn(port, host);
  if ("port" in got) return;
  const why = got.code === "EADDRINUSE" ? "is already in use" : `cannot be used (${got.code})`;
  fail(`Port ${port} on ${host} ${why}, so ${what} cannot start there.`);
}

/** A random secret generated once per checkout and kept under .data, so restarts keep sessions valid. */
export function persistentSecret(dir: string, name: string): string {
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
}
