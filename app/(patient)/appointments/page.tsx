import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "My appointments" };

export default async function AppointmentsPage() {
  const user = await requirePageUser(["PATIENT"], "/appointments");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">My appointments</h1>
      <p className="text-slate-700">
        Hello {user.name}. Times are shown in your time zone, <strong>{user.timeZone.replaceAll("_", " ")}</strong>.
      </p>
    </section>
  );
}
