"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { sendJson } from "@/lib/api-client/send-json";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

/** Creates a provider with a profile and a temporary password to hand over. */
export function CreateProviderForm({ timeZones }: { timeZones: string[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = Object.fromEntries(["name", "email", "password", "timeZone", "specialty"].map((k) => [k, String(form.get(k) ?? "")]));
    setPending(true);
    setError(null);
    setFields({});
    setDone(null);
    const result = await sendJson<{ name: string; email: string }>("/api/admin/users", "POST", body);
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      setFields(result.fields);
      return;
    }
    formElement.reset();
    setDone(`${result.data.name} can now sign in as ${result.data.email} with the temporary password.`);
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2"
      noValidate
      aria-label="New provider"
    >
      <div className="sm:col-span-2">{error ? <Alert>{error}</Alert> : done ? <Alert tone="success">{done}</Alert> : null}</div>
      <Field label="Full name" name="name" id="new-provider-name" required maxLength={120} error={fields.name} />
      <Field label="Email" name="email" id="new-provider-email" type="email" required error={fields.email} />
      <Field
        label="Temporary password"
        name="password"
        id="new-provider-password"
        type="text"
        autoComplete="off"
        required
        minLength={10}
        hint="At least 10 characters; share it privately."
        error={fields.password}
      />
      <Field label="Specialty" name="specialty" id="new-provider-specialty" required maxLength={120} error={fields.specialty} />
      <div className="space-y-1">
        <label htmlFor="new-provider-tz" className="block text-sm font-medium text-slate-800">
          Time zone
        </label>
        <select
          id="new-provider-tz"
          name="timeZone"
          defaultValue="Europe/London"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          aria-describedby={fields.timeZone ? "new-provider-tz-error" : undefined}
        >
          {timeZones.map((tz) => (
            <option key={tz} value={tz}>
              {tz.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        {fields.timeZone ? (
          <p id="new-provider-tz-error" className="text-sm text-red-700">
            {fields.timeZone}
          </p>
        ) : null}
      </div>
      <div className="flex items-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create provider"}
        </Button>
      </div>
    </form>
  );
}
