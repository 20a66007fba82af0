import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser(["PROVIDER"], "/dashboard");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Today</h1>
      <p className="text-slate-700">
        {user.name}, your day is shown in <strong>{user.timeZone.replaceAll("_", " ")}</strong>.
      </p>
    </section>
  );
}
