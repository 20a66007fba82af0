import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page";
import { requestTime } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { formatInZone } from "@/lib/format-time";
import { loadSessionDetail } from "@/lib/admin/session-detail";
import { recordSessionView } from "@/lib/admin/audit";
import { AdminNav } from "@/components/admin/admin-nav";
import { SessionSummary } from "@/components/admin/session-summary";
import { QualityCharts } from "@/components/admin/quality-charts";
import { SessionTimeline } from "@/components/admin/session-timeline";

export const metadata: Metadata = { title: "Session" };

const statusWords = { SCHEDULED: "Scheduled", CANCELLED: "Cancelled", COMPLETED: "Completed", NO_SHOW: "No-show" } as const;

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requirePageUser(["ADMIN"], `/admin/sessions/${encodeURIComponent(id)}`);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  const detail = await loadSessionDetail(id, new Date(requestTime())).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  await recordSessionView(
    admin,
    { id, patientName: detail.patient.name, providerName: detail.provider.name, startsAt: detail.appointment.startsAt },
    "page",
  );
  const { appointment, patient, provider, figures, series, timeline } = detail;
  const tz = admin.timeZone;
  return (
    <section className="space-y-8">
      <AdminNav />
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/admin/sessions" className="tap-link text-brand-700 underline">
            Back to sessions
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">
          {patient.name} with {provider.name}
        </h1>
        <p className="text-slate-700">
          {formatInZone(appointment.startsAt, tz, { withZone: true })} · {statusWords[appointment.status]} · {appointment.reason}
          {appointment.cancelReason ? ` · Cancelled: ${appointment.cancelReason}` : ""}
        </p>
        <p className="text-xs text-slate-700">Your opening of this page is recorded in the audit trail.</p>
      </div>
      <SessionSummary figures={figures} />
      <section aria-labelledby="quality-title" className="space-y-3">
        <h2 id="quality-title" className="text-lg font-semibold">
          Call quality over time
        </h2>
        <QualityCharts series={series} timeZone={tz} names={{ patient: patient.name, provider: provider.name }} />
      </section>
      <section aria-labelledby="timeline-title" className="space-y-3">
        <h2 id="timeline-title" className="text-lg font-semibold">
          Timeline ({tz.replaceAll("_", " ")})
        </h2>
        <SessionTimeline items={timeline} timeZone={tz} />
      </section>
    </section>
  );
}
