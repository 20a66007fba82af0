import { describe, expect, it } from "vitest";
import {
  describeOffset,
  planReminders,
  replanReminders,
  retimeReminders,
  sendVerdict,
  TOO_SOON_MS,
} from "@/lib/reminders/reminder-schedule";
import { formatInZone } from "@/lib/format-time";

// Fixed instants (not "now"): the rules are pure, so every case names its own clock.
const at = (iso: string) => new Date(iso);
const H = 60;

describe("planning reminders", () => {
  it("plans 24 h and 1 h before by default order, earliest first", () => {
    const start = at("2026-06-10T14:00:00Z");
    const plan = planReminders({ start, offsetsMinutes: [60, 1440], now: at("2026-06-01T00:00:00Z") });
    expect(plan.map((r) => [r.offsetMinutes, r.dueAt.toISOString()])).toEqual([
      [1440, "2026-06-09T14:00:00.000Z"],
      [60, "2026-06-10T13:00:00.000Z"],
    ]);
  });

  it("leaves out reminders already past (or due within a minute) when the visit is booked", () => {
    const start = at("2026-06-10T14:00:00Z");
    // Booked 3 hours before: the 24 h reminder is already past, the 1 h one still comes.
    expect(planReminders({ start, offsetsMinutes: [1440, 60], now: at("2026-06-10T11:00:00Z") }).map((r) => r.offsetMinutes)).toEqual([60]);
    // Booked 30 minutes before: none (the confirmation carries the link).
    expect(planReminders({ start, offsetsMinutes: [1440, 60], now: at("2026-06-10T13:30:00Z") })).toEqual([]);
    // Exactly at the edge of "too soon".
    const edge = new Date(start.getTime() - 60 * 60_000 - TOO_SOON_MS);
    expect(planReminders({ start, offsetsMinutes: [60], now: edge })).toHaveLength(1);
    expect(planReminders({ start, offsetsMinutes: [60], now: new Date(edge.getTime() + 1) })).toHaveLength(0);
  });

  it("keeps at most three distinct offsets and ignores junk", () => {
    const plan = planReminders({
      start: at("2026-06-10T14:00:00Z"),
      offsetsMinutes: [60, 60, 1440, 2880, 4320, 0, -5, 1.5],
      now: at("2026-01-01T00:00:00Z"),
    });
    expect(plan.map((r) => r.offsetMinutes).sort((a, b) => a - b)).toEqual([60, 1440, 2880]);
  });

  it("counts 24 h as elapsed time across a DST change: the wall-clock time of the reminder shifts by the hour", () => {
    // Europe/London springs forward on 29 Mar 2026 at 01:00 UTC. A 10:00 visit on the 29th (09:00 UTC, BST)...
    const start = at("2026-03-29T09:00:00Z");
    const [day] = planReminders({ start, offsetsMinutes: [1440], now: at("2026-03-01T00:00:00Z") });
    expect(day?.dueAt.toISOString()).toBe("2026-03-28T09:00:00.000Z");
    // ...is reminded at 09:00 GMT the day before (24 real hours), and the email says 10:00 in London.
    expect(formatInZone(day!.dueAt, "Europe/London", { timeOnly: true })).toBe("09:00");
    expect(formatInZone(start, "Europe/London", { withZone: true })).toContain("10:00 (Europe/London)");
    // Autumn back in New York (1 Nov 2026, 06:00 UTC): a 09:00 EST visit, reminded 24 h before at 10:00 EDT.
    const ny = at("2026-11-01T14:00:00Z");
    const [nyDay] = planReminders({ start: ny, offsetsMinutes: [1440], now: at("2026-10-01T00:00:00Z") });
    expect(formatInZone(nyDay!.dueAt, "America/New_York", { timeOnly: true })).toBe("10:00");
    expect(formatInZone(ny, "America/New_York", { timeOnly: true })).toBe("09:00");
    // A 1 h reminder inside the skipped hour's neighbourhood is still exactly 60 minutes before.
    const early = at("2026-03-29T01:30:00Z"); // 02:30 BST, just after the jump
    expect(planReminders({ start: early, offsetsMinutes: [60], now: at("2026-03-28T00:00:00Z") })[0]?.dueAt.toISOString()).toBe(
      "2026-03-29T00:30:00.000Z",
    );
  });
});

describe("reschedules", () => {
  const existing = [
    { id: "r24", offsetMinutes: 1440, startsAt: at("2026-06-10T14:00:00Z"), status: "SENT" as const },
    { id: "r1", offsetMinutes: 60, startsAt: at("2026-06-10T14:00:00Z"), status: "PENDING" as const },
  ];

  it("drops the pending reminders and plans the new time's, sent ones staying on record", () => {
    const plan = replanReminders({
      existing,
      start: at("2026-06-12T09:00:00Z"),
      offsetsMinutes: [1440, 60],
      now: at("2026-06-09T15:00:00Z"),
    });
    expect(plan.drop).toEqual(["r1"]);
    expect(plan.create.map((r) => [r.offsetMinutes, r.dueAt.toISOString()])).toEqual([
      [1440, "2026-06-11T09:00:00.000Z"],
      [60, "2026-06-12T08:00:00.000Z"],
    ]);
  });

  it("moved earlier, so that a reminder time is past: only the ones still ahead", () => {
    const plan = replanReminders({
      existing,
      start: at("2026-06-09T18:00:00Z"),
      offsetsMinutes: [1440, 60],
      now: at("2026-06-09T15:00:00Z"),
    });
    expect(plan.create.map((r) => r.offsetMinutes)).toEqual([60]);
  });

  it("moved away and back: a reminder already sent for that very start is not sent again", () => {
    const plan = replanReminders({
      existing,
      start: at("2026-06-10T14:00:00Z"),
      offsetsMinutes: [1440, 60],
      now: at("2026-06-09T15:00:00Z"),
    });
    expect(plan.create.map((r) => r.offsetMinutes)).toEqual([60]);
  });
});

describe("whether a due reminder still goes out", () => {
  const reminder = { startsAt: at("2026-06-10T14:00:00Z"), dueAt: at("2026-06-09T14:00:00Z") };
  const scheduled = { status: "SCHEDULED" as const, startsAt: reminder.startsAt };
  const now = at("2026-06-09T14:00:05Z");

  it("sends for a scheduled visit at its time", () =>
    expect(sendVerdict({ reminder, appointment: scheduled, laterDueAt: [], now })).toEqual({ send: true }));
  it("never for a cancelled, finished, moved or started visit", () => {
    expect(sendVerdict({ reminder, appointment: { ...scheduled, status: "CANCELLED" }, laterDueAt: [], now })).toEqual({
      send: false,
      why: "cancelled",
    });
    expect(sendVerdict({ reminder, appointment: { ...scheduled, status: "NO_SHOW" }, laterDueAt: [], now })).toEqual({
      send: false,
      why: "over",
    });
    expect(sendVerdict({ reminder, appointment: { ...scheduled, startsAt: at("2026-06-11T14:00:00Z") }, laterDueAt: [], now })).toEqual({
      send: false,
      why: "moved",
    });
    expect(sendVerdict({ reminder, appointment: scheduled, laterDueAt: [], now: at("2026-06-10T14:00:00Z") })).toEqual({
      send: false,
      why: "started",
    });
  });
  it("a late reminder gives way to a later one that is also due (one message, not two at once)", () => {
    const late = at("2026-06-10T13:10:00Z");
    expect(sendVerdict({ reminder, appointment: scheduled, laterDueAt: [at("2026-06-10T13:00:00Z")], now: late })).toEqual({
      send: false,
      why: "superseded",
    });
    expect(sendVerdict({ reminder, appointment: scheduled, laterDueAt: [at("2026-06-10T13:00:00Z")], now })).toEqual({ send: true });
  });
  it("says offsets in words", () => {
    expect([1440, 60, 90, 2880, 4 * H].map(describeOffset)).toEqual(["24 hours", "1 hour", "90 minutes", "2 days", "4 hours"]);
  });
});

describe("the provider changes the reminder times", () => {
  const start = at("2026-06-10T14:00:00Z");
  const row = (id: string, offsetMinutes: number, status: "PENDING" | "SENDING" | "SENT" | "CANCELLED") => ({
    id,
    offsetMinutes,
    startsAt: start,
    status,
  });

  it("keeps a pending reminder of a kept time, drops a removed one, plans an added one", () => {
    const plan = retimeReminders({
      existing: [row("r24", 1440, "PENDING"), row("r1", 60, "PENDING")],
      start,
      offsetsMinutes: [2880, 60],
      now: at("2026-06-01T00:00:00Z"),
    });
    expect(plan.drop).toEqual(["r24"]);
    expect(plan.create.map((r) => [r.offsetMinutes, r.dueAt.toISOString()])).toEqual([[2880, "2026-06-08T14:00:00.000Z"]]);
  });

  it("unchanged times change nothing", () => {
    const plan = retimeReminders({
      existing: [row("r24", 1440, "PENDING"), row("r1", 60, "PENDING")],
      start,
      offsetsMinutes: [60, 1440],
      now: at("2026-06-01T00:00:00Z"),
    });
    expect(plan).toEqual({ drop: [], create: [] });
  });

  it("never repeats one already sent, and plans nothing already past", () => {
    const plan = retimeReminders({
      existing: [row("r24", 1440, "SENT"), row("r1", 60, "PENDING")],
      start,
      // 24 h stays (sent), 2 h is added, 48 h is already past at 10:00 on the 9th.
      offsetsMinutes: [2880, 1440, 120],
      now: at("2026-06-09T10:00:00Z"),
    });
    expect(plan.drop).toEqual(["r1"]);
    expect(plan.create.map((r) => r.offsetMinutes)).toEqual([120]);
  });

  it("an offset skipped before (CANCELLED) makes room when it is wanted again", () => {
    const plan = retimeReminders({ existing: [row("old", 60, "CANCELLED")], start, offsetsMinutes: [60], now: at("2026-06-01T00:00:00Z") });
    expect(plan.drop).toEqual(["old"]);
    expect(plan.create.map((r) => r.offsetMinutes)).toEqual([60]);
  });
});
