import type { Metadata } from "next";
import Link from "next/link";
import { getClinicContact } from "@/lib/clinic/contact";
import { ClinicContactDetails } from "@/components/clinic/clinic-contact";
import { linkProblemText, type LinkProblem } from "@/lib/visit-links/link-rules";

export const metadata: Metadata = { title: "Visit link", referrer: "no-referrer" };

const extra = {
  busy: {
    title: "Please wait a few minutes",
    body: "Many visit links were opened from this network in a short time. Wait a few minutes, then open your link again.",
  },
  error: { title: "Something went wrong", body: "We could not open your visit just now. Please try your link again in a moment." },
};

type Props = { searchParams: Promise<{ problem?: string }> };

export default async function JoinProblemPage({ searchParams }: Props) {
  const problem = (await searchParams).problem ?? "unknown";
  const text =
    problem in linkProblemText
      ? linkProblemText[problem as LinkProblem]
      : problem in extra
        ? extra[problem as keyof typeof extra]
        : linkProblemText.unknown;
  // The database may be the very thing that is down (problem "error"): the page still says what to do.
  const contact = await getClinicContact().catch(() => null);
  return (
    <section className="mx-auto max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-2xl font-semibold">{text.title}</h1>
      <p className="text-lg text-slate-700">{text.body}</p>
      <p className="text-lg text-slate-700">
        {contact && (contact.phone || contact.email) ? (
          <ClinicContactDetails contact={contact} lead="If you need help, contact the clinic" />
        ) : (
          <>If you need help, contact the clinic that booked your visit. Their details are in the email that brought you here.</>
        )}
      </p>
      <p>
        <Link
          href="/sign-in"
          className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-5 text-lg font-medium text-white hover:bg-brand-700"
        >
          Sign in instead
        </Link>
      </p>
    </section>
  );
}
