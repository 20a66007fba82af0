import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { currentUser } from "@/lib/auth/session";
import { homePathFor } from "@/lib/auth/home";
import { allTimeZones } from "@/lib/time-zone";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  const user = await currentUser();
  if (user) redirect(homePathFor(user.role));
  return (
    <div className="mx-auto max-w-md space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Create a patient account</h1>
        <p className="mt-1 text-sm text-slate-700">Book visits with your provider and join them from this browser.</p>
      </div>
      <SignUpForm timeZones={allTimeZones()} />
      <p className="text-sm text-slate-700">
        Already have an account?{" "}
        <Link href="/sign-in" className="tap-inline text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
