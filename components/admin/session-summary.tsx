import type { SessionFigures } from "@/lib/admin/session-figures";
import { formatDuration, formatQuality } from "@/lib/admin/format";
import { OutcomeBadge } from "@/components/admin/outcome-badge";

/** The derived figures of one visit, as a definition list. */
export function SessionSummary({ figures }: { figures: SessionFigures }) {
  const items: [string, React.ReactNode][] = [
    ["Outcome", <OutcomeBadge key="o" outcome={figures.outcome} />],
    ["Wait (check-in to admission)", formatDuration(figures.waitMs)],
    [
      "Call duration",
      `${formatDuration(figures.durationMs)}${figures.endEstimated ? " (no end recorded: until the last sign of the call)" : ""}`,
    ],
    ["Connection", figures.connection === null ? "Never connected" : figures.connection === "relay" ? "Relayed (TURN)" : "Direct"],
    ["Reconnects", String(figures.reconnects)],
    ["Average quality", `${formatQuality(figures.quality)}${figures.quality ? `, ${figures.quality.samples} samples` : ""}`],
  ];
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
      {items.map(([term, value]) => (
        <div key={term} className="rounded-lg border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-700">{term}</dt>
          <dd className="mt-1 text-sm font-medium text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
