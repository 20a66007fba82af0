import { readdirSync, readFileSync } from "node:fs";

/** Linux /proc readers for the server's memory and CPU. */
const CLOCK_TICKS = 100; // USER_HZ on Linux

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

export function pids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

export function cmdline(pid: number): string {
  return (read(`/proc/${pid}/cmdline`) ?? "").replaceAll("\0", " ").trim();
}

export function environ(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of (read(`/proc/${pid}/environ`) ?? "").split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

export function parentOf(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

/** utime + stime in seconds. */
export function cpuSeconds(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the comm field: state(0) ppid(1) ... utime(11) stime(12)
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set in MB (VmRSS), and the process's own high-water mark (VmHWM). */
export function memoryMb(pid: number): { rss: number; hwm: number } | null {
  const status = read(`/proc/${pid}/status`);
  if (!status) return null;
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? "0");
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

export function descendants(root: number): number[] {
  const all = pids();
  const children = new Map<number, number[]>();
  for (const pid of all) {
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/**
 * The stack started by startTestStack: the next-server process listening on our port (its environment is
 * the stack's, with our PORT and LOCAL_POSTGRES_PORT), and its parent, the stack process.
 */
export function findStackProcesses(port: number, pgPort?: string): { nextPid: number | null; stackPid: number | null } {
  for (const pid of pids()) {
    if (!cmdline(pid).startsWith("next-server")) continue;
    const env = environ(pid);
    if (env.get("PORT") !== String(port)) continue;
    if (pgPort && env.get("LOCAL_POSTGRES_PORT") !== pgPort) continue;
    return { nextPid: pid, stackPid: parentOf(pid) };
  }
  return { nextPid: null, stackPid: null };
}

/** Samples CPU (percent of one core) and RSS of a process, and the CPU of a whole process tree, every interval. */
export class ProcessSampler {
  private timer: NodeJS.Timeout | undefined;
  private last: { at: number; cpu: number; tree: number } | undefined;
  readonly cpuPct: number[] = [];
  readonly treeCpuPct: number[] = [];
  readonly rssMb: number[] = [];

  constructor(
    private readonly pid: number,
    private readonly treeRoot: number | null,
    private readonly intervalMs = 500,
  ) {}

  private treeCpu(): number {
    if (this.treeRoot === null) return 0;
    return [this.treeRoot, ...descendants(this.treeRoot)].reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
  }

  start(): this {
    this.last = { at: performance.now(), cpu: cpuSeconds(this.pid) ?? 0, tree: this.treeCpu() };
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  private sample(): void {
    const at = performance.now();
    const cpu = cpuSeconds(this.pid);
    const memory = memoryMb(this.pid);
    if (cpu === null || !memory || !this.last) return;
    const tree = this.treeCpu();
    const seconds = (at - this.last.at) / 1000;
    this.cpuPct.push(((cpu - this.last.cpu) / seconds) * 100);
    if (this.treeRoot !== null) this.treeCpuPct.push(((tree - this.last.tree) / seconds) * 100);
    this.rssMb.push(memory.rss);
    this.last = { at, cpu, tree };
  }

  stop(): this {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this;
  }
}

/** Fraction (0..1) of all CPUs busy over the next `ms`, from /proc/stat. */
export async function systemBusy(ms = 3000): Promise<number> {
  const read = () => {
    const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = read();
  return b.total === a.total ? 0 : 1 - (b.idle - a.idle) / (b.total - a.total);
}

/** Ticks (USER_HZ) used by a process and its reaped children. */
function treeTicks(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const f = stat
    .slice(stat.lastIndexOf(")") + 2)
    .split(" ")
    .map(Number);
  return (f[11] ?? 0) + (f[12] ?? 0) + (f[13] ?? 0) + (f[14] ?? 0);
}

export type CpuSnapshot = { total: number; busy: number; ours: number };

/** Machine-wide CPU ticks, and those of this process and everything it started (stack, browsers). */
export function cpuSnapshot(): CpuSnapshot {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const ours = [process.pid, ...descendants(process.pid)].reduce((sum, pid) => sum + treeTicks(pid), 0);
  return { total, busy: total - idle, ours };
}

/** Between two snapshots: the share of the whole machine (0..1) used by processes that are not ours. */
export function othersShare(a: CpuSnapshot, b: CpuSnapshot): number {
  const total = b.total - a.total;
  if (total <= 0) return 0;
  return Math.max(0, (b.busy - a.busy - (b.ours - a.ours)) / total);
}

/** Milliseconds a process's threads have spent runnable but waiting for a CPU (/proc/<pid>/task/<tid>/schedstat). */
export function runQueueWaitMs(pid: number): number | null {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  let ns = 0;
  for (const tid of tids) ns += Number((read(`/proc/${pid}/task/${tid}/schedstat`) ?? "0 0").split(" ")[1] ?? 0);
  return ns / 1e6;
}

/** Proportional set size in MB (/proc/<pid>/smaps_rollup: shared pages split between their users), or null. */
export function pssMb(pid: number): number | null {
  const rollup = read(`/proc/${pid}/smaps_rollup`);
  const kb = rollup ? /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] : undefined;
  return kb === undefined ? null : Number(kb) / 1024;
}
