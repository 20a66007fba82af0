import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/session";
import { homePathFor } from "@/lib/auth/home";
import { enabledOAuthProviders } from "@/lib/auth/options";
import { safeReturnPath } from "@/lib/auth/safe-return";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  const user = await currentUser();
  if (user) redirect(returnTo ?? homePathFor(user.role));
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <SignInForm
        returnTo={returnTo}
        oauthProviders={enabledOAuthProviders()}
        oauthError={typeof params.error === "string" ? params.error : null}
      />
      <p className="text-sm text-slate-700">
        New patient?{" "}
        <Link href="/sign-up" className="tap-inline text-brand-700 underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
