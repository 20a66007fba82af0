"use client";

import { useState } from "react";
import type { ClinicContact } from "@/lib/clinic/clinic-contact-input";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { sendJson } from "@/lib/api-client/send-json";

/** Providers and admins keep the clinic's phone, email and hours; patients see them when they must get in touch. */
export function ClinicContactForm({ initial }: { initial: ClinicContact }) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setStatus(null);
    setFields({});
    const result = await sendJson<unknown>("/api/clinic/contact", "PUT", {
      phone: String(form.get("phone") ?? ""),
      email: String(form.get("email") ?? ""),
      hours: String(form.get("hours") ?? ""),
    });
    setPending(false);
    if (result.ok) return setStatus({ tone: "success", text: "Saved. Patients now see these contact details." });
    setFields(result.fields);
    setStatus({ tone: "error", text: result.error });
  }

  return (
    <form
      onSubmit={save}
      aria-labelledby="clinic-contact-heading"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      noValidate
    >
      <div>
        <h2 id="clinic-contact-heading" className="text-lg font-semibold">
          Clinic contact details
        </h2>
        <p className="text-sm text-slate-700">
          Patients see these whenever they need to get in touch, for example when a visit is too close to move online.
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Phone"
          name="phone"
          type="tel"
          autoComplete="tel"
          defaultValue={initial.phone}
          error={fields.phone}
          onChange={() => setStatus(null)}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={initial.email}
          error={fields.email}
          onChange={() => setStatus(null)}
        />
      </div>
      <Field
        label="Opening hours"
        name="hours"
        hint="For example: Mon-Fri 08:00-18:00"
        defaultValue={initial.hours}
        error={fields.hours}
        maxLength={200}
        onChange={() => setStatus(null)}
      />
      {status ? <Alert tone={status.tone}>{status.text}</Alert> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save contact details"}
      </Button>
    </form>
  );
}
