// Making an Intl.DateTimeFormat costs far more than using one (a burst of reminder emails spent most of its
// formatting time there), and the options in use are few: each is made once.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

/** Formats an instant on a given zone's wall clock, e.g. "Mon 9 Mar 2026, 09:00 (America/New_York)". */
export function formatInZone(
  instant: Date,
  timeZone: string,
  options: { withZone?: boolean; dateOnly?: boolean; timeOnly?: boolean } = {},
): string {
  const parts: Intl.DateTimeFormatOptions = options.timeOnly
    ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
    : options.dateOnly
      ? { weekday: "short", day: "numeric", month: "short", year: "numeric" }
      : { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  const text = formatter("en-GB", { ...parts, timeZone }).format(instant);
  return options.withZone ? `${text} (${timeZone.replaceAll("_", " ")})` : text;
}

/** The local calendar date "YYYY-MM-DD" of an instant in a zone. */
export function dateKeyInZone(instant: Date, timeZone: string): string {
  return formatter("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}
