"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { dateKeyInZone, formatInZone } from "@/lib/format-time";
import { TimeZoneSelect } from "@/components/booking/time-zone-select";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { sendJson } from "@/lib/api-client/send-json";

export type Slot = { start: string; end: string };
type Props = {
  providerId: string;
  providerTimeZone: string;
  viewerTimeZone: string;
  selected: string | null;
  onSelect: (start: string) => void;
  /** Changes to this number make the picker reload (e.g. after a slot was just taken). */
  reloadKey?: number;
  /** Weeks after today; given with onWeekChange, the caller keeps it (e.g. in the address). */
  week?: number;
  onWeekChange?: (week: number) => void;
  /** Called with each week's free times once they are loaded. */
  onSlotsLoaded?: (slots: Slot[]) => void;
};

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** A week of free times, grouped by day in the chosen time zone, with the zone always labelled. */
export function SlotPicker({
  providerId,
  providerTimeZone,
  viewerTimeZone,
  selected,
  onSelect,
  reloadKey = 0,
  week: controlledWeek,
  onWeekChange,
  onSlotsLoaded,
}: Props) {
  const [timeZone, setTimeZone] = useState(viewerTimeZone);
  const [openedAt] = useState(() => Date.now());
  const [ownWeek, setOwnWeek] = useState(0);
  const week = controlledWeek ?? ownWeek;
  const setWeek = (next: (w: number) => number) => (onWeekChange ? onWeekChange(next(week)) : setOwnWeek(next));
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loaded = useRef(onSlotsLoaded);
  useEffect(() => {
    loaded.current = onSlotsLoaded;
  });

  useEffect(() => {
    let cancelled = false;
    const from = openedAt + week * WEEK;
    void fetchSlots(providerId, new Date(from), new Date(from + WEEK)).then((result) => {
      if (cancelled) return;
      setError(result.error);
      setSlots(result.slots);
      loaded.current?.(result.slots);
    });
    return () => {
      cancelled = true;
    };
  }, [providerId, openedAt, week, reloadKey]);

  const days = useMemo(() => {
    const byDay = new Map<string, Slot[]>();
    for (const slot of slots ?? []) {
      const key = dateKeyInZone(new Date(slot.start), timeZone);
      byDay.set(key, [...(byDay.get(key) ?? []), slot]);
    }
    return [...byDay.entries()];
  }, [slots, timeZone]);

  const zoneOptions = [...new Set([viewerTimeZone, providerTimeZone, "UTC"])].map((tz) => ({
    value: tz,
    label: `${tz.replaceAll("_", " ")}${tz === viewerTimeZone ? " (yours)" : tz === providerTimeZone ? " (provider's)" : ""}`,
  }));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <TimeZoneSelect value={timeZone} onChange={setTimeZone} options={zoneOptions} />
        <div className="flex gap-2">
          <Button type="button" variant="secondary" disabled={week === 0} onClick={() => setWeek((w) => Math.max(0, w - 1))}>
            Earlier
          </Button>
          <Button type="button" variant="secondary" onClick={() => setWeek((w) => w + 1)}>
            Later
          </Button>
        </div>
      </div>
      {error && <Alert>{error}</Alert>}
      {slots === null ? (
        <p className="text-slate-600">Loading free times…</p>
      ) : days.length === 0 ? (
        <p className="text-slate-700">No free times in these seven days. Try later dates.</p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {days.map(([day, daySlots]) => (
            <fieldset key={day} className="rounded-lg border border-slate-200 bg-white p-3">
              <legend className="px-1 text-sm font-semibold">
                {formatInZone(new Date(daySlots[0]!.start), timeZone, { dateOnly: true })}
              </legend>
              <div className="flex flex-wrap gap-2">
                {daySlots.map((slot) => {
                  const isSelected = selected === slot.start;
                  return (
                    <button
                      key={slot.start}
                      type="button"
                      aria-pressed={isSelected}
                      data-start={slot.start}
                      onClick={() => onSelect(slot.start)}
                      className={`min-h-11 min-w-16 rounded-md border px-3 text-sm ${isSelected ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white hover:border-brand-600"}`}
                    >
                      {formatInZone(new Date(slot.start), timeZone, { timeOnly: true })}
                    </button>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </div>
      )}
    </div>
  );
}

async function fetchSlots(providerId: string, from: Date, to: Date): Promise<{ slots: Slot[]; error: string | null }> {
  const query = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  const result = await sendJson<{ slots: Slot[] }>(`/api/providers/${providerId}/slots?${query}`, "GET");
  return result.ok ? { slots: result.data.slots, error: null } : { slots: [], error: result.error };
}
