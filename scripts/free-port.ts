import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * The OS's own pick (`listen(0)`) once gave the same port to two calls in a row, because the probe had freed
 * it: a benchmark's stack got one port for both PostgreSQL and the local Pusher server. So this process
 * remembers what it handed out, and picks below the OS's ephemeral range, where outgoing connections (a
 * database client's, between picking a port and a server binding it) never take their local ports.
 */
const FALLBACK_EPHEMERAL_START = 32_768;
const LOWEST = 20_000;
const TRIES = 50;

/** Ports this process has handed out: a second call must not return the first's port before it is bound. */
const handedOut = new Set<number>();

function ephemeralStart(): number {
  try {
    const [start] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    return start && start > LOWEST + 1000 ? start : FALLBACK_EPHEMERAL_START;
  } catch {
    return FALLBACK_EPHEMERAL_START;
  }
}

/** What listening on a port gave: the port, or why not (EADDRINUSE, EACCES…). */
export type Probe = { port: number } | { code: string };

/** Listens on `port` (0: the OS picks) and closes again. */
export function listenOn(port: number, host: string): Promise<Probe> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) => resolve({ code: e.code ?? "EUNKNOWN" }));
    probe.listen(port, host, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? { port: address.port } : { code: "EUNKNOWN" }));
    });
  });
}

const portOf = (got: Probe): number | null => ("port" in got ? got.port : null);

/** A TCP port that is free on this host right now, outside the ephemeral range; loopback unless told otherwise. */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const top = ephemeralStart();
  for (let i = 0; i < TRIES; i++) {
    const candidate = LOWEST + Math.floor(Math.random() * (top - LOWEST));
    if (handedOut.has(candidate)) continue;
    if (portOf(await listenOn(candidate, host)) === candidate) {
      handedOut.add(candidate);
      return candidate;
    }
  }
  // Everything tried was taken: let the OS pick.
  const port = portOf(await listenOn(0, host));
  if (port === null) throw new Error(`No free TCP port on ${host}.`);
  handedOut.add(port);
  return port;
}
