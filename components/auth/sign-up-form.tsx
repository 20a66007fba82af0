"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { sendJson } from "@/lib/api-client/send-json";

export function SignUpForm({ timeZones }: { timeZones: string[] }) {
  const router = useRouter();
  const timeZoneRef = useRef<HTMLSelectElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  // The browser knows the patient's zone; the server render cannot, so it is preselected after hydration.
  useEffect(() => {
    const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (timeZoneRef.current && detected && timeZones.includes(detected)) timeZoneRef.current.value = detected;
  }, [timeZones]);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      timeZone: String(form.get("timeZone") ?? "UTC"),
      phone: String(form.get("phone") ?? ""),
      dateOfBirth: String(form.get("dateOfBirth") ?? ""),
    };
    setPending(true);
    setError(null);
    setFields({});
    const result = await sendJson<unknown>("/api/signup", "POST", body);
    if (!result.ok) {
      setPending(false);
      // Field messages appear beside their fields; the summary at the top only points at them.
      setError(Object.keys(result.fields).length > 0 ? "Please check the details marked below." : result.error);
      setFields(result.fields);
      return;
    }
    await signIn("credentials", { email: body.email, password: body.password, redirect: false });
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      {error && <Alert>{error}</Alert>}
      <Field label="Full name" name="name" autoComplete="name" required maxLength={120} error={fields.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        error={fields.password}
      />
      <Field label="Phone (optional)" name="phone" type="tel" autoComplete="tel" error={fields.phone} />
      <Field
        label="Date of birth (optional)"
        name="dateOfBirth"
        type="date"
        autoComplete="bday"
        error={fields.dateOfBirth}
        hint="Your provider sees it, to confirm who they are seeing."
      />
      <div className="space-y-1">
        <label htmlFor="field-timeZone" className="block text-sm font-medium text-slate-800">
          Your time zone
        </label>
        <select
          id="field-timeZone"
          name="timeZone"
          ref={timeZoneRef}
          defaultValue="UTC"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        >
          {[...new Set(["UTC", ...timeZones])].map((tz) => (
            <option key={tz} value={tz}>
              {tz.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        {fields.timeZone && <p className="text-sm text-red-700">{fields.timeZone}</p>}
      </div>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
