/** One line of the benchmark table. Figures are medians and p95s over repeated runs. */
export type Row = {
  /** Which benchmark module produced it (filled in by bench/run.ts). */
  bench?: string;
  metric: string;
  median: number | null;
  p95: number | null;
  unit: string;
  /** Human-readable floor or target, e.g. "floor: SQL INSERT" or "≤ 50 ms (p95)". */
  reference: string;
  /** ours / floor for comparisons, value / target for targets (≤ 1 meets it); null when not applicable. */
  ratio: number | null;
  /** The floor's own figures when this row is a comparison. */
  floor?: { median: number; p95: number };
  /** Target met? Undefined for figures without a target. */
  pass?: boolean;
  /** Number of samples behind median/p95. */
  samples?: number;
  note?: string;
  /** Anything more a benchmark wants in .bench/results.json (not printed). */
  detail?: unknown;
};

export type BenchContext = {
  baseUrl: string;
  databaseUrl: string;
  /** PID of the next-server process (the Next.js production server), when found. */
  nextPid: number | null;
  /** PID of the stack process (embedded PostgreSQL's parent, local Pusher server inside). */
  stackPid: number | null;
  /** The stack's local Pusher server, as next-server was configured (null when not found). */
  pusher: { key: string; host: string; port: number; appId: string; secret: string } | null;
  /** Repository root (cwd). */
  root: string;
  /** Scratch folder for this run, removed at the end. */
  tmpDir: string;
  log(message: string): void;
};

export type BenchFunction = (ctx: BenchContext) => Promise<Row[]>;
