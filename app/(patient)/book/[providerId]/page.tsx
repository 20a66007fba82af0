import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page";
import { findBookableProvider } from "@/lib/providers/find-provider";
import { BookingForm } from "@/components/booking/booking-form";
import { getClinicContact } from "@/lib/clinic/contact";
import { noticeWords } from "@/lib/appointments/allowed-actions";

export const metadata: Metadata = { title: "Choose a time" };

type Props = { params: Promise<{ providerId: string }> };

export default async function ChooseTimePage({ params }: Props) {
  const { providerId } = await params;
  const user = await requirePageUser(["PATIENT"], `/book/${providerId}`);
  const provider = await findBookableProvider(providerId);
  if (!provider) notFound();
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Book with {provider.name}</h1>
        <p className="text-slate-700">
          {provider.specialty} · {provider.visitMinutes}-minute video visit
        </p>
        <p className="text-sm text-slate-700">
          You can move or cancel a visit online up to {noticeWords(provider.cancelNoticeMinutes)} before it starts.
        </p>
      </div>
      <BookingForm
        provider={{ id: provider.id, name: provider.name, timeZone: provider.timeZone, cancelNoticeMinutes: provider.cancelNoticeMinutes }}
        viewerTimeZone={user.timeZone}
        contact={await getClinicContact()}
      />
    </section>
  );
}
