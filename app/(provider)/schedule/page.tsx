import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProviderNav } from "@/components/provider/provider-nav";
import { ScheduleManager } from "@/components/schedule/schedule-manager";
import { zoneLabel } from "@/components/schedule/format";
import { requirePageUser } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { getSchedule, type ScheduleView } from "@/lib/working-hours/get-schedule";
import { getClinicContact } from "@/lib/clinic/contact";
import { ClinicContactForm } from "@/components/clinic/clinic-contact-form";

export const metadata: Metadata = { title: "Schedule" };

export default async function SchedulePage() {
  const user = await requirePageUser(["PROVIDER"], "/schedule");
  let view: ScheduleView;
  try {
    view = await getSchedule(user.id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <>
      <ProviderNav />
      <section className="space-y-6" aria-labelledby="schedule-heading">
        <div className="space-y-2">
          <h1 id="schedule-heading" className="text-2xl font-semibold">
            Schedule
          </h1>
          <p className="text-slate-700">
            When patients can book you. Your time zone: <strong>{zoneLabel(view.timeZone)}</strong>.
          </p>
        </div>
        <ScheduleManager initial={view} />
        <ClinicContactForm initial={await getClinicContact()} />
      </section>
    </>
  );
}
