// Two Next.js instances sharing one PostgreSQL and one Pusher server, behind one balancer origin, all
// owned by the fault tests so they can kill, stop and restart any part of it.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBalancer, type Balancer } from "./balancer";
import { freePort } from "./processes";
import { AppInstance, PostgresService, PusherService } from "./services";

export type Cluster = {
  balancer: Balancer;
  postgres: PostgresService;
  pusher: PusherService;
  a: AppInstance;
  b: AppInstance;
  /** What the browsers use: the balancer. */
  url: string;
  databaseUrl(): string;
  /** Content-Security-Policy violations the browsers reported to either instance. */
  cspReports(): string[];
  /** Starts whatever is not running (after a test that left something down). */
  ensureUp(): Promise<void>;
  stop(): Promise<void>;
};

export async function startCluster(): Promise<Cluster> {
  const [portA, portB, pgPort, pusherPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const balancer = await startBalancer([
    { name: "a", port: portA },
    { name: "b", port: portB },
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), "consult-faults-"));
  const postgres = new PostgresService(pgPort);
  // Webhooks go through the balancer too, so they reach whichever instance is alive.
  const pusher = new PusherService(pusherPort, `${balancer.url}/api/pusher/webhook`);
  const secret = randomBytes(32).toString("base64url");
  const instance = (name: string, port: number) =>
    new AppInstance({ name, port, publicUrl: balancer.url, databaseUrl: () => postgres.url, pusher, secret, dataDir });
  const a = instance("a", portA);
  const b = instance("b", portB);

  const stop = async () => {
    await Promise.allSettled([a.stop(), b.stop()]);
    await Promise.allSettled([pusher.stop(), postgres.destroy(), balancer.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const ensureUp = async () => {
    await Promise.all([postgres.start(), pusher.start()]);
    // One at a time: each applies migrations first (a no-op once done, but both at once only wait on a lock).
    await a.start();
    await b.start();
  };
  try {
    await ensureUp();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    balancer,
    postgres,
    pusher,
    a,
    b,
    url: balancer.url,
    databaseUrl: () => postgres.url,
    cspReports: () => [...a.cspReports(), ...b.cspReports()],
    ensureUp,
    stop,
  };
}
