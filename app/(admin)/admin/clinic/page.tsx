import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { getClinicContact } from "@/lib/clinic/contact";
import { AdminNav } from "@/components/admin/admin-nav";
import { ClinicContactForm } from "@/components/clinic/clinic-contact-form";

export const metadata: Metadata = { title: "Clinic" };

export default async function ClinicPage() {
  await requirePageUser(["ADMIN"], "/admin/clinic");
  return (
    <section className="space-y-6">
      <AdminNav />
      <h1 className="text-2xl font-semibold">Clinic</h1>
      <ClinicContactForm initial={await getClinicContact()} />
    </section>
  );
}
