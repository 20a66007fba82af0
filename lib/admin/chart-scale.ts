/** Small pure helpers for the admin's SVG charts: a readable axis maximum and a polyline path. */

/** The smallest of 1, 2, 2.5, 5 × 10^n at or above `value` (at least `floor`), so axis ticks are round numbers. */
export function niceMax(value: number, floor = 1): number {
  const v = Math.max(value, floor);
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= v) return step * power;
  return 10 * power;
}

export type Frame = { width: number; height: number; left: number; right: number; top: number; bottom: number };

/** Maps (t, v) points into the plot area of `frame`: t across [t0, t1], v up from 0 to yMax. */
export function linePath(points: readonly { t: number; v: number }[], t0: number, t1: number, yMax: number, frame: Frame): string {
  const w = frame.width - frame.left - frame.right;
  const h = frame.height - frame.top - frame.bottom;
  const span = t1 - t0 || 1;
  return points
    .map((p, i) => {
      const x = frame.left + ((p.t - t0) / span) * w;
      const y = frame.top + h - (Math.min(p.v, yMax) / yMax) * h;
      return `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}
