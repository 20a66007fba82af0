import { LineChart, type ChartSeries } from "@/components/admin/line-chart";
import type { Metric, QualitySeries } from "@/lib/admin/session-series";

const SIDES = [
  { side: "patient", color: "#1d5fd1", dashed: false },
  { side: "provider", color: "#b45309", dashed: true },
] as const;

const CHARTS: { metric: Metric; title: string; unit: string }[] = [
  { metric: "rttMs", title: "Round-trip time", unit: "ms" },
  { metric: "packetLossPct", title: "Packet loss", unit: "%" },
  { metric: "inKbps", title: "Received bitrate", unit: "kbps" },
];

/** RTT, packet loss and received bitrate over the call, one line per side (as each side's browser measured it). */
export function QualityCharts({
  series,
  timeZone,
  names,
}: {
  series: QualitySeries;
  timeZone: string;
  names: { patient: string; provider: string };
}) {
  if (series.from === null || series.to === null) return <p className="text-slate-700">No quality samples were recorded for this visit.</p>;
  const { from, to } = series;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {CHARTS.map(({ metric, title, unit }) => {
        const lines: ChartSeries[] = SIDES.map(({ side, color, dashed }) => ({
          key: `${metric}-${side}`,
          label: `${names[side]} (${side})`,
          color,
          dashed,
          points: series.sides[side][metric],
        }));
        return (
          <LineChart key={metric} id={`chart-${metric}`} title={title} unit={unit} from={from} to={to} timeZone={timeZone} series={lines} />
        );
      })}
    </div>
  );
}
