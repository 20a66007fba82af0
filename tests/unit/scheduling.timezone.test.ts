import { describe, expect, it } from "vitest";
import { bookableAt, isOfferedSlot, listFreeSlots, listOpenSlots, type FreeSlotQuery } from "@/lib/scheduling/list-free-slots";
import type { BookingRules, WeeklyRule } from "@/lib/scheduling/types";
import { localDateOf, wallTimeToInstant } from "@/lib/scheduling/zoned-time";

const H = 60;
const weekdays = (startMinute: number, endMinute: number): WeeklyRule[] =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute, endMinute }));
const everyDay = (startMinute: number, endMinute: number): WeeklyRule[] =>
  [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute, endMinute }));

function rules(timeZone: string, over: Partial<BookingRules> = {}): BookingRules {
  return { timeZone, visitMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 365, ...over };
}

function query(over: Partial<FreeSlotQuery> & Pick<FreeSlotQuery, "booking">): FreeSlotQuery {
  return {
    rules: weekdays(9 * H, 12 * H),
    exceptions: [],
    busy: [],
    now: new Date("2026-01-01T00:00:00Z"),
    from: new Date("2026-01-01T00:00:00Z"),
    to: new Date("2026-01-02T00:00:00Z"),
    ...over,
  };
}

const iso = (slots: { start: Date }[]) => slots.map((s) => s.start.toISOString());

describe("zoned wall time", () => {
  it("converts wall clock to instants on both sides of DST", () => {
    expect(wallTimeToInstant("2026-03-07", 9 * H, "America/New_York").toISOString()).toBe("2026-03-07T14:00:00.000Z");
    expect(wallTimeToInstant("2026-03-09", 9 * H, "America/New_York").toISOString()).toBe("2026-03-09T13:00:00.000Z");
    expect(wallTimeToInstant("2026-03-27", 9 * H, "Europe/London").toISOString()).toBe("2026-03-27T09:00:00.000Z");
    expect(wallTimeToInstant("2026-03-30", 9 * H, "Europe/London").toISOString()).toBe("2026-03-30T08:00:00.000Z");
  });
  it("finds the local date of an instant", () => {
    expect(localDateOf(new Date("2026-06-01T02:00:00Z"), "America/Los_Angeles")).toEqual({ date: "2026-05-31", weekday: 0 });
    expect(localDateOf(new Date("2026-06-01T02:00:00Z"), "Asia/Tokyo")).toEqual({ date: "2026-06-01", weekday: 1 });
  });
});

describe("free slots", () => {
  it("lays slots across the weekly hours in the provider's zone", () => {
    const slots = listFreeSlots(
      query({ booking: rules("Europe/London"), from: new Date("2026-01-05T00:00:00Z"), to: new Date("2026-01-06T00:00:00Z") }),
    );
    expect(iso(slots)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"].map((t) => `2026-01-05T${t}:00.000Z`));
  });

  it("keeps 9am local across the New York spring-forward change (March 8, 2026)", () => {
    const q = query({
      booking: rules("America/New_York", { visitMinutes: 60 }),
      rules: everyDay(9 * H, 10 * H),
      from: new Date("2026-03-07T00:00:00Z"),
      to: new Date("2026-03-10T00:00:00Z"),
    });
    expect(iso(listFreeSlots(q))).toEqual(["2026-03-07T14:00:00.000Z", "2026-03-08T13:00:00.000Z", "2026-03-09T13:00:00.000Z"]);
  });

  it("gives real-length visits on a night that skips an hour", () => {
    // 01:00-04:00 on March 8 in New York is only two real hours: 01:00 EST to 04:00 EDT.
    const q = query({
      booking: rules("America/New_York", { visitMinutes: 60 }),
      rules: [{ weekday: 0, startMinute: 1 * H, endMinute: 4 * H }],
      from: new Date("2026-03-08T00:00:00Z"),
      to: new Date("2026-03-09T00:00:00Z"),
    });
    const slots = listFreeSlots(q);
    expect(iso(slots)).toEqual(["2026-03-08T06:00:00.000Z", "2026-03-08T07:00:00.000Z"]);
    for (const s of slots) expect(s.end.getTime() - s.start.getTime()).toBe(3_600_000);
  });

  it("handles the November fall-back day in New York and the October change in London", () => {
    const ny = query({
      booking: rules("America/New_York", { visitMinutes: 60 }),
      rules: everyDay(9 * H, 10 * H),
      from: new Date("2026-10-31T00:00:00Z"),
      to: new Date("2026-11-03T00:00:00Z"),
    });
    expect(iso(listFreeSlots(ny))).toEqual(["2026-10-31T13:00:00.000Z", "2026-11-01T14:00:00.000Z", "2026-11-02T14:00:00.000Z"]);
    const ldn = query({
      booking: rules("Europe/London", { visitMinutes: 60 }),
      rules: everyDay(9 * H, 10 * H),
      from: new Date("2026-10-24T00:00:00Z"),
      to: new Date("2026-10-27T00:00:00Z"),
    });
    expect(iso(listFreeSlots(ldn))).toEqual(["2026-10-24T08:00:00.000Z", "2026-10-25T09:00:00.000Z", "2026-10-26T09:00:00.000Z"]);
  });

  it("covers a provider whose working day crosses UTC midnight", () => {
    // 18:00-21:00 in Los Angeles (summer, UTC-7) is 01:00-04:00 UTC the next day.
    const q = query({
      booking: rules("America/Los_Angeles", { visitMinutes: 60 }),
      rules: [{ weekday: 1, startMinute: 18 * H, endMinute: 21 * H }],
      from: new Date("2026-06-02T00:00:00Z"),
      to: new Date("2026-06-03T00:00:00Z"),
    });
    expect(iso(listFreeSlots(q))).toEqual(["2026-06-02T01:00:00.000Z", "2026-06-02T02:00:00.000Z", "2026-06-02T03:00:00.000Z"]);
    // And Tokyo's morning is the previous UTC evening.
    const tokyo = query({
      booking: rules("Asia/Tokyo", { visitMinutes: 60 }),
      rules: [{ weekday: 2, startMinute: 8 * H, endMinute: 10 * H }],
      from: new Date("2026-06-01T20:00:00Z"),
      to: new Date("2026-06-02T02:00:00Z"),
    });
    expect(iso(listFreeSlots(tokyo))).toEqual(["2026-06-01T23:00:00.000Z", "2026-06-02T00:00:00.000Z"]);
  });

  it("applies time off, partial time off and extra hours", () => {
    const base = {
      booking: rules("Europe/London", { visitMinutes: 60 }),
      from: new Date("2026-01-05T00:00:00Z"),
      to: new Date("2026-01-08T00:00:00Z"),
    };
    const slots = listFreeSlots(
      query({
        ...base,
        exceptions: [
          { kind: "TIME_OFF", date: "2026-01-05" },
          { kind: "TIME_OFF", date: "2026-01-06", startMinute: 10 * H, endMinute: 11 * H },
          { kind: "EXTRA", date: "2026-01-07", startMinute: 14 * H, endMinute: 15 * H },
        ],
      }),
    );
    expect(iso(slots)).toEqual([
      "2026-01-06T09:00:00.000Z",
      "2026-01-06T11:00:00.000Z",
      "2026-01-07T09:00:00.000Z",
      "2026-01-07T10:00:00.000Z",
      "2026-01-07T11:00:00.000Z",
      "2026-01-07T14:00:00.000Z",
    ]);
  });

  it("keeps a buffer around existing appointments", () => {
    const busy = [{ start: new Date("2026-01-05T10:00:00Z"), end: new Date("2026-01-05T10:30:00Z") }];
    const slots = listFreeSlots(
      query({
        booking: rules("UTC", { bufferMinutes: 15 }),
        busy,
        from: new Date("2026-01-05T00:00:00Z"),
        to: new Date("2026-01-06T00:00:00Z"),
      }),
    );
    // 09:30 ends at 10:00 but needs 15 min before the 10:00 visit; 10:30 starts right after it without a gap.
    expect(iso(slots)).toEqual(["09:00", "11:00", "11:30"].map((t) => `2026-01-05T${t}:00.000Z`));
  });

  it("blocks every slot that any of several overlapping busy ranges touches", () => {
    // A long block hides a short one inside it; sorted by start, the short one's end is not the latest end.
    const busy = [
      { start: new Date("2026-01-05T11:00:00Z"), end: new Date("2026-01-05T11:30:00Z") },
      { start: new Date("2026-01-05T09:00:00Z"), end: new Date("2026-01-05T10:30:00Z") },
      { start: new Date("2026-01-05T09:30:00Z"), end: new Date("2026-01-05T10:00:00Z") },
    ];
    const slots = listFreeSlots(
      query({ booking: rules("UTC"), busy, from: new Date("2026-01-05T00:00:00Z"), to: new Date("2026-01-06T00:00:00Z") }),
    );
    expect(iso(slots)).toEqual(["10:30", "11:30"].map((t) => `2026-01-05T${t}:00.000Z`));
  });

  it("gives the same answer when open slots are computed once and filtered at each later moment", () => {
    const base = query({
      booking: rules("Europe/London", { minNoticeMinutes: 90, horizonDays: 3 }),
      rules: everyDay(8 * H, 18 * H),
      from: new Date("2026-03-27T00:00:00Z"),
      to: new Date("2026-04-03T00:00:00Z"),
    });
    const { now: _ignored, ...open } = base;
    const cached = listOpenSlots(open);
    for (const now of [
      "2026-03-26T12:00:00Z",
      "2026-03-28T09:59:00Z",
      "2026-03-29T00:30:00Z",
      "2026-03-31T17:00:00Z",
      "2026-04-05T00:00:00Z",
    ]) {
      const at = new Date(now);
      const earliest = at.getTime() + 90 * 60_000;
      const latest = at.getTime() + 3 * 86400_000;
      const expected = cached.filter((slot) => slot.start.getTime() >= earliest && slot.start.getTime() < latest);
      expect(iso(bookableAt(cached, base.booking, at))).toEqual(iso(expected));
      expect(iso(listFreeSlots({ ...base, now: at }))).toEqual(iso(expected));
    }
    // 90 min notice from 09:59 GMT; three days on, London is on BST and 08:00 local is 07:00 UTC.
    const at = bookableAt(cached, base.booking, new Date("2026-03-28T09:59:00Z"));
    expect([at[0]?.start.toISOString(), at.at(-1)?.start.toISOString()]).toEqual(["2026-03-28T11:30:00.000Z", "2026-03-31T09:30:00.000Z"]);
  });

  it("honours minimum notice and the booking horizon", () => {
    const now = new Date("2026-01-05T09:10:00Z");
    const slots = listFreeSlots(
      query({
        booking: rules("UTC", { minNoticeMinutes: 60, horizonDays: 1 }),
        now,
        from: new Date("2026-01-05T00:00:00Z"),
        to: new Date("2026-01-09T00:00:00Z"),
      }),
    );
    expect(slots[0]?.start.toISOString()).toBe("2026-01-05T10:30:00.000Z");
    expect(slots.at(-1)?.start.toISOString()).toBe("2026-01-06T09:00:00.000Z");
  });

  it("shows a patient in another zone the same instants, on their own calendar day", () => {
    const slots = listFreeSlots(
      query({
        booking: rules("America/New_York"),
        rules: [{ weekday: 1, startMinute: 20 * H, endMinute: 21 * H }],
        from: new Date("2026-01-05T00:00:00Z"),
        to: new Date("2026-01-07T00:00:00Z"),
      }),
    );
    expect(iso(slots)).toEqual(["2026-01-06T01:00:00.000Z", "2026-01-06T01:30:00.000Z"]);
    expect(localDateOf(slots[0]!.start, "Asia/Tokyo").date).toBe("2026-01-06");
    expect(localDateOf(slots[0]!.start, "America/New_York").date).toBe("2026-01-05");
  });

  it("offers exactly the listed slots and nothing misaligned, past or outside hours", () => {
    const base = { rules: weekdays(9 * H, 12 * H), exceptions: [], busy: [], booking: rules("UTC"), now: new Date("2026-01-05T00:00:00Z") };
    expect(isOfferedSlot(base, new Date("2026-01-05T09:30:00Z"))).not.toBeNull();
    expect(isOfferedSlot(base, new Date("2026-01-05T09:15:00Z"))).toBeNull();
    expect(isOfferedSlot(base, new Date("2026-01-05T13:00:00Z"))).toBeNull();
    expect(isOfferedSlot(base, new Date("2026-01-04T09:00:00Z"))).toBeNull();
  });

  it("runs under the process time zone it was given", () => {
    expect(process.env.TZ).toBeTruthy();
  });
});
