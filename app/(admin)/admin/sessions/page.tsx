import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page";
import { requestTime } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { describeFilter, resolveSessionFilter } from "@/lib/admin/session-filters";
import { sessionListPageSchema, sessionPageLinks } from "@/lib/admin/session-pages";
import { listSessions, type SessionPage } from "@/lib/admin/list-sessions";
import { listProviderOptions } from "@/lib/admin/users";
import { queryString, readSearchParams, type PageSearchParams } from "@/lib/admin/search-params";
import { Alert } from "@/components/ui/alert";
import { AdminNav } from "@/components/admin/admin-nav";
import { SessionFilterForm } from "@/components/admin/session-filter-form";
import { SessionsTable } from "@/components/admin/sessions-table";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const admin = await requirePageUser(["ADMIN"], "/admin/sessions");
  const query = await readSearchParams(searchParams, sessionListPageSchema);
  const input = query.ok ? query.data : {};
  const providers = await listProviderOptions();
  let page: SessionPage | null = null;
  let error = query.ok ? null : query.error;
  if (query.ok) {
    try {
      page = await listSessions(
        resolveSessionFilter(query.data, admin.timeZone),
        { cursor: query.data.cursor, limit: 50 },
        new Date(requestTime()),
      );
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const filterQuery = queryString(describeFilter(input));
  const links = sessionPageLinks(query.ok ? query.data : {}, page?.nextCursor ?? null);
  return (
    <section className="space-y-6">
      <AdminNav />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Sessions</h1>
          <p className="text-slate-700">Every visit with its wait, call and connection. Times in {admin.timeZone.replaceAll("_", " ")}.</p>
        </div>
        <a
          href={`/api/admin/sessions/export${filterQuery}`}
          download
          className="tap-button border border-slate-300 bg-white text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Export CSV
        </a>
      </div>
      <SessionFilterForm value={input} providers={providers} timeZone={admin.timeZone} />
      {error ? <Alert>{error}</Alert> : null}
      {page ? <SessionsTable sessions={page.sessions} timeZone={admin.timeZone} /> : null}
      <p className="text-xs text-slate-700">* No end was recorded: the duration runs to the last sign of the call.</p>
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {links.first ? (
          <Link href={links.first} className="tap-link text-brand-700 underline">
            First page
          </Link>
        ) : null}
        {links.previous ? (
          <Link href={links.previous} className="tap-link text-brand-700 underline">
            Previous page
          </Link>
        ) : null}
        {links.next ? (
          <Link href={links.next} className="tap-link text-brand-700 underline">
            Next page
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
