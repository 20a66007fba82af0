import type { Metadata } from "next";
import { SignOutButton } from "@/components/auth/sign-out-button";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <div className="mx-auto max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold">Sign out of Consult?</h1>
      <p className="text-sm text-slate-700">On a shared computer, always sign out when you are done.</p>
      <SignOutButton />
    </div>
  );
}
