import Link from "next/link";

export default function NotFound() {
  return (
    <section className="mx-auto max-w-md space-y-3 text-center">
      <h1 className="text-2xl font-semibold">We couldn&apos;t find that page</h1>
      <p className="text-slate-700">The link may be old, or the page may belong to someone else.</p>
      <Link href="/" className="tap-link text-brand-700 underline">
        Go to my home page
      </Link>
    </section>
  );
}
