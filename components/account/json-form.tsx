"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { sendJson } from "@/lib/api-client/send-json";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

type Props = {
  title: string;
  url: string;
  method: "PATCH" | "POST";
  names: string[];
  submit: string;
  success: string;
  /** Clear the form once saved (passwords are never left in the page). */
  resetOnSuccess?: boolean;
  children: (errors: Record<string, string>) => React.ReactNode;
};

/** One small form of the account page: sends its fields as JSON, shows each refusal beside its field, says when it is saved. */
export function JsonForm({ title, url, method, names, submit, success, resetOnSuccess, children }: Props) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const id = `form-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    setPending(true);
    setStatus(null);
    setErrors({});
    const result = await sendJson(url, method, Object.fromEntries(names.map((n) => [n, String(form.get(n) ?? "")])));
    setPending(false);
    if (result.ok) {
      if (resetOnSuccess) element.reset();
      setStatus({ tone: "success", text: success });
      router.refresh();
      return;
    }
    setErrors(result.fields);
    setStatus({ tone: "error", text: Object.keys(result.fields).length > 0 ? "Please check the details marked below." : result.error });
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-labelledby={id}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      noValidate
    >
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children(errors)}
      {status ? <Alert tone={status.tone}>{status.text}</Alert> : null}
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {pending ? "Saving…" : submit}
      </Button>
    </form>
  );
}
