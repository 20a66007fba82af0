// Small process utilities for the fault tests: free ports, waiting for a child's "ready" line, and a
// last-resort kill of every child still alive when the Playwright worker exits.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { freePort } from "../../../../scripts/free-port";

export { freePort };

/**
 * Still running when the worker exits: process groups (negative pids: an app instance, killed outright) and
 * single children (their own servers inside: told to stop, which they do without us).
 */
const leftovers = new Set<number>();
let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.once("exit", () => {
    for (const pid of leftovers) {
      try {
        process.kill(pid, pid < 0 ? "SIGKILL" : "SIGTERM");
      } catch {
        // already gone
      }
    }
  });
}

export type Child = {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
  alive(): boolean;
  /** Signals the child (or its whole process group when spawned detached). */
  signal(signal: NodeJS.Signals): void;
};

/** Spawns `node --import tsx <script>`; `group` puts it in a process group of its own (killed as one). */
export function spawnTsx(script: string, env: Record<string, string>, options: { group?: boolean; args?: string[] } = {}): Child {
  hookExit();
  const spawnOptions: SpawnOptions = { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"], detached: options.group ?? false };
  const child = spawn(process.execPath, ["--import", "tsx", script, ...(options.args ?? [])], spawnOptions);
  const pid = child.pid!;
  const target = options.group ? -pid : pid;
  leftovers.add(target);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.E2E_VERBOSE === "1") process.stdout.write(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.E2E_VERBOSE === "1") process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      leftovers.delete(target);
      resolve(code);
    }),
  );
  return {
    child,
    output: () => output,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    signal(signal) {
      try {
        process.kill(target, signal);
      } catch {
        // already gone
      }
    },
  };
}

/** Resolves with the first match of `pattern` in the child's output; rejects if it exits or times out first. */
export function waitForOutput(child: Child, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(child.output());
      if (match) {
        done();
        resolve(match);
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${what} did not start within ${timeoutMs / 1000} s:\n${child.output().slice(-3000)}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`${what} exited with ${code} before it was ready:\n${child.output().slice(-3000)}`));
    };
    const done = () => {
      clearTimeout(timer);
      child.child.stdout?.off("data", check);
      child.child.stderr?.off("data", check);
      child.child.off("exit", onExit);
    };
    child.child.stdout?.on("data", check);
    child.child.stderr?.on("data", check);
    child.child.once("exit", onExit);
    check();
  });
}

/** Sends `signal`, and SIGKILL after `graceMs` if it is still running; resolves once it has exited. */
export async function stopChild(child: Child, signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000): Promise<void> {
  if (!child.alive()) return;
  child.signal(signal);
  const timer = setTimeout(() => child.signal("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
