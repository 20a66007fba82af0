import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { allTimeZones } from "@/lib/time-zone";
import { getAccount } from "@/lib/users/account";
import { EmailForm, PasswordForm, ProfileForm } from "@/components/account/account-forms";

export const metadata: Metadata = { title: "My account" };

export default async function AccountPage() {
  const user = await requirePageUser(["PATIENT"], "/account");
  const account = await getAccount(user);
  return (
    <section className="mx-auto max-w-xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">My account</h1>
        <p className="text-slate-700">Your clinic uses these details to confirm who it is seeing.</p>
      </div>
      <ProfileForm account={account} timeZones={allTimeZones()} />
      <EmailForm account={account} />
      <PasswordForm />
    </section>
  );
}
