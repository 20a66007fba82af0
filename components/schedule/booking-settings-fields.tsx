"use client";

import { Field } from "@/components/ui/field";

/** The settings as typed into the form: strings, with both notices in hours. */
export type SettingsDraft = {
  visitMinutes: string;
  bufferMinutes: string;
  minNoticeHours: string;
  horizonDays: string;
  cancelNoticeHours: string;
  /** Hours before the visit, comma-separated ("24, 1"); empty for no reminders. */
  reminderHours: string;
};

export type SettingsValues = {
  visitMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  cancelNoticeMinutes: number;
  reminderMinutes?: number[];
};

/** Minutes → hours for display, to two decimals at most (90 → "1.5"); reading back rounds to whole minutes. */
const hours = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);

export function settingsDraft(values: SettingsValues): SettingsDraft {
  return {
    visitMinutes: String(values.visitMinutes),
    bufferMinutes: String(values.bufferMinutes),
    minNoticeHours: hours(values.minNoticeMinutes),
    horizonDays: String(values.horizonDays),
    cancelNoticeHours: hours(values.cancelNoticeMinutes),
    reminderHours: (values.reminderMinutes ?? []).map(hours).join(", "),
  };
}

/** A number for the API, or null for an empty or non-numeric field (the server then names the field). */
function toNumber(text: string, scale = 1): number | null {
  if (text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? Math.round(n * scale * 1e6) / 1e6 : null;
}

/** The settings as the API expects them; notices typed in hours are sent in whole minutes. */
export function settingsPayload(draft: SettingsDraft) {
  const minutes = (text: string) => {
    const n = toNumber(text, 60);
    return n === null ? null : Math.round(n);
  };
  return {
    visitMinutes: toNumber(draft.visitMinutes),
    bufferMinutes: toNumber(draft.bufferMinutes),
    minNoticeMinutes: minutes(draft.minNoticeHours),
    horizonDays: toNumber(draft.horizonDays),
    cancelNoticeMinutes: minutes(draft.cancelNoticeHours),
    // Anything that is not a number is sent as is, so the server names the field in its answer.
    reminderMinutes: draft.reminderHours
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((text) => minutes(text) ?? text),
  };
}

type Props = { draft: SettingsDraft; onChange: (draft: SettingsDraft) => void; errors: Record<string, string>; disabled?: boolean };

/** Visit length, buffer, notice and horizon: how new bookings are laid out in the weekly hours. */
export function BookingSettingsFields({ draft, onChange, errors, disabled }: Props) {
  const set = (key: keyof SettingsDraft) => (event: React.ChangeEvent<HTMLInputElement>) =>
    onChange({ ...draft, [key]: event.target.value });
  const common = { type: "number", inputMode: "decimal" as const, disabled, required: true };
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        {...common}
        label="Visit length (minutes)"
        name="visitMinutes"
        min={10}
        max={180}
        step={5}
        value={draft.visitMinutes}
        onChange={set("visitMinutes")}
        hint="10 to 180 minutes."
        error={errors["settings.visitMinutes"]}
      />
      <Field
        {...common}
        label="Buffer between visits (minutes)"
        name="bufferMinutes"
        min={0}
        max={60}
        step={5}
        value={draft.bufferMinutes}
        onChange={set("bufferMinutes")}
        hint="0 to 60 minutes of free time after each visit."
        error={errors["settings.bufferMinutes"]}
      />
      <Field
        {...common}
        label="Minimum notice (hours)"
        name="minNoticeHours"
        min={0}
        max={168}
        step={0.25}
        value={draft.minNoticeHours}
        onChange={set("minNoticeHours")}
        hint="How soon patients may book: 0 to 168 hours (7 days)."
        error={errors["settings.minNoticeMinutes"]}
      />
      <Field
        {...common}
        label="Booking horizon (days)"
        name="horizonDays"
        min={1}
        max={365}
        step={1}
        value={draft.horizonDays}
        onChange={set("horizonDays")}
        hint="How far ahead patients may book: 1 to 365 days."
        error={errors["settings.horizonDays"]}
      />
      <Field
        type="text"
        inputMode="decimal"
        disabled={disabled}
        label="Reminders (hours before the visit)"
        name="reminderHours"
        value={draft.reminderHours}
        onChange={set("reminderHours")}
        hint="Up to three, separated by commas, e.g. 24, 1. Patients get each by email with their join link; visits already booked follow the new times. Leave empty for none."
        error={errors["settings.reminderMinutes"] ?? Object.entries(errors).find(([k]) => k.startsWith("settings.reminderMinutes."))?.[1]}
      />
      <Field
        {...common}
        label="Minimum cancellation notice (hours)"
        name="cancelNoticeHours"
        min={0}
        max={168}
        step={0.25}
        value={draft.cancelNoticeHours}
        onChange={set("cancelNoticeHours")}
        hint="Patients may cancel or move a visit up to this long before it: 0 to 168 hours."
        error={errors["settings.cancelNoticeMinutes"]}
      />
    </div>
  );
}
