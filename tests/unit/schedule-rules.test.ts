import { describe, expect, it } from "vitest";
import {
  clockInputValue,
  endMinuteOf,
  findOverlaps,
  formatClockTime,
  formatInterval,
  isOnClockStep,
  parseClockTime,
} from "@/lib/working-hours/clock-time";
import { exceptionSchema, weeklyScheduleSchema } from "@/lib/working-hours/working-hours-input";
import { findUncovered, openRanges, type Availability } from "@/lib/scheduling/uncovered";
import type { WeeklyRule } from "@/lib/scheduling/types";

const H = 60;
const interval = (start: number, end: number) => ({ startMinute: start, endMinute: end });

describe("clock times", () => {
  it("parses HH:MM into minutes since midnight, with 24:00 as the end of the day", () => {
    expect(parseClockTime("00:00")).toBe(0);
    expect(parseClockTime("09:05")).toBe(545);
    expect(parseClockTime("23:59")).toBe(1439);
    expect(parseClockTime("24:00")).toBe(1440);
    expect(parseClockTime("13:30:00")).toBe(810);
  });

  it("refuses anything else", () => {
    for (const bad of ["", "9:00", "24:05", "25:00", "12:60", "12:5", "noon", "12:00 ", " 12:00", "12:00:30", "-1:00", "1200"]) {
      expect(parseClockTime(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("reads an end time of 00:00 as the midnight that ends the day", () => {
    expect(endMinuteOf("00:00")).toBe(1440);
    expect(endMinuteOf("17:00")).toBe(1020);
    expect(endMinuteOf("x")).toBeNull();
    expect(clockInputValue(1440)).toBe("00:00");
    expect(clockInputValue(540)).toBe("09:00");
  });

  it("formats minutes back, round-tripping every minute of the day", () => {
    for (let m = 0; m <= 1440; m++) expect(parseClockTime(formatClockTime(m))).toBe(m);
    expect(formatClockTime(1440)).toBe("24:00");
    expect(formatInterval(interval(9 * H, 12 * H))).toBe("09:00–12:00");
    expect(() => formatClockTime(1441)).toThrow(RangeError);
    expect(() => formatClockTime(1.5)).toThrow(RangeError);
  });

  it("checks 5-minute boundaries", () => {
    expect(isOnClockStep(545)).toBe(true);
    expect(isOnClockStep(0)).toBe(true);
    expect(isOnClockStep(543)).toBe(false);
  });
});

describe("overlap detection", () => {
  it("finds none among separate or merely touching intervals, in any order", () => {
    expect(findOverlaps([])).toEqual([]);
    expect(findOverlaps([interval(13 * H, 17 * H), interval(9 * H, 12 * H)])).toEqual([]);
    expect(findOverlaps([interval(9 * H, 12 * H), interval(12 * H, 13 * H)])).toEqual([]);
  });

  it("reports each later interval against the earlier one it runs into, by input index", () => {
    expect(findOverlaps([interval(11 * H, 13 * H), interval(9 * H, 12 * H)])).toEqual([[1, 0]]);
    // 09-17 swallows both later ones; 10-11 and 12-13 do not overlap each other.
    expect(findOverlaps([interval(9 * H, 17 * H), interval(10 * H, 11 * H), interval(12 * H, 13 * H)])).toEqual([
      [0, 1],
      [0, 2],
    ]);
    expect(findOverlaps([interval(9 * H, 10 * H), interval(9 * H, 10 * H)])).toEqual([[0, 1]]);
  });
});

const settings = { visitMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 120, horizonDays: 60, cancelNoticeMinutes: 1440 };

/** Every field's messages, so a test sees when one field gets two. */
function fieldsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const fields: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path.join(".");
    fields[key] = fields[key] ? `${fields[key]} | ${issue.message}` : issue.message;
  }
  return fields;
}

describe("weekly schedule payload", () => {
  it("turns times into minutes, with missing days closed", () => {
    const parsed = weeklyScheduleSchema.parse({
      weekly: {
        monday: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" },
        ],
        friday: [{ start: "20:00", end: "00:00" }],
      },
      settings,
    });
    expect(parsed.weekly.monday).toEqual([interval(9 * H, 12 * H), interval(13 * H, 17 * H)]);
    expect(parsed.weekly.friday).toEqual([interval(20 * H, 1440)]);
    expect(parsed.weekly.sunday).toEqual([]);
  });

  it("names each bad field", () => {
    const result = weeklyScheduleSchema.safeParse({
      weekly: {
        monday: [{ start: "10:00", end: "09:00" }],
        tuesday: [{ start: "09:03", end: "25:00" }],
        wednesday: [
          { start: "09:00", end: "12:00" },
          { start: "11:30", end: "14:00" },
        ],
        funday: [],
      },
      settings: { ...settings, visitMinutes: 5, bufferMinutes: 61, minNoticeMinutes: 10081, horizonDays: 0, cancelNoticeMinutes: 1.5 },
    });
    expect(result.success).toBe(false);
    const fields = fieldsOf(result);
    expect(fields["weekly.monday.0.end"]).toBe("must be after the start");
    expect(fields["weekly.tuesday.0.start"]).toMatch(/5-minute/);
    expect(fields["weekly.tuesday.0.end"]).toMatch(/between 00:00 and 24:00/);
    expect(fields["weekly.wednesday.1.start"]).toBe("overlaps 09:00–12:00: merge the two or change the times");
    expect(fields.weekly).toMatch(/funday/);
    expect(fields["settings.visitMinutes"]).toMatch(/between 10 and 180/);
    expect(fields["settings.bufferMinutes"]).toMatch(/between 0 and 60/);
    expect(fields["settings.minNoticeMinutes"]).toMatch(/10080/);
    expect(fields["settings.horizonDays"]).toMatch(/between 1 and 365/);
    expect(fields["settings.cancelNoticeMinutes"]).toBe("must be a whole number");
  });
});

describe("exception payload", () => {
  const schema = exceptionSchema("2026-05-01");

  it("accepts a whole day off, hours off and extra hours", () => {
    expect(schema.parse({ date: "2026-05-01", kind: "TIME_OFF" })).toEqual({
      date: "2026-05-01",
      kind: "TIME_OFF",
      startMinute: null,
      endMinute: null,
      note: "",
    });
    expect(schema.parse({ date: "2026-05-04", kind: "TIME_OFF", start: "12:00", end: "14:00", note: " Dentist " })).toMatchObject({
      startMinute: 12 * H,
      endMinute: 14 * H,
      note: "Dentist",
    });
    expect(schema.parse({ date: "2026-05-09", kind: "EXTRA", start: "18:00", end: "00:00" })).toMatchObject({
      startMinute: 18 * H,
      endMinute: 1440,
    });
  });

  it("refuses past, impossible and far dates, and incomplete or reversed times", () => {
    expect(fieldsOf(schema.safeParse({ date: "2026-04-30", kind: "TIME_OFF" }))).toEqual({ date: "must be today or later" });
    expect(fieldsOf(schema.safeParse({ date: "2026-02-30", kind: "TIME_OFF" })).date).toMatch(/real date/);
    expect(fieldsOf(schema.safeParse({ date: "04/05/2026", kind: "TIME_OFF" })).date).toMatch(/real date/);
    expect(fieldsOf(schema.safeParse({ date: "2030-01-01", kind: "TIME_OFF" })).date).toMatch(/two years/);
    expect(fieldsOf(schema.safeParse({ date: "2026-05-04", kind: "EXTRA", start: "", end: "" }))).toEqual({
      start: "is required for extra hours",
      end: "is required for extra hours",
    });
    expect(Object.keys(fieldsOf(schema.safeParse({ date: "2026-05-04", kind: "TIME_OFF", start: "10:00" })))).toEqual(["end"]);
    expect(fieldsOf(schema.safeParse({ date: "2026-05-04", kind: "EXTRA", start: "10:00", end: "09:00" }))).toEqual({
      end: "must be after the start",
    });
    expect(Object.keys(fieldsOf(schema.safeParse({ date: "2026-05-04", kind: "HOLIDAY", note: "x".repeat(201) })))).toEqual([
      "kind",
      "note",
    ]);
  });
});

describe("appointments outside the hours", () => {
  const weekdays = (startMinute: number, endMinute: number): WeeklyRule[] =>
    [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute, endMinute }));
  const visit = (id: string, start: string, minutes = 30) => ({
    id,
    start: new Date(start),
    end: new Date(new Date(start).getTime() + minutes * 60_000),
  });
  const ids = (list: { id: string }[]) => list.map((v) => v.id);

  // Monday 4 May 2026 in London is BST (UTC+1): 09:00 local is 08:00Z.
  const london: Availability = {
    timeZone: "Europe/London",
    rules: [...weekdays(9 * H, 12 * H), ...weekdays(13 * H, 17 * H)],
    exceptions: [],
  };

  it("keeps visits inside an opening and reports those outside, across a lunch gap or partly out", () => {
    const visits = [
      visit("inside", "2026-05-04T08:00:00Z"), // 09:00-09:30
      visit("lunch", "2026-05-04T11:00:00Z"), // 12:00-12:30
      visit("straddles", "2026-05-04T10:45:00Z"), // 11:45-12:15
      visit("last", "2026-05-04T15:30:00Z"), // 16:30-17:00
      visit("late", "2026-05-04T15:45:00Z"), // 16:45-17:15
      visit("sunday", "2026-05-03T08:00:00Z"),
    ];
    expect(ids(findUncovered(visits, london))).toEqual(["lunch", "straddles", "late", "sunday"]);
  });

  it("applies time off and extra hours", () => {
    const withExceptions: Availability = {
      ...london,
      exceptions: [
        { kind: "TIME_OFF", date: "2026-05-05" },
        { kind: "TIME_OFF", date: "2026-05-06", startMinute: 9 * H, endMinute: 10 * H },
        { kind: "EXTRA", date: "2026-05-09", startMinute: 10 * H, endMinute: 11 * H },
      ],
    };
    const visits = [
      visit("day-off", "2026-05-05T13:00:00Z"),
      visit("hour-off", "2026-05-06T08:30:00Z"),
      visit("after-hour-off", "2026-05-06T09:00:00Z"),
      visit("extra-saturday", "2026-05-09T09:00:00Z"),
      visit("saturday-outside-extra", "2026-05-09T10:00:00Z"),
    ];
    expect(ids(findUncovered(visits, withExceptions))).toEqual(["day-off", "hour-off", "saturday-outside-extra"]);
  });

  it("reads the hours in the provider's zone, not the server's", () => {
    const tokyo: Availability = { timeZone: "Asia/Tokyo", rules: [{ weekday: 1, startMinute: 9 * H, endMinute: 10 * H }], exceptions: [] };
    // Monday 09:00 in Tokyo is Sunday 00:00Z.
    expect(ids(findUncovered([visit("ok", "2026-05-04T00:00:00Z"), visit("utc-monday", "2026-05-04T09:00:00Z")], tokyo))).toEqual([
      "utc-monday",
    ]);
  });

  it("lets a visit run across midnight when the hours do", () => {
    const nights: Availability = {
      timeZone: "UTC",
      rules: [
        { weekday: 1, startMinute: 22 * H, endMinute: 1440 },
        { weekday: 2, startMinute: 0, endMinute: 2 * H },
      ],
      exceptions: [],
    };
    expect(openRanges(nights, new Date("2026-05-04T00:00:00Z"), new Date("2026-05-05T23:00:00Z"))).toEqual([
      { start: new Date("2026-05-04T22:00:00Z"), end: new Date("2026-05-05T02:00:00Z") },
    ]);
    expect(
      ids(findUncovered([visit("across", "2026-05-04T23:30:00Z", 60), visit("too-long", "2026-05-05T01:30:00Z", 60)], nights)),
    ).toEqual(["too-long"]);
  });

  it("keeps 09:00 local across a DST change, and reports nothing for an empty list", () => {
    const ny: Availability = {
      timeZone: "America/New_York",
      rules: [0, 1].map((weekday) => ({ weekday, startMinute: 9 * H, endMinute: 10 * H })),
      exceptions: [],
    };
    // 8 March 2026 is the spring-forward Sunday: 09:00 EDT is 13:00Z; the day before it would have been 14:00Z.
    expect(
      ids(
        findUncovered(
          [visit("edt", "2026-03-08T13:00:00Z"), visit("est-time", "2026-03-08T14:00:00Z"), visit("monday", "2026-03-09T13:30:00Z")],
          ny,
        ),
      ),
    ).toEqual(["est-time"]);
    expect(findUncovered([], ny)).toEqual([]);
  });

  it("reports every visit when there are no hours at all", () => {
    const closed: Availability = { timeZone: "UTC", rules: [], exceptions: [] };
    expect(ids(findUncovered([visit("a", "2026-05-04T09:00:00Z"), visit("b", "2026-06-04T09:00:00Z")], closed))).toEqual(["a", "b"]);
  });
});
