"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

type Props = { returnTo: string | null; oauthProviders: { id: string; name: string }[]; oauthError: string | null };

export function SignInForm({ returnTo, oauthProviders, oauthError }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(
    oauthError ? "That account could not be signed in. Use an email that your clinic has registered." : null,
  );
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      setError(
        result?.status === 429
          ? "Too many attempts. Please wait a minute and try again."
          : "That email and password don't match an active account.",
      );
      return;
    }
    router.replace(returnTo ?? "/");
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" noValidate>
        {error && <Alert>{error}</Alert>}
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {oauthProviders.map((p) => (
        <Button key={p.id} variant="secondary" className="w-full" onClick={() => void signIn(p.id, { callbackUrl: returnTo ?? "/" })}>
          Continue with {p.name}
        </Button>
      ))}
    </div>
  );
}
