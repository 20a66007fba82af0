import type { Minute, ScheduleException, WeeklyRule } from "./types";
import type { LocalDate } from "./zoned-time";
import { weekdayOf } from "./zoned-time";

type Span = [Minute, Minute];

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function subtract(spans: Span[], cut: Span): Span[] {
  const [cs, ce] = cut;
  return spans.flatMap(([s, e]): Span[] => {
    if (ce <= s || cs >= e) return [[s, e]];
    const pieces: Span[] = [];
    if (cs > s) pieces.push([s, cs]);
    if (ce < e) pieces.push([ce, e]);
    return pieces;
  });
}

/** The provider's open spans on one local date: weekly hours plus extra hours, minus time off. */
export function openingsOn(date: LocalDate, rules: WeeklyRule[], exceptions: ScheduleException[]): Span[] {
  const weekday = weekdayOf(date);
  let spans = merge([
    ...rules.filter((r) => r.weekday === weekday).map((r): Span => [r.startMinute, r.endMinute]),
    ...exceptions.filter((x) => x.kind === "EXTRA" && x.date === date).map((x): Span => [x.startMinute ?? 0, x.endMinute ?? 0]),
  ]);
  for (const off of exceptions.filter((x) => x.kind === "TIME_OFF" && x.date === date)) {
    spans = subtract(spans, [off.startMinute ?? 0, off.endMinute ?? 1440]);
  }
  return spans;
}
