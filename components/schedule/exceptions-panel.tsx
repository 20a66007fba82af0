"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { sendJson } from "@/lib/api-client/send-json";
import { formatLocalDate } from "@/components/schedule/format";
import type { ExceptionView, ScheduleView } from "@/lib/working-hours/get-schedule";

type Kind = ExceptionView["kind"];

// The server allows notes of up to 200 characters (MAX_NOTE_LENGTH in lib/working-hours/working-hours-input.ts, not imported so that zod stays out of the browser bundle).
const NOTE_LENGTH = 200;

export function describeException(x: Pick<ExceptionView, "kind" | "start" | "end">): string {
  const hours = x.start && x.end ? `${x.start}–${x.end}` : "whole day";
  return x.kind === "EXTRA" ? `Extra hours, ${hours}` : `Time off, ${hours}`;
}

const timeInput =
  "block w-32 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-slate-900 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 disabled:bg-slate-100";

function TimeField({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        type="time"
        step={300}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={timeInput}
      />
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** Upcoming time off and extra hours, each removable, and a form to add one. */
export function ExceptionsPanel({ view, onChanged }: { view: ScheduleView; onChanged: (view: ScheduleView) => void }) {
  const [date, setDate] = useState("");
  const [kind, setKind] = useState<Kind>("TIME_OFF");
  const [wholeDay, setWholeDay] = useState(true);
  const [start, setStart] = useState("09:00");
  const [end, setEnd] = useState("17:00");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const showTimes = kind === "EXTRA" || !wholeDay;

  async function onAdd(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setStatus(null);
    const body = { date, kind, start: showTimes ? start : null, end: showTimes ? end : null, note };
    const result = await sendJson<{ id: string; schedule: ScheduleView }>("/api/provider/schedule/exceptions", "POST", body);
    setPending(false);
    if (!result.ok) {
      setErrors(result.fields);
      setStatus({
        tone: "error",
        text: result.status === 422 ? "Nothing was added. Please correct the fields marked below." : `Nothing was added. ${result.error}`,
      });
      return;
    }
    setErrors({});
    setNote("");
    setStatus({
      tone: "success",
      text: `Added: ${describeException({ kind, start: showTimes ? start : null, end: showTimes ? end : null })} on ${formatLocalDate(date)}.`,
    });
    onChanged(result.data.schedule);
  }

  async function onDelete(x: ExceptionView) {
    setStatus(null);
    setDeleting(x.id);
    const result = await sendJson<{ schedule: ScheduleView }>(`/api/provider/schedule/exceptions/${encodeURIComponent(x.id)}`, "DELETE");
    setDeleting(null);
    if (!result.ok) {
      setStatus({ tone: "error", text: result.error });
      return;
    }
    setStatus({ tone: "success", text: `Deleted: ${describeException(x)} on ${formatLocalDate(x.date)}.` });
    onChanged(result.data.schedule);
  }

  const formError = errors.body ?? errors.kind;
  return (
    <section className="space-y-4" aria-labelledby="exceptions-heading">
      <h2 id="exceptions-heading" className="text-xl font-semibold">
        Time off and extra hours
      </h2>
      <p className="text-sm text-slate-700">
        Dated changes to your weekly hours, in your time zone. Adding time off never cancels booked appointments.
      </p>

      <h3 className="text-lg font-semibold">Upcoming</h3>
      {view.exceptions.length === 0 ? (
        <p className="text-sm text-slate-600">No upcoming time off or extra hours.</p>
      ) : (
        <ul
          className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white"
          aria-label="Upcoming time off and extra hours"
        >
          {view.exceptions.map((x) => {
            const what = `${describeException(x)} on ${formatLocalDate(x.date)}`;
            return (
              <li key={x.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2">
                <div>
                  <p className="font-medium">
                    <time dateTime={x.date}>{formatLocalDate(x.date)}</time>: {describeException(x)}
                  </p>
                  {x.note && <p className="text-sm text-slate-700">{x.note}</p>}
                </div>
                <Button type="button" variant="secondary" className="px-3 py-1.5" disabled={deleting !== null} onClick={() => onDelete(x)}>
                  Delete<span className="sr-only"> {what}</span>
                </Button>
              </li>
            );
          })}
        </ul>
      )}

      <h3 className="text-lg font-semibold">Add time off or extra hours</h3>
      <form onSubmit={onAdd} noValidate className="space-y-4 rounded-md border border-slate-200 bg-white p-4">
        {formError && <Alert>{formError}</Alert>}
        <Field
          label="Date"
          name="date"
          id="exception-date"
          type="date"
          min={view.today}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          required
          error={errors.date}
        />
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-800">Type</legend>
          <div className="flex flex-wrap gap-4">
            {(
              [
                ["TIME_OFF", "Time off"],
                ["EXTRA", "Extra hours"],
              ] as const
            ).map(([value, text]) => (
              <label key={value} className="flex items-center gap-2 text-sm">
                <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
                {text}
              </label>
            ))}
          </div>
        </fieldset>
        {kind === "TIME_OFF" && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={wholeDay} onChange={(e) => setWholeDay(e.target.checked)} />
            Whole day
          </label>
        )}
        {showTimes && (
          <div className="flex flex-wrap gap-4">
            <TimeField id="exception-start" label="From" value={start} onChange={setStart} error={errors.start} />
            <TimeField id="exception-end" label="Until" value={end} onChange={setEnd} error={errors.end} />
          </div>
        )}
        <Field
          label="Note (optional)"
          name="note"
          id="exception-note"
          maxLength={NOTE_LENGTH}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={errors.note}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : kind === "EXTRA" ? "Add extra hours" : "Add time off"}
        </Button>
      </form>
      {status && <Alert tone={status.tone}>{status.text}</Alert>}
    </section>
  );
}
