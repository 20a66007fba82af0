import Link from "next/link";
import type { SessionRow } from "@/lib/admin/list-sessions";
import { formatInZone } from "@/lib/format-time";
import { formatDuration, formatQuality } from "@/lib/admin/format";
import { OutcomeBadge } from "@/components/admin/outcome-badge";

// Names and dates may wrap, figures may not: nine columns then fit the page at 1280 px (and scroll, not clip, below).
const th = "px-2 py-2 text-left text-xs font-semibold text-slate-800";
const td = "whitespace-nowrap px-2 py-2 text-sm text-slate-900";
const wrap = "px-2 py-2 text-sm text-slate-900";

export function SessionsTable({ sessions, timeZone }: { sessions: SessionRow[]; timeZone: string }) {
  if (sessions.length === 0) return <p className="text-slate-700">No visits match this filter.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200">
        <caption className="sr-only">Visits, newest first, times in {timeZone}</caption>
        <thead className="bg-slate-50">
          <tr>
            {["Scheduled", "Provider", "Patient", "Outcome", "Wait", "Duration", "Connection", "Reconnects", "Avg. quality"].map((h) => (
              <th key={h} scope="col" className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sessions.map((s) => (
            <tr key={s.id} data-session={s.id}>
              <td className={wrap}>
                <Link href={`/admin/sessions/${s.id}`} className="tap-link text-brand-700 underline">
                  {formatInZone(s.startsAt, timeZone)}
                </Link>
              </td>
              <td className={wrap}>{s.provider.name}</td>
              <td className={wrap}>{s.patient.name}</td>
              <td className={td}>
                <OutcomeBadge outcome={s.figures.outcome} />
              </td>
              <td className={td}>{formatDuration(s.figures.waitMs)}</td>
              <td className={td}>
                {formatDuration(s.figures.durationMs)}
                {s.figures.endEstimated ? "*" : ""}
              </td>
              <td className={td}>{s.figures.connection === null ? "—" : s.figures.connection === "relay" ? "Relay" : "Direct"}</td>
              <td className={td}>{s.figures.reconnects}</td>
              <td className={td}>{formatQuality(s.figures.quality)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
