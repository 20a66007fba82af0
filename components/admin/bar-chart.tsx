import { niceMax } from "@/lib/admin/chart-scale";

type Day = { day: string; visits: number; noShows: number };
const W = 640;
const H = 180;
const PAD = { left: 36, right: 8, top: 10, bottom: 26 };

/** Visits per day as bars, the no-show part of each bar darker; also given in words for screen readers. */
export function VisitsBarChart({ days }: { days: Day[] }) {
  if (days.length === 0) return null;
  const yMax = niceMax(Math.max(...days.map((d) => d.visits)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / days.length;
  const bar = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + plotH * (1 - v / yMax);
  const every = Math.ceil(days.length / 8);
  const words = days.map((d) => `${d.day}: ${d.visits} visits, ${d.noShows} no-shows`).join("; ");
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4" data-chart="visits-per-day">
      <figcaption id="visits-chart-title" className="mb-2 text-sm font-semibold text-slate-900">
        Visits per day (no-shows darker)
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-labelledby="visits-chart-title visits-chart-desc">
        <desc id="visits-chart-desc">{words}</desc>
        {[0, yMax / 2, yMax].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#475569">
              {Number.isInteger(v) ? v : v.toFixed(1)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * slot + (slot - bar) / 2;
          return (
            <g key={d.day}>
              <rect x={x} y={y(d.visits)} width={bar} height={y(0) - y(d.visits)} fill="#93b8ee" />
              <rect x={x} y={y(d.noShows)} width={bar} height={y(0) - y(d.noShows)} fill="#174ca8" />
              {i % every === 0 ? (
                <text x={x + bar / 2} y={H - 8} textAnchor="middle" fontSize="11" fill="#475569">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
