import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { requestTime } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { loadOverview, overviewQuerySchema, overviewRange, type OverviewRow } from "@/lib/admin/overview";
import { readSearchParams, type PageSearchParams } from "@/lib/admin/search-params";
import { addDays } from "@/lib/scheduling/zoned-time";
import { Alert } from "@/components/ui/alert";
import { AdminNav } from "@/components/admin/admin-nav";
import { VisitsBarChart } from "@/components/admin/bar-chart";
import { OverviewTable } from "@/components/admin/overview-table";

export const metadata: Metadata = { title: "Admin" };

/** Every day of the range, oldest first, with all providers' visits added up (days without visits included). */
function perDay(range: { from: string; to: string }, rows: OverviewRow[]) {
  const days: { day: string; visits: number; noShows: number }[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) {
    const today = rows.filter((r) => r.day === d);
    days.push({ day: d, visits: today.reduce((n, r) => n + r.visits, 0), noShows: today.reduce((n, r) => n + r.noShows, 0) });
  }
  return days;
}

export default async function AdminOverviewPage({ searchParams }: { searchParams: PageSearchParams }) {
  const admin = await requirePageUser(["ADMIN"], "/admin");
  const now = new Date(requestTime());
  const query = await readSearchParams(searchParams, overviewQuerySchema);
  let error = query.ok ? null : query.error;
  let range = overviewRange({}, admin.timeZone, now);
  let rows: OverviewRow[] = [];
  try {
    if (query.ok) range = overviewRange(query.data, admin.timeZone, now);
    rows = await loadOverview(range, admin.timeZone, now);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    error = e.message;
  }
  return (
    <section className="space-y-6">
      <AdminNav />
      <div>
        <h1 className="text-2xl font-semibold">Admin overview</h1>
        <p className="text-slate-700">Per provider and day, in {admin.timeZone.replaceAll("_", " ")}. Cancelled visits are left out.</p>
      </div>
      <form
        method="get"
        action="/admin"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
        aria-label="Period"
      >
        <div className="space-y-1">
          <label htmlFor="overview-from" className="block text-sm font-medium text-slate-800">
            From
          </label>
          <input
            id="overview-from"
            name="from"
            type="date"
            defaultValue={range.from}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="overview-to" className="block text-sm font-medium text-slate-800">
            To
          </label>
          <input
            id="overview-to"
            name="to"
            type="date"
            defaultValue={range.to}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Show
        </button>
      </form>
      {error ? <Alert>{error}</Alert> : null}
      <VisitsBarChart days={perDay(range, rows)} />
      <OverviewTable rows={rows} />
      <p className="text-xs text-slate-700">
        No-show rate: no-shows of all visits. Median wait: check-in to admission. Relayed: of visits that connected. Never connected: of
        visits the patient attended (completed, dropped or never connected).
      </p>
    </section>
  );
}
