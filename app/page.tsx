import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { homePathFor } from "@/lib/auth/home";

export default async function Home() {
  const user = await currentUser();
  if (user) redirect(homePathFor(user.role));
  return (
    <section className="mx-auto max-w-2xl space-y-8 py-10 text-center">
      <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">See your provider by video, from your browser.</h1>
      <p className="text-lg text-slate-700">
        Book a time that suits you, check your camera and microphone before the visit, and know what is happening while you wait. Nothing to
        download.
      </p>
      <div className="flex flex-wrap justify-center gap-3">
        <Link href="/sign-up" className="tap-button bg-brand-600 px-5 font-medium text-white hover:bg-brand-700">
          Create a patient account
        </Link>
        <Link href="/sign-in" className="tap-button border border-slate-300 bg-white px-5 font-medium hover:bg-slate-50">
          Sign in
        </Link>
      </div>
      <section aria-labelledby="call-privacy" className="rounded-lg border border-slate-200 bg-white p-5 text-left">
        <h2 id="call-privacy" className="text-lg font-semibold">
          What happens to your call
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700">
          <li>
            Your sound and picture go directly between your browser and your provider&apos;s, or through the clinic&apos;s own relay when a
            network blocks the direct way.
          </li>
          <li>Nothing is recorded.</li>
          <li>Chat messages are not stored: they are gone when the call ends.</li>
        </ul>
      </section>
    </section>
  );
}
