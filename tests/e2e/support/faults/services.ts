// The services a fault test owns and breaks: a Pusher-protocol server, PostgreSQL and Next.js instances,
// each a child process that can be killed (or stopped) and started again on the same port and data.
import { freePort } from "../../../../scripts/free-port";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Pusher from "pusher";
import { spawnTsx, stopChild, waitForOutput, type Child } from "./processes";

const HERE = "tests/e2e/support/faults";

export type PusherCredentials = { appId: string; key: string; secret: string };

/** The project's own Pusher server (lib/local-pusher) in a child process on a fixed port. */
export class PusherService {
  readonly credentials: PusherCredentials = { appId: "100002", key: "consult-faults-key", secret: randomBytes(24).toString("base64url") };
  private process: Child | null = null;

  constructor(
    readonly port: number,
    private webhookUrl: string,
  ) {}

  get running(): boolean {
    return this.process?.alive() ?? false;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const child = spawnTsx(`${HERE}/pusher-main.ts`, {
      FAULT_PUSHER_APP_ID: this.credentials.appId,
      FAULT_PUSHER_KEY: this.credentials.key,
      FAULT_PUSHER_SECRET: this.credentials.secret,
      FAULT_PUSHER_PORT: String(this.port),
      FAULT_PUSHER_WEBHOOK_URL: this.webhookUrl,
    });
    this.process = child;
    await waitForOutput(child, /PUSHER READY/, 30_000, "the Pusher server");
  }

  /** Like a crash or an OOM kill: no close frames, no webhooks, every socket just drops. */
  async kill(): Promise<void> {
    if (this.process) await stopChild(this.process, "SIGKILL");
  }

  async stop(): Promise<void> {
    if (this.process) await stopChild(this.process, "SIGTERM");
  }

  /** The server SDK, for asking the Pusher server who is subscribed where (REST, signed with the app secret). */
  rest(): Pusher {
    return new Pusher({ ...this.credentials, host: "127.0.0.1", port: String(this.port), useTLS: false });
  }

  /** Members of a presence channel as the (possibly restarted) server knows them. */
  async presenceMembers(channel: string): Promise<string[]> {
    const response = await this.rest().get({ path: `/channels/${channel}/users` });
    if (!response.ok) return [];
    const body = (await response.json()) as { users: { id: string }[] };
    return body.users.map((u) => u.id).sort();
  }

  /** Names of the channels with at least one subscriber. */
  async occupiedChannels(): Promise<string[]> {
    const response = await this.rest().get({ path: "/channels" });
    if (!response.ok) return [];
    const body = (await response.json()) as { channels: Record<string, unknown> };
    return Object.keys(body.channels).sort();
  }

  env(): Record<string, string> {
    return {
      PUSHER_APP_ID: this.credentials.appId,
      PUSHER_KEY: this.credentials.key,
      PUSHER_SECRET: this.credentials.secret,
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: String(this.port),
      PUSHER_USE_TLS: "false",
    };
  }
}

/** PostgreSQL on a data folder of its own and a fixed port, stoppable and startable with the data kept. */
export class PostgresService {
  private readonly root: string;
  private process: Child | null = null;
  url = "";

  constructor(readonly port: number) {
    this.root = mkdtempSync(join(tmpdir(), "consult-faults-pg-"));
    // PostgreSQL runs as its own system user when we are root, and must be able to enter this folder.
    chmodSync(this.root, 0o755);
  }

  get running(): boolean {
    return this.process?.alive() ?? false;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const child = spawnTsx(`${HERE}/postgres-main.ts`, { FAULT_PG_DATA_DIR: join(this.root, "data"), FAULT_PG_PORT: String(this.port) });
    this.process = child;
    this.url = (await waitForOutput(child, /POSTGRES READY (\S+)/, 60_000, "PostgreSQL"))[1]!;
  }

  /** A fast shutdown, as `pg_ctl stop` or a host maintenance would do: sessions are cut mid-transaction. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child?.alive()) return;
    child.child.stdin?.write("stop\n");
    const timer = setTimeout(() => child.signal("SIGKILL"), 20_000);
    await child.exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.root, { recursive: true, force: true });
  }
}

export type InstanceOptions = {
  name: string;
  port: number;
  publicUrl: string;
  databaseUrl: () => string;
  pusher: PusherService;
  secret: string;
  dataDir: string;
};

/**
 * One Next.js production server started by scripts/stack.ts: with DATABASE_URL and PUSHER_* set it starts
 * no services of its own, applies migrations and runs `next start`. Its own process group, so that
 * kill() takes down stack.ts and the Next.js server together, like a machine that died.
 */
export class AppInstance {
  private process: Child | null = null;
  private starts = 0;
  private readonly dirs: string[] = [];

  constructor(readonly options: InstanceOptions) {}

  get name(): string {
    return this.options.name;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get running(): boolean {
    return this.process?.alive() ?? false;
  }

  /** The pid of stack.ts (the group leader): unchanged means nobody restarted this instance. */
  get pid(): number | null {
    return this.running ? (this.process?.child.pid ?? null) : null;
  }

  output(): string {
    return this.process?.output() ?? "";
  }

  /** Content-Security-Policy violation reports this instance received, over all its starts. */
  cspReports(): string[] {
    return this.dirs.flatMap((dir) => {
      const file = join(dir, "csp-reports.log");
      return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    const dir = join(this.options.dataDir, `${this.name}-${this.starts++}`);
    mkdirSync(dir, { recursive: true });
    this.dirs.push(dir);
    const child = spawnTsx(
      "scripts/stack.ts",
      {
        ...this.options.pusher.env(),
        DATABASE_URL: this.options.databaseUrl(),
        NEXTAUTH_URL: this.options.publicUrl,
        NEXTAUTH_SECRET: this.options.secret,
        CONSULT_DATA_DIR: dir,
        CONSULT_DEMO_VISIT: "0",
        CSP_REPORT_FILE: join(dir, "csp-reports.log"),
        OUTBOX_DIR: join(dir, "outbox"),
        // Each instance starts its own MailDev (SMTP_URL unset), so each needs ports of its own.
        LOCAL_SMTP_PORT: String(await freePort()),
        LOCAL_INBOX_PORT: String(await freePort()),
        PORT: String(this.options.port),
        HOST: "127.0.0.1",
        NODE_ENV: "production",
      },
      { group: true, args: ["start"] },
    );
    this.process = child;
    await waitForOutput(child, /Consult is running at/, 90_000, `Next.js instance ${this.name}`);
  }

  /** SIGKILL to the whole instance: no graceful shutdown, open requests and keep-alive sockets just die. */
  async kill(): Promise<void> {
    if (this.process) await stopChild(this.process, "SIGKILL");
    await waitForGroupGone(this.process);
  }

  async stop(): Promise<void> {
    if (this.process) await stopChild(this.process, "SIGTERM");
    await waitForGroupGone(this.process);
  }
}

/** The group leader exiting does not mean its children (the Next.js server) have: wait for the group to empty. */
async function waitForGroupGone(child: Child | null): Promise<void> {
  const pid = child?.child.pid;
  if (!pid) return;
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    if (i === 60) child.signal("SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
  }
}
