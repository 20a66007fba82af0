"use client";

import { Button } from "@/components/ui/button";
import { WEEK_ORDER, WEEKDAY_LABELS, type WeekdayKey } from "@/lib/working-hours/clock-time";

export type IntervalRow = { key: string; start: string; end: string };
export type WeekRows = Record<WeekdayKey, IntervalRow[]>;

type Props = {
  rows: WeekRows;
  onChange: (rows: WeekRows) => void;
  /** Field messages from the server, keyed like "weekly.monday.0.start". */
  errors: Record<string, string>;
  disabled?: boolean;
  hintId: string;
  newKey: () => string;
};

const timeInput =
  "block w-32 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-slate-900 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 aria-[invalid=true]:border-red-600";

/** Suggests the next interval: 09:00–17:00 on an empty day, else an hour after the last one ends. */
function nextInterval(existing: IntervalRow[]): Pick<IntervalRow, "start" | "end"> {
  const last = existing[existing.length - 1];
  if (!last) return { start: "09:00", end: "17:00" };
  const match = /^(\d{2}):(\d{2})/.exec(last.end);
  const lastEnd = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!Number.isFinite(lastEnd) || lastEnd === 0 || lastEnd > 21 * 60) return { start: "", end: "" };
  const start = lastEnd + 60;
  const end = Math.min(start + 120, 24 * 60);
  const clock = (m: number) =>
    m === 24 * 60 ? "00:00" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return { start: clock(start), end: clock(end) };
}

/** Weekly hours: for each weekday, any number of intervals, each with a start and an end time. */
export function WeeklyHoursEditor({ rows, onChange, errors, disabled, hintId, newKey }: Props) {
  const update = (day: WeekdayKey, next: IntervalRow[]) => onChange({ ...rows, [day]: next });

  return (
    <div className="space-y-3">
      {WEEK_ORDER.map((day) => {
        const label = WEEKDAY_LABELS[day];
        const intervals = rows[day];
        const dayError = errors[`weekly.${day}`];
        const dayErrorId = `weekly-${day}-error`;
        return (
          <fieldset
            key={day}
            className="rounded-md border border-slate-200 bg-white p-3"
            aria-describedby={dayError ? dayErrorId : undefined}
            data-testid={`weekly-${day}`}
          >
            <legend className="px-1 text-sm font-semibold text-slate-900">{label}</legend>
            {dayError && (
              <p id={dayErrorId} className="text-sm text-red-700">
                {dayError}
              </p>
            )}
            {intervals.length === 0 ? (
              <p className="text-sm text-slate-600">Closed</p>
            ) : (
              <ul className="space-y-2">
                {intervals.map((row, index) => {
                  const name = `${label} interval ${index + 1}`;
                  const base = `weekly-${day}-${index}`;
                  const startError = errors[`weekly.${day}.${index}.start`];
                  const endError = errors[`weekly.${day}.${index}.end`];
                  const rowError = errors[`weekly.${day}.${index}`];
                  const describe = (own: string | undefined, ownId: string) =>
                    [own ? ownId : null, rowError ? `${base}-error` : null, hintId].filter(Boolean).join(" ");
                  const set = (patch: Partial<IntervalRow>) =>
                    update(
                      day,
                      intervals.map((r) => (r.key === row.key ? { ...r, ...patch } : r)),
                    );
                  return (
                    <li key={row.key} className="flex flex-wrap items-end gap-3">
                      <div className="space-y-1">
                        <label htmlFor={`${base}-start`} className="block text-xs font-medium text-slate-700">
                          <span className="sr-only">{name} </span>Start
                        </label>
                        <input
                          id={`${base}-start`}
                          type="time"
                          step={300}
                          value={row.start}
                          disabled={disabled}
                          onChange={(e) => set({ start: e.target.value })}
                          aria-invalid={startError ? true : undefined}
                          aria-describedby={describe(startError, `${base}-start-error`)}
                          className={timeInput}
                        />
                      </div>
                      <div className="space-y-1">
                        <label htmlFor={`${base}-end`} className="block text-xs font-medium text-slate-700">
                          <span className="sr-only">{name} </span>End
                        </label>
                        <input
                          id={`${base}-end`}
                          type="time"
                          step={300}
                          value={row.end}
                          disabled={disabled}
                          onChange={(e) => set({ end: e.target.value })}
                          aria-invalid={endError ? true : undefined}
                          aria-describedby={describe(endError, `${base}-end-error`)}
                          className={timeInput}
                        />
                      </div>
                      <Button
                        type="button"
                        variant="secondary"
                        className="px-3 py-1.5"
                        disabled={disabled}
                        onClick={() =>
                          update(
                            day,
                            intervals.filter((r) => r.key !== row.key),
                          )
                        }
                      >
                        Remove<span className="sr-only"> {name}</span>
                      </Button>
                      {(startError || endError || rowError) && (
                        <div className="basis-full space-y-0.5 text-sm text-red-700">
                          {startError && <p id={`${base}-start-error`}>Start: {startError}</p>}
                          {endError && <p id={`${base}-end-error`}>End: {endError}</p>}
                          {rowError && <p id={`${base}-error`}>{rowError}</p>}
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
            <Button
              type="button"
              variant="secondary"
              className="mt-2 px-3 py-1.5"
              disabled={disabled}
              onClick={() => update(day, [...intervals, { key: newKey(), ...nextInterval(intervals) }])}
            >
              Add hours<span className="sr-only"> to {label}</span>
            </Button>
          </fieldset>
        );
      })}
    </div>
  );
}
