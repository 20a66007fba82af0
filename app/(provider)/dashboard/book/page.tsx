import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { ProviderNav } from "@/components/provider/provider-nav";
import { BookForPatientForm } from "@/components/staff/book-for-patient-form";

export const metadata: Metadata = { title: "Book a visit for a patient" };

export default async function ProviderBookPage() {
  const user = await requirePageUser(["PROVIDER"], "/dashboard/book");
  return (
    <section className="space-y-6">
      <ProviderNav />
      <div>
        <h1 className="text-2xl font-semibold">Book a visit for a patient</h1>
        <p className="text-slate-700">
          In your free times. The patient gets an email with a personal link that opens the visit with no password.
        </p>
      </div>
      <BookForPatientForm providers={[{ id: user.id, name: user.name, timeZone: user.timeZone }]} staffTimeZone={user.timeZone} />
    </section>
  );
}
