import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { countUsersByRole } from "@/lib/users/count-users";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requirePageUser(["ADMIN"], "/admin");
  const counts = await countUsersByRole();
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Admin</h1>
      <dl className="grid grid-cols-3 gap-4">
        {(["PATIENT", "PROVIDER", "ADMIN"] as const).map((role) => (
          <div key={role} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">{{ PATIENT: "Patients", PROVIDER: "Providers", ADMIN: "Admins" }[role]}</dt>
            <dd className="text-2xl font-semibold">{counts[role]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
