"use client";

import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { BookingSettingsFields, settingsDraft, settingsPayload, type SettingsDraft } from "@/components/schedule/booking-settings-fields";
import { WeeklyHoursEditor, type WeekRows } from "@/components/schedule/weekly-hours-editor";
import { sendJson } from "@/lib/api-client/send-json";
import { zoneLabel } from "@/components/schedule/format";
import { WEEKDAY_KEYS, type WeekdayKey } from "@/lib/working-hours/clock-time";
import type { ScheduleView } from "@/lib/working-hours/get-schedule";

/** Rows for the editor; "24:00" (end of day) is shown as "00:00", which a time input can display. */
function rowsFrom(weekly: ScheduleView["weekly"]): WeekRows {
  return Object.fromEntries(
    WEEKDAY_KEYS.map((day) => [
      day,
      weekly[day].map((i, index) => ({ key: `${day}-${index}-${i.start}`, start: i.start, end: i.end === "24:00" ? "00:00" : i.end })),
    ]),
  ) as WeekRows;
}

function weeklyPayload(rows: WeekRows) {
  return Object.fromEntries(WEEKDAY_KEYS.map((day: WeekdayKey) => [day, rows[day].map(({ start, end }) => ({ start, end }))]));
}

type Status = { tone: "success" | "error"; text: string } | null;

/** Weekly hours and booking settings, saved together with one PUT (one transaction on the server). */
export function WeeklyScheduleForm({ view, onSaved }: { view: ScheduleView; onSaved: (view: ScheduleView) => void }) {
  const [rows, setRows] = useState<WeekRows>(() => rowsFrom(view.weekly));
  const [settings, setSettings] = useState<SettingsDraft>(() => settingsDraft(view.settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>(null);
  const [pending, setPending] = useState(false);
  const counter = useRef(0);
  const newKey = () => `new-${++counter.current}`;

  function changeRows(next: WeekRows) {
    setRows(next);
    // Row positions shift when rows come and go, so old messages could point at the wrong row.
    if (Object.values(next).some((day, i) => day.length !== Object.values(rows)[i]?.length)) setErrors({});
    setStatus(null);
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setStatus(null);
    const result = await sendJson<ScheduleView>("/api/provider/schedule", "PUT", {
      weekly: weeklyPayload(rows),
      settings: settingsPayload(settings),
    });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fields);
      setStatus({
        tone: "error",
        text: result.status === 422 ? "Nothing was saved. Please correct the fields marked below." : `Nothing was saved. ${result.error}`,
      });
      return;
    }
    const saved = result.data;
    setErrors({});
    setRows(rowsFrom(saved.weekly));
    setSettings(settingsDraft(saved.settings));
    const outside = saved.uncovered.length;
    setStatus({
      tone: "success",
      text:
        outside === 0
          ? "Saved. All upcoming appointments are within your hours."
          : `Saved. ${outside} booked appointment${outside === 1 ? " is" : "s are"} now outside your hours: see “Appointments outside your hours”. Nothing was cancelled.`,
    });
    onSaved(saved);
  }

  const general = errors.weekly ?? errors.settings ?? errors.body;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-8">
      <section className="space-y-3" aria-labelledby="weekly-hours-heading">
        <h2 id="weekly-hours-heading" className="text-xl font-semibold">
          Weekly hours
        </h2>
        <p id="weekly-hours-hint" className="text-sm text-slate-700">
          Times are in your time zone, <strong>{zoneLabel(view.timeZone)}</strong>. Use 5-minute steps; an end time of 00:00 means midnight
          at the end of the day. A day may have several intervals, such as 09:00–12:00 and 13:00–17:00, but they must not overlap.
        </p>
        {general && <Alert>{general}</Alert>}
        <WeeklyHoursEditor
          rows={rows}
          onChange={changeRows}
          errors={errors}
          disabled={pending}
          hintId="weekly-hours-hint"
          newKey={newKey}
        />
      </section>
      <section className="space-y-3" aria-labelledby="booking-settings-heading">
        <h2 id="booking-settings-heading" className="text-xl font-semibold">
          Booking settings
        </h2>
        <BookingSettingsFields draft={settings} onChange={(d) => (setSettings(d), setStatus(null))} errors={errors} disabled={pending} />
      </section>
      <div className="space-y-3">
        <p className="text-sm text-slate-700">Saving never cancels or moves booked appointments.</p>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save hours and settings"}
        </Button>
        {status && <Alert tone={status.tone}>{status.text}</Alert>}
      </div>
    </form>
  );
}
