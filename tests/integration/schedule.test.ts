import "../support/mock-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider, slotInHours } from "../support/factories";
import type { ScheduleView } from "@/lib/working-hours/get-schedule";

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let getSchedule: typeof import("@/app/api/provider/schedule/route").GET;
let putSchedule: typeof import("@/app/api/provider/schedule/route").PUT;
let addException: typeof import("@/app/api/provider/schedule/exceptions/route").POST;
let deleteException: typeof import("@/app/api/provider/schedule/exceptions/[id]/route").DELETE;
let book: typeof import("@/app/api/appointments/route").POST;
let cancel: typeof import("@/app/api/appointments/[id]/cancel/route").POST;

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  ({ GET: getSchedule, PUT: putSchedule } = await import("@/app/api/provider/schedule/route"));
  ({ POST: addException } = await import("@/app/api/provider/schedule/exceptions/route"));
  ({ DELETE: deleteException } = await import("@/app/api/provider/schedule/exceptions/[id]/route"));
  ({ POST: book } = await import("@/app/api/appointments/route"));
  ({ POST: cancel } = await import("@/app/api/appointments/[id]/cancel/route"));
});
afterAll(async () => app?.close());

const request = (method: string, body?: unknown) =>
  new Request("http://test/api/provider/schedule", {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

const settings = { visitMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 60, cancelNoticeMinutes: 0 };
const mondayHours = {
  monday: [
    { start: "09:00", end: "12:00" },
    { start: "13:00", end: "17:00" },
  ],
};

const get = (user: TestUser | null) => asUser(user, () => getSchedule(request("GET"), undefined));
const put = (user: TestUser | null, body: unknown) => asUser(user, () => putSchedule(request("PUT", body), undefined));
const post = (user: TestUser | null, body: unknown) => asUser(user, () => addException(request("POST", body), undefined));
const remove = (user: TestUser | null, id: string) => asUser(user, () => deleteException(request("DELETE"), params(id)));
const bookAs = (patient: TestUser, providerId: string, start: string) =>
  asUser(patient, () =>
    book(
      new Request("http://test/api", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ providerId, start, reason: "Check-up" }),
      }),
      undefined,
    ),
  );

/** What a provider's schedule looks like in the database, to prove a refused request changed nothing. */
async function stored(providerId: string) {
  const [rules, profile, exceptions] = await Promise.all([
    db.availabilityRule.findMany({
      where: { providerId },
      orderBy: [{ weekday: "asc" }, { startMinute: "asc" }],
      select: { weekday: true, startMinute: true, endMinute: true },
    }),
    db.providerProfile.findUniqueOrThrow({
      where: { userId: providerId },
      select: { visitMinutes: true, bufferMinutes: true, minNoticeMinutes: true, horizonDays: true, cancelNoticeMinutes: true },
    }),
    db.availabilityException.count({ where: { providerId } }),
  ]);
  return { rules, profile, exceptions };
}

function utcDate(daysAhead: number): string {
  return new Date(Date.now() + daysAhead * 86400_000).toISOString().slice(0, 10);
}

describe("weekly hours and settings", () => {
  it("answers GET with the provider's own schedule in their zone", async () => {
    const provider = await createProvider(db, {
      timeZone: "Asia/Tokyo",
      visitMinutes: 20,
      rules: [{ weekday: 2, startMinute: 600, endMinute: 1440 }],
    });
    const response = await get(provider);
    expect(response.status).toBe(200);
    const view: ScheduleView = await response.json();
    expect(view.timeZone).toBe("Asia/Tokyo");
    expect(view.weekly.tuesday).toEqual([{ start: "10:00", end: "24:00" }]);
    expect(view.weekly.monday).toEqual([]);
    expect(view.settings).toMatchObject({ visitMinutes: 20 });
    expect(view.exceptions).toEqual([]);
    expect(view.uncovered).toEqual([]);
    expect(view.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("saves several intervals a day and all settings, replacing the old hours", async () => {
    const provider = await createProvider(db);
    const response = await put(provider, {
      weekly: { ...mondayHours, friday: [{ start: "20:00", end: "00:00" }] },
      settings: { visitMinutes: 45, bufferMinutes: 10, minNoticeMinutes: 180, horizonDays: 90, cancelNoticeMinutes: 720 },
    });
    expect(response.status).toBe(200);
    const view: ScheduleView = await response.json();
    expect(view.weekly.monday).toEqual(mondayHours.monday);
    expect(view.weekly.friday).toEqual([{ start: "20:00", end: "24:00" }]);
    expect(view.weekly.sunday).toEqual([]);
    expect(await (await get(provider)).json()).toEqual(view);
    expect(await stored(provider.id)).toEqual({
      rules: [
        { weekday: 1, startMinute: 540, endMinute: 720 },
        { weekday: 1, startMinute: 780, endMinute: 1020 },
        { weekday: 5, startMinute: 1200, endMinute: 1440 },
      ],
      profile: { visitMinutes: 45, bufferMinutes: 10, minNoticeMinutes: 180, horizonDays: 90, cancelNoticeMinutes: 720 },
      exceptions: 0,
    });
  });

  it("refuses bad input with 422 and field messages, and writes nothing at all", async () => {
    const provider = await createProvider(db);
    const before = await stored(provider.id);
    const cases: { body: unknown; field: string; message: RegExp }[] = [
      {
        body: {
          weekly: {
            monday: [
              { start: "09:00", end: "12:00" },
              { start: "11:00", end: "13:00" },
            ],
          },
          settings,
        },
        field: "weekly.monday.1.start",
        message: /overlaps 09:00–12:00/,
      },
      {
        body: { weekly: { tuesday: [{ start: "12:00", end: "12:00" }] }, settings },
        field: "weekly.tuesday.0.end",
        message: /after the start/,
      },
      { body: { weekly: { tuesday: [{ start: "09:07", end: "12:00" }] }, settings }, field: "weekly.tuesday.0.start", message: /5-minute/ },
      {
        body: { weekly: { tuesday: [{ start: "24:30", end: "25:00" }] }, settings },
        field: "weekly.tuesday.0.start",
        message: /00:00 and 24:00/,
      },
      { body: { weekly: { tuesday: [{ start: -5, end: 1500 }] }, settings }, field: "weekly.tuesday.0.start", message: /time/ },
      { body: { weekly: { mon: [] }, settings }, field: "weekly", message: /mon/ },
      {
        body: {
          weekly: {
            wednesday: Array.from({ length: 13 }, (_, i) => ({
              start: `${String(i).padStart(2, "0")}:00`,
              end: `${String(i).padStart(2, "0")}:30`,
            })),
          },
          settings,
        },
        field: "weekly.wednesday",
        message: /at most 12/,
      },
      // Valid hours with one bad setting: the hours must not be saved either.
      { body: { weekly: mondayHours, settings: { ...settings, visitMinutes: 5 } }, field: "settings.visitMinutes", message: /10 and 180/ },
      { body: { weekly: mondayHours, settings: { ...settings, bufferMinutes: 61 } }, field: "settings.bufferMinutes", message: /0 and 60/ },
      {
        body: { weekly: mondayHours, settings: { ...settings, minNoticeMinutes: 10081 } },
        field: "settings.minNoticeMinutes",
        message: /10080/,
      },
      { body: { weekly: mondayHours, settings: { ...settings, horizonDays: 366 } }, field: "settings.horizonDays", message: /1 and 365/ },
      {
        body: { weekly: mondayHours, settings: { ...settings, cancelNoticeMinutes: "1440" } },
        field: "settings.cancelNoticeMinutes",
        message: /number/,
      },
      { body: { weekly: mondayHours }, field: "settings", message: /object/ },
    ];
    for (const { body, field, message } of cases) {
      const response = await put(provider, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      const answer = await response.json();
      expect(answer.fields?.[field], `${field} in ${JSON.stringify(answer)}`).toMatch(message);
    }
    expect((await put(provider, "{not json")).status).toBe(400);
    expect(await stored(provider.id)).toEqual(before);
  });

  it("never mixes two saves made at the same time", async () => {
    const provider = await createProvider(db);
    const weeks = Array.from({ length: 8 }, (_, i) => ({
      monday: [
        { start: `0${i}:00`, end: `0${i}:30` },
        { start: "10:00", end: "11:00" },
      ],
    }));
    const responses = await Promise.all(weeks.map((weekly) => put(provider, { weekly, settings })));
    expect(responses.map((r) => r.status)).toEqual(weeks.map(() => 200));
    const { rules } = await stored(provider.id);
    expect(rules).toHaveLength(2);
    expect(weeks.map((w) => w.monday[0]!.start)).toContain(`${String(Math.floor(rules[0]!.startMinute / 60)).padStart(2, "0")}:00`);
  });
});

describe("exceptions", () => {
  it("adds whole-day time off, hours off and extra hours, lists them soonest first, and deletes them", async () => {
    const provider = await createProvider(db);
    const [d3, d5, d7] = [utcDate(3), utcDate(5), utcDate(7)];
    const extra = await post(provider, { date: d7, kind: "EXTRA", start: "18:00", end: "20:00", note: "Evening clinic" });
    expect(extra.status).toBe(201);
    const off = await post(provider, { date: d3, kind: "TIME_OFF", note: "Conference" });
    expect(off.status).toBe(201);
    const hours = await post(provider, { date: d5, kind: "TIME_OFF", start: "", end: "", note: "" });
    expect(hours.status).toBe(201);
    const { id: offId } = await off.json();
    const { schedule } = (await hours.json()) as { schedule: ScheduleView };
    expect(schedule.exceptions.map(({ date, kind, start, end, note }) => ({ date, kind, start, end, note }))).toEqual([
      { date: d3, kind: "TIME_OFF", start: null, end: null, note: "Conference" },
      { date: d5, kind: "TIME_OFF", start: null, end: null, note: "" },
      { date: d7, kind: "EXTRA", start: "18:00", end: "20:00", note: "Evening clinic" },
    ]);
    const deleted = await remove(provider, offId);
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as { schedule: ScheduleView }).schedule.exceptions.map((x) => x.date)).toEqual([d5, d7]);
    expect((await remove(provider, offId)).status).toBe(404);
  });

  it("refuses past dates, impossible dates and incomplete hours with 422, adding nothing", async () => {
    const provider = await createProvider(db);
    const cases: [unknown, string][] = [
      [{ date: utcDate(-2), kind: "TIME_OFF" }, "date"],
      [{ date: "2027-02-30", kind: "TIME_OFF" }, "date"],
      [{ date: "next monday", kind: "TIME_OFF" }, "date"],
      [{ date: utcDate(3), kind: "EXTRA" }, "start"],
      [{ date: utcDate(3), kind: "TIME_OFF", start: "10:00" }, "end"],
      [{ date: utcDate(3), kind: "EXTRA", start: "10:00", end: "09:00" }, "end"],
      [{ date: utcDate(3), kind: "EXTRA", start: "10:02", end: "11:00" }, "start"],
      [{ date: utcDate(3), kind: "VACATION" }, "kind"],
      [{ date: utcDate(3), kind: "TIME_OFF", note: "x".repeat(201) }, "note"],
    ];
    for (const [body, field] of cases) {
      const response = await post(provider, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys((await response.json()).fields), JSON.stringify(body)).toContain(field);
    }
    expect(await db.availabilityException.count({ where: { providerId: provider.id } })).toBe(0);
  });

  it("hides another provider's exception behind 404 and leaves it in place", async () => {
    const [owner, other] = [await createProvider(db), await createProvider(db)];
    const { id } = await (await post(owner, { date: utcDate(4), kind: "TIME_OFF" })).json();
    const response = await remove(other, id);
    expect(response.status).toBe(404);
    expect((await response.json()).error).toBe("That exception does not exist.");
    expect(await db.availabilityException.count({ where: { id } })).toBe(1);
    expect((await remove(other, "no-such-exception")).status).toBe(404);
  });
});

describe("booked appointments", () => {
  it("survive new hours and time off, and are reported as outside the hours until covered again", async () => {
    const provider = await createProvider(db);
    const patient = await createPatient(db, { name: "Casey Booked" });
    const start = slotInHours(30);
    const booked = await bookAs(patient, provider.id, start);
    expect(booked.status).toBe(201);
    const { id } = await booked.json();
    const later = await bookAs(await createPatient(db), provider.id, slotInHours(54));
    const { id: laterId } = await later.json();
    const cancelled = await asUser(provider, () =>
      cancel(new Request("http://test", { method: "POST", body: JSON.stringify({ reason: "Moved away" }) }), params(laterId)),
    );
    expect(cancelled.status).toBe(200);

    // Close the whole week: the booked visit stays booked and is listed; the cancelled one is not.
    const closed = await put(provider, { weekly: {}, settings });
    expect(closed.status).toBe(200);
    const view: ScheduleView = await closed.json();
    expect(view.uncovered).toEqual([
      { id, patientName: "Casey Booked", start, end: new Date(new Date(start).getTime() + 30 * 60_000).toISOString() },
    ]);
    const row = await db.appointment.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "SCHEDULED", startsAt: new Date(start) });
    expect((await (await get(provider)).json()).uncovered.map((a: { id: string }) => a.id)).toEqual([id]);

    // All hours back: covered again.
    const allDay = Object.fromEntries(
      ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"].map((d) => [d, [{ start: "00:00", end: "00:00" }]]),
    );
    expect((await (await put(provider, { weekly: allDay, settings })).json()).uncovered).toEqual([]);

    // A day off on the visit's date (the provider's zone is UTC) uncovers it again, and deleting the day off covers it.
    const dayOff = await post(provider, { date: start.slice(0, 10), kind: "TIME_OFF", note: "Sick" });
    expect(dayOff.status).toBe(201);
    const added = (await dayOff.json()) as { id: string; schedule: ScheduleView };
    expect(added.schedule.uncovered.map((a) => a.id)).toEqual([id]);
    expect((await db.appointment.findUniqueOrThrow({ where: { id } })).status).toBe("SCHEDULED");
    const restored = (await (await remove(provider, added.id)).json()) as { schedule: ScheduleView };
    expect(restored.schedule.uncovered).toEqual([]);
  });
});

describe("access", () => {
  it("is for signed-in providers only", async () => {
    const provider = await createProvider(db);
    const { id } = await (await post(provider, { date: utcDate(2), kind: "TIME_OFF" })).json();
    const patient = await createPatient(db);
    for (const user of [patient, null]) {
      const expected = user ? 403 : 401;
      expect((await get(user)).status).toBe(expected);
      expect((await put(user, { weekly: mondayHours, settings })).status).toBe(expected);
      expect((await post(user, { date: utcDate(2), kind: "TIME_OFF" })).status).toBe(expected);
      expect((await remove(user, id)).status).toBe(expected);
    }
    expect(await stored(provider.id)).toMatchObject({
      exceptions: 1,
      rules: expect.arrayContaining([{ weekday: 0, startMinute: 0, endMinute: 1440 }]),
    });
  });
});
