import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../../scripts/free-port";

export type TestStack = {
  baseUrl: string;
  databaseUrl: string;
  /** MailDev's web inbox and REST API (GET /email lists every message received). */
  inboxUrl: string;
  /** Content-Security-Policy violation reports the browsers sent while the tests ran. */
  cspReports(): string[];
  stop(): Promise<void>;
};

/** Stacks still running: stopped if this process exits without stopping them (a bench module timed out). */
const running = new Set<ReturnType<typeof spawn>>();
// SIGTERM lets each stack stop PostgreSQL, Pusher and Next.js behind it; left alone they would run on.
process.once("exit", () => running.forEach((child) => child.kill("SIGTERM")));

/**
 * Starts the app exactly as `npm start` does (embedded PostgreSQL, local Pusher server, MailDev, Next.js),
 * but with a throwaway data folder and free ports, so tests never touch the developer's demo data.
 */
export async function startTestStack(extraEnv: Record<string, string> = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "consult-e2e-"));
  // PostgreSQL runs as its own system user when we are root, and must be able to enter this folder.
  chmodSync(dataDir, 0o755);
  const [port, pgPort, pusherPort, smtpPort, inboxPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/stack.ts", "start"], {
    env: {
      ...process.env,
      CONSULT_DATA_DIR: dataDir,
      CONSULT_DEMO_VISIT: "0",
      CSP_REPORT_FILE: join(dataDir, "csp-reports.log"),
      PORT: String(port),
      HOST: "127.0.0.1",
      LOCAL_POSTGRES_PORT: String(pgPort),
      LOCAL_PUSHER_PORT: String(pusherPort),
      LOCAL_SMTP_PORT: String(smtpPort),
      LOCAL_INBOX_PORT: String(inboxPort),
      SMTP_URL: "",
      DATABASE_URL: "",
      PUSHER_APP_ID: "",
      PUSHER_KEY: "",
      PUSHER_SECRET: "",
      NEXTAUTH_URL: "",
      NEXTAUTH_SECRET: "",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DATABASE_URL=(\S+)/.exec(output);
      if (output.includes("Consult is running at") && match?.[1]) resolve(match[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.E2E_VERBOSE === "1") process.stderr.write(chunk);
    });
    child.once("exit", (code) => reject(new Error(`The test stack exited with ${code}:\n${output}`)));
    setTimeout(() => reject(new Error(`The test stack did not start in 120 s:\n${output}`)), 120_000);
  });
  const databaseUrl = await ready;
  return {
    baseUrl,
    databaseUrl,
    inboxUrl: `http://127.0.0.1:${inboxPort}`,
    cspReports() {
      const file = join(dataDir, "csp-reports.log");
      return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
