import Link from "next/link";
import type { OverviewRow } from "@/lib/admin/overview";
import { formatDuration, formatShare } from "@/lib/admin/format";

const th = "px-3 py-2 text-left text-xs font-semibold text-slate-800";
const td = "whitespace-nowrap px-3 py-2 text-sm text-slate-900";

export function OverviewTable({ rows }: { rows: OverviewRow[] }) {
  if (rows.length === 0) return <p className="text-slate-700">No visits in this period.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200">
        <caption className="sr-only">Visits per provider and day</caption>
        <thead className="bg-slate-50">
          <tr>
            {["Day", "Provider", "Visits", "No-show rate", "Median wait", "Relayed", "Never connected"].map((h) => (
              <th key={h} scope="col" className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={`${r.day}-${r.providerId}`}>
              <td className={td}>{r.day}</td>
              <td className={td}>
                <Link
                  className="tap-link text-brand-700 underline"
                  href={`/admin/sessions?providerId=${encodeURIComponent(r.providerId)}&from=${r.day}&to=${r.day}`}
                >
                  {r.providerName}
                </Link>
              </td>
              <td className={td}>{r.visits}</td>
              <td className={td}>
                {formatShare(r.noShowRate)} <span className="text-slate-700">({r.noShows})</span>
              </td>
              <td className={td}>{formatDuration(r.medianWaitMs)}</td>
              <td className={td}>
                {formatShare(r.relayedShare)} <span className="text-slate-700">of {r.connected} connected</span>
              </td>
              <td className={td}>
                {formatShare(r.neverConnectedShare)} <span className="text-slate-700">of {r.attended} attended</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
