import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page";
import { listProviders } from "@/lib/providers/list-providers";
import { formatInZone } from "@/lib/format-time";

export const metadata: Metadata = { title: "Book a visit" };

export default async function BookPage() {
  const user = await requirePageUser(["PATIENT"], "/book");
  const providers = await listProviders();
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Book a video visit</h1>
        <p className="text-slate-700">Times are shown in your time zone, {user.timeZone.replaceAll("_", " ")}.</p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2">
        {providers.map((p) => (
          <li key={p.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="text-lg font-semibold">{p.name}</h2>
            <p className="text-slate-700">{p.specialty}</p>
            <p className="mt-2 text-sm text-slate-700">
              {p.nextFreeSlot ? (
                <>Next free: {formatInZone(new Date(p.nextFreeSlot), user.timeZone)}</>
              ) : (
                "No free times in the next two weeks"
              )}
            </p>
            <Link
              href={`/book/${p.id}`}
              className="tap-button mt-3 bg-brand-600 text-sm font-medium text-white hover:bg-brand-700"
              aria-label={`See free times with ${p.name}`}
            >
              See free times
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
