import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="mx-auto max-w-md space-y-3 text-center">
      <h1 className="text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="text-slate-700">It belongs to another kind of account. Go back to your own home page.</p>
      <Link href="/" className="tap-link text-brand-700 underline">
        Go to my home page
      </Link>
    </section>
  );
}
