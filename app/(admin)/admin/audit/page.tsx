import type { Metadata } from "next";
import Link from "next/link";
import { z } from "@/lib/validation/zod";
import { requirePageUser } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { formatInZone } from "@/lib/format-time";
import { AUDIT_ACTIONS, listAudit, type AuditRecord } from "@/lib/admin/audit";
import { readSearchParams, type PageSearchParams } from "@/lib/admin/search-params";
import { Alert } from "@/components/ui/alert";
import { AdminNav } from "@/components/admin/admin-nav";

export const metadata: Metadata = { title: "Audit" };

const th = "px-3 py-2 text-left text-xs font-semibold text-slate-800";
const td = "px-3 py-2 align-top text-sm text-slate-900";
const querySchema = z.object({ before: z.string().max(20).optional() });

function details(entry: AuditRecord): string {
  const filter = entry.filter && typeof entry.filter === "object" ? (entry.filter as Record<string, unknown>) : {};
  if (entry.action === "user.role" && filter.from && filter.to)
    return `From ${String(filter.from)} to ${String(filter.to)} (${String(filter.email ?? "")})`;
  return (
    Object.entries(filter)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(", ") || "—"
  );
}

/** Who or what it was about, by name; a session links to its review. */
function About({ entry }: { entry: AuditRecord }) {
  const name = entry.targetName ?? entry.targetId;
  if (!name) return <>—</>;
  if (entry.action === "session.view" && entry.targetId) {
    return (
      <Link className="tap-link text-brand-700 underline" href={`/admin/sessions/${entry.targetId}`} data-target-id={entry.targetId}>
        {name}
      </Link>
    );
  }
  return <span data-target-id={entry.targetId ?? undefined}>{name}</span>;
}

export default async function AuditPage({ searchParams }: { searchParams: PageSearchParams }) {
  const admin = await requirePageUser(["ADMIN"], "/admin/audit");
  const query = await readSearchParams(searchParams, querySchema);
  let error = query.ok ? null : query.error;
  let page: Awaited<ReturnType<typeof listAudit>> = { entries: [], nextBefore: null };
  try {
    page = await listAudit({ before: query.ok ? query.data.before : null, limit: 50 });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    error = e.message;
  }
  return (
    <section className="space-y-6">
      <AdminNav />
      <div>
        <h1 className="text-2xl font-semibold">Audit trail</h1>
        <p className="text-slate-700">
          Who opened or exported sessions, created providers, changed roles or access, newest first. Entries cannot be changed or removed.
        </p>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200">
          <caption className="sr-only">Audit entries, times in {admin.timeZone}</caption>
          <thead className="bg-slate-50">
            <tr>
              {["When", "Who", "What", "About", "Details"].map((h) => (
                <th key={h} scope="col" className={th}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.entries.map((e) => (
              <tr key={e.id} data-audit={e.action}>
                <td className={td}>{formatInZone(e.at, admin.timeZone)}</td>
                <td className={td}>
                  {e.actorName ? (
                    <>
                      {e.actorName}
                      <br />
                      <span className="text-xs text-slate-600">{e.actorEmail}</span>
                    </>
                  ) : (
                    e.actorEmail
                  )}
                </td>
                <td className={td}>{AUDIT_ACTIONS[e.action as keyof typeof AUDIT_ACTIONS] ?? e.action}</td>
                <td className={td}>
                  <About entry={e} />
                </td>
                <td className={td}>{details(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.entries.length === 0 ? <p className="text-slate-700">Nothing recorded yet.</p> : null}
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {query.ok && query.data.before ? (
          <Link href="/admin/audit" className="tap-link text-brand-700 underline">
            Newest
          </Link>
        ) : null}
        {page.nextBefore ? (
          <Link href={`/admin/audit?before=${page.nextBefore}`} className="tap-link text-brand-700 underline">
            Older entries
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
