import "../support/mock-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider, slotInHours } from "../support/factories";

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let book: typeof import("@/app/api/appointments/route").POST;
let list: typeof import("@/app/api/appointments/route").GET;
let reschedule: typeof import("@/app/api/appointments/[id]/reschedule/route").POST;
let cancel: typeof import("@/app/api/appointments/[id]/cancel/route").POST;
let ics: typeof import("@/app/api/appointments/[id]/ics/route").GET;
let slots: typeof import("@/app/api/providers/[id]/slots/route").GET;

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  ({ POST: book, GET: list } = await import("@/app/api/appointments/route"));
  ({ POST: reschedule } = await import("@/app/api/appointments/[id]/reschedule/route"));
  ({ POST: cancel } = await import("@/app/api/appointments/[id]/cancel/route"));
  ({ GET: ics } = await import("@/app/api/appointments/[id]/ics/route"));
  ({ GET: slots } = await import("@/app/api/providers/[id]/slots/route"));
});
afterAll(async () => app?.close());

const json = (body: unknown) =>
  new Request("http://test/api", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function bookAs(patient: TestUser, providerId: string, start: string, reason = "Follow-up") {
  return asUser(patient, () => book(json({ providerId, start, reason }), undefined));
}

describe("booking", () => {
  it("gives exactly one 201 when 50 patients race for one slot", async () => {
    const provider = await createProvider(db);
    const patients = await Promise.all(Array.from({ length: 50 }, () => createPatient(db)));
    const start = slotInHours(26);
    const responses = await Promise.all(patients.map((p) => bookAs(p, provider.id, start)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    // Every other patient is told, in words, that they did not get it. 50 requests on one Node.js thread and
    // 10 connections: on a loaded machine some can wait past the 10 s a transaction may wait for a connection,
    // and the honest answer then is 503, "try again" (which then says the time is taken). CI once had 26 of 49
    // answers that were not 409, without recording what they were; this test logs the 503s it sees.
    const losers = await Promise.all(responses.filter((r) => r.status !== 201).map(async (r) => [r.status, (await r.json()).error]));
    const overloaded = losers.filter(([status]) => status === 503).length;
    if (overloaded > 0) console.log(`booking race: ${overloaded} of 49 answered 503 (database connections busy)`);
    expect(losers.filter(([status]) => status === 409)).toContainEqual([409, "That time was just taken. Please choose another time."]);
    for (const loser of losers)
      expect([
        [409, "That time was just taken. Please choose another time."],
        [503, "The service is briefly unavailable. Please try again in a moment."],
      ]).toContainEqual(loser);
    expect(await db.appointment.count({ where: { providerId: provider.id } })).toBe(1);
  });

  it("answers with the appointment and lists it for its patient only", async () => {
    const provider = await createProvider(db);
    const [patient, other] = [await createPatient(db), await createPatient(db)];
    const start = slotInHours(30);
    const created = await bookAs(patient, provider.id, start, "Rash on arm");
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ providerId: provider.id, start, status: "SCHEDULED" });
    expect(new Date(body.end).getTime() - new Date(start).getTime()).toBe(30 * 60_000);
    const mine = await (await asUser(patient, () => list(new Request("http://test/api"), undefined))).json();
    expect(mine.upcoming.map((a: { id: string }) => a.id)).toContain(body.id);
    const theirs = await (await asUser(other, () => list(new Request("http://test/api"), undefined))).json();
    expect(theirs.upcoming).toHaveLength(0);
  });

  it("refuses slots that are not offered with 422 and readable messages", async () => {
    const provider = await createProvider(db, {
      minNoticeMinutes: 120,
      horizonDays: 7,
      rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
    });
    const patient = await createPatient(db);
    const cases = [
      new Date(Date.now() - 3600_000).toISOString(), // past
      slotInHours(24 * 10), // beyond the horizon
      "2099-01-01T03:00:00.000Z", // far outside
    ];
    for (const start of cases) {
      const r = await bookAs(patient, provider.id, start);
      expect(r.status, start).toBe(422);
      expect((await r.json()).error).toMatch(/not offered/);
    }
    const misaligned = new Date(Math.ceil((Date.now() + 2 * 86400_000) / 3600_000) * 3600_000 + 7 * 60_000).toISOString();
    expect((await bookAs(patient, provider.id, misaligned)).status).toBe(422);
    expect(await db.appointment.count({ where: { providerId: provider.id } })).toBe(0);
  });

  it("validates the body: 400 for broken JSON, 422 naming each bad field, 404 for an unknown provider", async () => {
    const patient = await createPatient(db);
    expect((await asUser(patient, () => book(json("{nope"), undefined))).status).toBe(400);
    const bad = await asUser(patient, () => book(json({ providerId: 7, start: "tomorrow", reason: "x".repeat(501) }), undefined));
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields)).toEqual(expect.arrayContaining(["providerId", "start", "reason"]));
    const missing = await bookAs(patient, "no-such-provider", slotInHours(30));
    expect(missing.status).toBe(404);
  });

  it("is for signed-in patients only", async () => {
    const provider = await createProvider(db);
    expect((await asUser(null, () => book(json({ providerId: provider.id, start: slotInHours(30), reason: "x" }), undefined))).status).toBe(
      401,
    );
    expect(
      (await asUser(provider, () => book(json({ providerId: provider.id, start: slotInHours(30), reason: "x" }), undefined))).status,
    ).toBe(403);
  });

  it("stops a patient double-booking themselves with two providers", async () => {
    const [a, b] = [await createProvider(db), await createProvider(db)];
    const patient = await createPatient(db);
    const start = slotInHours(40);
    expect((await bookAs(patient, a.id, start)).status).toBe(201);
    const second = await bookAs(patient, b.id, start);
    expect(second.status).toBe(409);
    expect((await second.json()).error).toMatch(/already have an appointment/);
  });

  it("keeps the provider's buffer between visits", async () => {
    const provider = await createProvider(db, { bufferMinutes: 15 });
    const [p1, p2] = [await createPatient(db), await createPatient(db)];
    const start = slotInHours(50);
    expect((await bookAs(p1, provider.id, start)).status).toBe(201);
    const next = new Date(new Date(start).getTime() + 30 * 60_000).toISOString();
    expect((await bookAs(p2, provider.id, next)).status).toBe(409);
  });
});

describe("reschedule and cancel", () => {
  it("moves an appointment atomically and frees the old time", async () => {
    const provider = await createProvider(db);
    const [patient, other] = [await createPatient(db), await createPatient(db)];
    const start = slotInHours(30);
    const { id } = await (await bookAs(patient, provider.id, start)).json();
    const later = slotInHours(32);
    const moved = await asUser(patient, () => reschedule(json({ start: later }), params(id)));
    expect(moved.status).toBe(200);
    expect((await moved.json()).start).toBe(later);
    expect((await bookAs(other, provider.id, start)).status).toBe(201);
    const row = await db.appointment.findUniqueOrThrow({ where: { id } });
    expect(row.sequence).toBe(1);
  });

  it("changes nothing when the new time is taken", async () => {
    const provider = await createProvider(db);
    const [patient, other] = [await createPatient(db), await createPatient(db)];
    const start = slotInHours(30);
    const { id } = await (await bookAs(patient, provider.id, start)).json();
    const taken = slotInHours(34);
    expect((await bookAs(other, provider.id, taken)).status).toBe(201);
    const r = await asUser(patient, () => reschedule(json({ start: taken }), params(id)));
    expect([409, 422]).toContain(r.status);
    const row = await db.appointment.findUniqueOrThrow({ where: { id } });
    expect(row.startsAt.toISOString()).toBe(start);
    expect(row.status).toBe("SCHEDULED");
  });

  it("hides another patient's appointment behind 404", async () => {
    const provider = await createProvider(db);
    const [patient, stranger] = [await createPatient(db), await createPatient(db)];
    const { id } = await (await bookAs(patient, provider.id, slotInHours(30))).json();
    expect((await asUser(stranger, () => reschedule(json({ start: slotInHours(36) }), params(id)))).status).toBe(404);
    expect((await asUser(stranger, () => cancel(json({}), params(id)))).status).toBe(404);
    expect((await asUser(stranger, () => ics(new Request("http://test"), params(id)))).status).toBe(404);
  });

  it("refuses a patient's late cancellation with the provider's notice, and lets the provider cancel with a reason", async () => {
    const provider = await createProvider(db, { cancelNoticeMinutes: 24 * 60 });
    const patient = await createPatient(db);
    const { id } = await (await bookAs(patient, provider.id, slotInHours(5))).json();
    const late = await asUser(patient, () => cancel(json({ reason: "" }), params(id)));
    expect(late.status).toBe(422);
    expect((await late.json()).error).toMatch(/too late.*at least 24 hours ahead/);
    expect((await asUser(provider, () => cancel(json({}), params(id)))).status).toBe(422);
    const ok = await asUser(provider, () => cancel(json({ reason: "Clinic closed" }), params(id)));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "CANCELLED", cancelReason: "Clinic closed" });
    expect((await asUser(provider, () => cancel(json({ reason: "again" }), params(id)))).status).toBe(409);
  });

  it("writes a calendar file with TZID, a stable UID, and METHOD:CANCEL once cancelled", async () => {
    const provider = await createProvider(db);
    const patient = await createPatient(db, { timeZone: "America/New_York" });
    const start = slotInHours(30);
    const { id } = await (await bookAs(patient, provider.id, start)).json();
    const first = await (await asUser(patient, () => ics(new Request("http://test"), params(id)))).text();
    expect(first).toContain("METHOD:REQUEST");
    expect(first).toContain(`UID:${id}@consult`);
    expect(first).toMatch(/DTSTART;TZID=America\/New_York:\d{8}T\d{6}\r?\n/);
    expect(first).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    expect(first).toContain("BEGIN:VTIMEZONE");
    await asUser(patient, () => reschedule(json({ start: slotInHours(33) }), params(id)));
    const moved = await (await asUser(patient, () => ics(new Request("http://test"), params(id)))).text();
    expect(moved).toContain(`UID:${id}@consult`);
    expect(moved).toContain("SEQUENCE:1");
    await asUser(patient, () => cancel(json({ reason: "" }), params(id)));
    const cancelled = await (await asUser(patient, () => ics(new Request("http://test"), params(id)))).text();
    expect(cancelled).toContain("METHOD:CANCEL");
    expect(cancelled).toContain("STATUS:CANCELLED");
    expect(cancelled).toContain("SEQUENCE:2");
  });
});

describe("slots API", () => {
  it("lists free slots in UTC and leaves out booked ones", async () => {
    const provider = await createProvider(db, {
      rules: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 12 * 60 })),
    });
    const patient = await createPatient(db);
    const from = new Date(Date.now() + 2 * 86400_000);
    from.setUTCHours(0, 0, 0, 0);
    const to = new Date(from.getTime() + 86400_000);
    const url = `http://test/api/providers/${provider.id}/slots?from=${from.toISOString()}&to=${to.toISOString()}`;
    const before = await (await asUser(patient, () => slots(new Request(url), params(provider.id)))).json();
    expect(before.slots).toHaveLength(6);
    expect(before.slots[0].start).toMatch(/T09:00:00\.000Z$/);
    await bookAs(patient, provider.id, before.slots[0].start);
    const after = await (await asUser(patient, () => slots(new Request(url), params(provider.id)))).json();
    expect(after.slots).toHaveLength(5);
    const bad = await asUser(patient, () =>
      slots(new Request(`http://test/api/providers/${provider.id}/slots?from=x&to=${to.toISOString()}`), params(provider.id)),
    );
    expect(bad.status).toBe(422);
    // Signed out, every question gets the same 401, whatever the provider or the window.
    for (const path of [
      url,
      `http://test/api/providers/nobody/slots?from=${from.toISOString()}&to=${to.toISOString()}`,
      `http://test/api/providers/${provider.id}/slots?from=x`,
    ]) {
      const anonymous = await asUser(null, () => slots(new Request(path), params(path.split("/")[5]!)));
      expect([anonymous.status, (await anonymous.json()).error]).toEqual([401, "Please sign in."]);
    }
  });

  it("never serves cached slots after a change, even one written by another instance straight to the database", async () => {
    const provider = await createProvider(db, {
      rules: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 12 * 60 })),
    });
    const patient = await createPatient(db);
    const from = new Date(Date.now() + 3 * 86400_000);
    from.setUTCHours(0, 0, 0, 0);
    const to = new Date(from.getTime() + 86400_000);
    const day = from.toISOString().slice(0, 10);
    const url = `http://test/api/providers/${provider.id}/slots?from=${from.toISOString()}&to=${to.toISOString()}`;
    const starts = async () => {
      const response = await asUser(patient, () => slots(new Request(url), params(provider.id)));
      const body = await response.json();
      return response.status === 200 ? (body.slots as { start: string }[]).map((s) => s.start.slice(11, 16)) : body.error;
    };
    const all = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"];
    expect(await starts()).toEqual(all);
    expect(await starts()).toEqual(all); // now served from the cache

    const booked = await bookAs(patient, provider.id, `${day}T09:00:00.000Z`);
    expect(await starts()).toEqual(all.slice(1));

    // Another instance's writes: only the database knows about them.
    const [other] = [await createPatient(db)];
    await db.$executeRaw`INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, "updatedAt")
      VALUES (${`raw_${provider.id}`}, ${other.id}, ${provider.id}, ${new Date(`${day}T10:00:00Z`)}, ${new Date(`${day}T10:30:00Z`)}, ${new Date(`${day}T10:30:00Z`)}, 'x', now())`;
    expect(await starts()).toEqual(["09:30", "10:30", "11:00", "11:30"]);

    await db.$executeRaw`UPDATE "Appointment" SET status = 'CANCELLED' WHERE id = ${(await booked.json()).id}`;
    expect(await starts()).toEqual(["09:00", "09:30", "10:30", "11:00", "11:30"]);

    await db.$executeRaw`UPDATE "Appointment" SET "startsAt" = ${new Date(`${day}T11:30:00Z`)}, "endsAt" = ${new Date(`${day}T12:00:00Z`)}, "blockedUntil" = ${new Date(`${day}T12:00:00Z`)} WHERE id = ${`raw_${provider.id}`}`;
    expect(await starts()).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00"]);

    await db.$executeRaw`INSERT INTO "AvailabilityException" (id, "providerId", date, kind, "startMinute", "endMinute") VALUES (${`off_${provider.id}`}, ${provider.id}, ${day}::date, 'TIME_OFF', 540, 600)`;
    expect(await starts()).toEqual(["10:00", "10:30", "11:00"]);

    await db.$executeRaw`UPDATE "ProviderProfile" SET "visitMinutes" = 60 WHERE "userId" = ${provider.id}`;
    expect(await starts()).toEqual(["10:00"]);

    await db.$executeRaw`UPDATE "AvailabilityRule" SET "endMinute" = 840 WHERE "providerId" = ${provider.id}`;
    expect(await starts()).toEqual(["10:00", "12:00", "13:00"]);

    await db.$executeRaw`UPDATE "User" SET active = false WHERE id = ${provider.id}`;
    expect(await starts()).toBe("That provider does not exist.");
  });
});
