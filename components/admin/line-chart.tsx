import { linePath, niceMax, type Frame } from "@/lib/admin/chart-scale";
import { seriesStats, type SeriesPoint } from "@/lib/admin/session-series";
import { clockTime } from "@/lib/admin/format";

export type ChartSeries = { key: string; label: string; color: string; dashed?: boolean; points: SeriesPoint[] };
type Props = { id: string; title: string; unit: string; from: number; to: number; timeZone: string; series: ChartSeries[] };

const FRAME: Frame = { width: 640, height: 200, left: 48, right: 12, top: 12, bottom: 28 };

/** One measure over time, a line per series, drawn as SVG; the figures are also given in words for screen readers. */
export function LineChart({ id, title, unit, from, to, timeZone, series }: Props) {
  const yMax = niceMax(Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.v))));
  const plotBottom = FRAME.height - FRAME.bottom;
  const ticks = [0, yMax / 2, yMax];
  const y = (v: number) => FRAME.top + (plotBottom - FRAME.top) * (1 - v / yMax);
  const xTimes = [from, from + (to - from) / 2, to];
  const x = (t: number) => FRAME.left + ((t - from) / (to - from || 1)) * (FRAME.width - FRAME.left - FRAME.right);
  const described = series
    .map((s) => {
      const stats = seriesStats(s.points);
      return stats ? `${s.label}: ${stats.min} to ${stats.max} ${unit}, average ${stats.mean}` : `${s.label}: no samples`;
    })
    .join("; ");
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4" data-chart={id}>
      <figcaption id={`${id}-title`} className="mb-2 text-sm font-semibold text-slate-900">
        {title} <span className="font-normal text-slate-700">({unit})</span>
      </figcaption>
      <svg viewBox={`0 0 ${FRAME.width} ${FRAME.height}`} className="h-auto w-full" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <desc id={`${id}-desc`}>{described}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={FRAME.left} x2={FRAME.width - FRAME.right} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={FRAME.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#475569">
              {Number.isInteger(v) ? v : v.toFixed(1)}
            </text>
          </g>
        ))}
        {xTimes.map((t, i) => (
          <text
            key={i}
            x={x(t)}
            y={FRAME.height - 8}
            textAnchor={i === 0 ? "start" : i === 2 ? "end" : "middle"}
            fontSize="11"
            fill="#475569"
          >
            {clockTime(t, timeZone)}
          </text>
        ))}
        {series.map((s) =>
          s.points.length === 0 ? null : (
            <g key={s.key} data-series={s.key}>
              <path
                d={linePath(s.points, from, to, yMax, FRAME)}
                fill="none"
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? "6 4" : undefined}
              />
              {s.points.length === 1 && s.points[0] ? (
                <circle cx={x(s.points[0].t)} cy={y(Math.min(s.points[0].v, yMax))} r={3} fill={s.color} />
              ) : null}
            </g>
          ),
        )}
      </svg>
      <ul className="mt-2 flex flex-wrap gap-4 text-xs text-slate-800">
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-2">
            <svg width="24" height="8" aria-hidden="true">
              <line x1="0" x2="24" y1="4" y2="4" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? "6 4" : undefined} />
            </svg>
            {s.label}
            {s.points.length === 0 ? " (no samples)" : ""}
          </li>
        ))}
      </ul>
    </figure>
  );
}
