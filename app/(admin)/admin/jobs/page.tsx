import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { formatInZone } from "@/lib/format-time";
import { jobsOverview, type JobRow } from "@/lib/admin/jobs";
import { AdminNav } from "@/components/admin/admin-nav";

export const metadata: Metadata = { title: "Background jobs" };

const th = "px-3 py-2 text-left text-xs font-semibold text-slate-800";
const td = "px-3 py-2 align-top text-sm text-slate-900";

function JobTable({ rows, zone, empty }: { rows: JobRow[]; zone: string; empty: string }) {
  if (rows.length === 0) return <p className="text-slate-700">{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white">
        <thead>
          <tr>
            <th className={th}>Queue</th>
            <th className={th}>State</th>
            <th className={th}>Due</th>
            <th className={th}>Retries</th>
            <th className={th}>Last error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={`${r.queue}-${r.id}`}>
              <td className={td}>{r.queue}</td>
              <td className={td}>{r.state}</td>
              <td className={td}>{formatInZone(r.startAfter, zone)}</td>
              <td className={td}>{r.retryCount}</td>
              <td className={td}>{r.error ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function JobsPage() {
  const admin = await requirePageUser(["ADMIN"], "/admin/jobs");
  const jobs = await jobsOverview();
  return (
    <section className="space-y-6">
      <AdminNav />
      <h1 className="text-2xl font-semibold">Background jobs</h1>
      <p className="text-slate-700">
        Emails, reminders and the minute sweeps run on a queue in the database. Failed jobs used up their retries; late ones are waiting
        more than two minutes past their time or retrying.
      </p>
      <h2 className="text-xl font-semibold">Failed</h2>
      <JobTable rows={jobs.failed} zone={admin.timeZone} empty="No failed jobs." />
      <h2 className="text-xl font-semibold">Late or retrying</h2>
      <JobTable rows={jobs.late} zone={admin.timeZone} empty="Nothing is late." />
      <h2 className="text-xl font-semibold">All jobs by queue</h2>
      <ul className="text-sm text-slate-800">
        {jobs.counts.map((c) => (
          <li key={`${c.queue}-${c.state}`}>
            {c.queue}: {c.n} {c.state}
          </li>
        ))}
      </ul>
    </section>
  );
}
