import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { homePathFor } from "@/lib/auth/home";

export default async function Home() {
  const user = await currentUser();
  if (user) redirect(homePathFor(user.role));
  return (
    <section className="mx-auto max-w-2xl space-y-6 py-10 text-center">
      <h1 className="text-4xl font-bold tracking-tight">See your provider by video, from your browser.</h1>
      <p className="text-lg text-slate-700">
        Book a time that suits you, check your camera and microphone before the visit, and know what is happening
        while you wait. Nothing to download.
      </p>
      <div className="flex justify-center gap-3">
        <Link href="/sign-up" className="rounded-md bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700">
          Create a patient account
        </Link>
        <Link href="/sign-in" className="rounded-md border border-slate-300 bg-white px-5 py-2.5 font-medium hover:bg-slate-50">
          Sign in
        </Link>
      </div>
    </section>
  );
}
