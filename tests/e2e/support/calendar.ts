import ICAL from "ical.js";

export type ServedCalendar = {
  method: string;
  uid: string;
  sequence: number;
  status: string;
  tzid: string | null;
  /** Whether the file carries the VTIMEZONE that its DTSTART's TZID names. */
  hasTimezone: boolean;
  /** DTSTART and DTEND as instants, resolved through the file's own VTIMEZONE. */
  start: string;
  end: string;
};

/**
 * Reads a calendar file with ical.js, a parser we did not write, as Outlook or an Android calendar would:
 * the zone's rules come from the file's VTIMEZONE alone (nothing is registered beforehand).
 */
export function readServedCalendar(text: string): ServedCalendar {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents("vevent");
  if (events.length !== 1) throw new Error(`expected one VEVENT, found ${events.length}`);
  const vevent = events[0]!;
  const tzid = vevent.getFirstProperty("dtstart")?.getParameter("tzid");
  const zones = calendar.getAllSubcomponents("vtimezone");
  const zone = zones.find((z) => z.getFirstPropertyValue("tzid") === tzid);
  for (const z of zones) ICAL.TimezoneService.register(z);
  try {
    const event = new ICAL.Event(vevent);
    return {
      method: String(calendar.getFirstPropertyValue("method")),
      uid: event.uid,
      sequence: event.sequence,
      status: String(vevent.getFirstPropertyValue("status")),
      tzid: typeof tzid === "string" ? tzid : null,
      hasTimezone: zone !== undefined,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
    };
  } finally {
    for (const z of zones) ICAL.TimezoneService.remove(String(z.getFirstPropertyValue("tzid")));
  }
}
