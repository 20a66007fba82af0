"use client";

import type { Account } from "@/lib/users/account";
import { Field } from "@/components/ui/field";
import { JsonForm } from "@/components/account/json-form";

export function ProfileForm({ account, timeZones }: { account: Account; timeZones: string[] }) {
  return (
    <JsonForm
      title="Your details"
      url="/api/account"
      method="PATCH"
      names={["name", "phone", "dateOfBirth", "timeZone"]}
      submit="Save my details"
      success="Your details are saved."
    >
      {(errors) => (
        <>
          <Field
            label="Full name"
            name="name"
            autoComplete="name"
            required
            maxLength={120}
            defaultValue={account.name}
            error={errors.name}
          />
          <Field
            label="Phone (optional)"
            name="phone"
            type="tel"
            autoComplete="tel"
            defaultValue={account.phone ?? ""}
            error={errors.phone}
            hint="The clinic may call you on it if a video visit cannot go ahead."
          />
          <Field
            label="Date of birth (optional)"
            name="dateOfBirth"
            type="date"
            autoComplete="bday"
            defaultValue={account.dateOfBirth ?? ""}
            error={errors.dateOfBirth}
            hint="Your provider sees it, to confirm who they are seeing."
          />
          <div className="space-y-1">
            <label htmlFor="account-time-zone" className="block text-sm font-medium text-slate-800">
              Your time zone
            </label>
            <select
              id="account-time-zone"
              name="timeZone"
              defaultValue={account.timeZone}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
            >
              {[...new Set([account.timeZone, ...timeZones])].map((tz) => (
                <option key={tz} value={tz}>
                  {tz.replaceAll("_", " ")}
                </option>
              ))}
            </select>
            {errors.timeZone ? <p className="text-sm text-red-700">{errors.timeZone}</p> : null}
          </div>
        </>
      )}
    </JsonForm>
  );
}

export function EmailForm({ account }: { account: Account }) {
  return (
    <JsonForm
      title="Email address"
      url="/api/account/email"
      method="POST"
      names={["email", "currentPassword"]}
      submit="Change my email"
      success="Your email address is changed. Use it the next time you sign in."
      resetOnSuccess
    >
      {(errors) => (
        <>
          <p className="text-sm text-slate-700">
            You sign in with <strong data-current-email>{account.email}</strong>.
          </p>
          <Field
            label="New email address"
            name="email"
            id="account-new-email"
            type="email"
            autoComplete="email"
            required
            error={errors.email}
          />
          <Field
            label="Current password"
            name="currentPassword"
            id="account-email-password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.currentPassword}
          />
        </>
      )}
    </JsonForm>
  );
}

export function PasswordForm() {
  return (
    <JsonForm
      title="Password"
      url="/api/account/password"
      method="POST"
      names={["currentPassword", "newPassword"]}
      submit="Change my password"
      success="Your password is changed."
      resetOnSuccess
    >
      {(errors) => (
        <>
          <Field
            label="Current password"
            name="currentPassword"
            id="account-current-password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.currentPassword}
          />
          <Field
            label="New password"
            name="newPassword"
            id="account-new-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            hint="At least 10 characters."
            error={errors.newPassword}
          />
        </>
      )}
    </JsonForm>
  );
}
