import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { db } from "@/lib/db";
import { AdminNav } from "@/components/admin/admin-nav";
import { BookForPatientForm } from "@/components/staff/book-for-patient-form";

export const metadata: Metadata = { title: "Book a visit" };

export default async function AdminBookPage() {
  const admin = await requirePageUser(["ADMIN"], "/admin/book");
  const providers = await db.user.findMany({
    where: { role: "PROVIDER", active: true, provider: { isNot: null } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, timeZone: true },
  });
  return (
    <section className="space-y-6">
      <AdminNav />
      <div>
        <h1 className="text-2xl font-semibold">Book a visit</h1>
        <p className="text-slate-700">For any provider, in their free times, for an existing or a new patient.</p>
      </div>
      {providers.length === 0 ? (
        <p>There are no active providers yet.</p>
      ) : (
        <BookForPatientForm providers={providers} staffTimeZone={admin.timeZone} />
      )}
    </section>
  );
}
