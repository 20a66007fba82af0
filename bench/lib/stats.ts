import type { Row } from "./types";

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);
export const p95 = (samples: readonly number[]) => percentile(samples, 95);

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const now = () => performance.now();

/** A row comparing our samples with a floor's, measured in the same run. Ratio = our median / floor median. */
export function comparisonRow(
  metric: string,
  ours: number[],
  floor: number[],
  unit: string,
  floorName: string,
  extra: Partial<Row> = {},
): Row {
  const m = median(ours);
  const fm = median(floor);
  return {
    metric,
    median: round(m),
    p95: round(p95(ours)),
    unit,
    reference: `floor: ${floorName} ${fmt(fm)} / ${fmt(p95(floor))} ${unit}`,
    ratio: round(m / fm),
    floor: { median: round(fm), p95: round(p95(floor)) },
    samples: ours.length,
    ...extra,
  };
}

/** A row checked against a ceiling on its p95 (or median with on: "median"). Ratio = value / target. */
export function targetRow(
  metric: string,
  samples: number[],
  unit: string,
  target: number,
  extra: Partial<Row> & { on?: "p95" | "median" } = {},
): Row {
  const { on = "p95", ...rest } = extra;
  const value = on === "p95" ? p95(samples) : median(samples);
  return {
    metric,
    median: round(median(samples)),
    p95: round(p95(samples)),
    unit,
    reference: `target: ${on} ≤ ${fmt(target)} ${unit}`,
    ratio: round(value / target),
    pass: value <= target,
    samples: samples.length,
    ...rest,
  };
}

/** A row with no target (context for the others). */
export function infoRow(metric: string, samples: number[], unit: string, extra: Partial<Row> = {}): Row {
  return {
    metric,
    median: round(median(samples)),
    p95: round(p95(samples)),
    unit,
    reference: "",
    ratio: null,
    samples: samples.length,
    ...extra,
  };
}

export function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toFixed(digits);
}

/** The one Markdown table `npm run bench` prints. */
export function markdownTable(rows: Row[]): string {
  const header = "| metric | median | p95 | unit | floor or target | ratio |\n|---|---:|---:|---|---|---:|";
  const lines = rows.map((r) => {
    const verdict = r.pass === undefined ? "" : r.pass ? " ✅" : " ❌";
    const ratio = r.ratio === null ? "" : `${fmt(r.ratio)}×`;
    const metric = r.note ? `${r.metric} (${r.note})` : r.metric;
    return `| ${metric.replaceAll("|", "\\|")} | ${fmt(r.median)} | ${fmt(r.p95)} | ${r.unit} | ${r.reference.replaceAll("|", "\\|")} | ${ratio}${verdict} |`;
  });
  return [header, ...lines].join("\n");
}

/** Runs async tasks over items with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
