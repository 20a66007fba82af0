// People, visits and browser sides in the fault tests' own database (the same rows as
// ../visit-fixtures.ts writes, but for any database URL and for a provider shared by several visits).
import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { signInByApi } from "../auth";
import { STICKY_COOKIE } from "./balancer";

export type Person = { id: string; email: string; password: string; name: string };

const PASSWORD = "e2e-faults-password";
let passwordHash: Promise<string> | undefined;

export async function withDb<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A provider; with `alwaysOpen` they offer every day around the clock (so there are bookable slots now). */
export async function createProvider(databaseUrl: string, options: { alwaysOpen?: boolean } = {}): Promise<Person> {
  return withDb(databaseUrl, async (client) => {
    const person = await insertUser(client, "PROVIDER", `Dr. Fault ${randomUUID().slice(0, 4)}`, "Europe/London");
    await client.query(`INSERT INTO "ProviderProfile" ("userId", specialty) VALUES ($1, 'General practice')`, [person.id]);
    if (options.alwaysOpen) {
      for (let weekday = 0; weekday < 7; weekday++) {
        await client.query(
          `INSERT INTO "AvailabilityRule" (id, "providerId", weekday, "startMinute", "endMinute") VALUES ($1, $2, $3, 0, 1440)`,
          [randomUUID(), person.id, weekday],
        );
      }
    }
    return person;
  });
}

export async function createPatient(databaseUrl: string, name = `Pat ${randomUUID().slice(0, 4)}`): Promise<Person> {
  return withDb(databaseUrl, (client) => insertUser(client, "PATIENT", name, "America/New_York"));
}

async function insertUser(client: pg.Client, role: "PATIENT" | "PROVIDER", name: string, timeZone: string): Promise<Person> {
  const id = `fault-${role.toLowerCase()}-${randomUUID().slice(0, 12)}`;
  const email = `${id}@e2e.test`;
  passwordHash ??= hash(PASSWORD);
  await client.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "timeZone", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, now())`,
    [id, email, name, await passwordHash, role, timeZone],
  );
  return { id, email, password: PASSWORD, name };
}

export type Visit = { appointmentId: string; provider: Person; patient: Person };

/** An appointment between them from `startInMinutes` (may be negative) for `minutes`; its room is open. */
export async function createVisit(
  databaseUrl: string,
  provider: Person,
  patient: Person,
  options: { startInMinutes?: number; minutes?: number } = {},
): Promise<Visit> {
  const start = new Date(Date.now() + (options.startInMinutes ?? 2) * 60_000);
  const end = new Date(start.getTime() + (options.minutes ?? 30) * 60_000);
  const appointmentId = `fault-visit-${randomUUID().slice(0, 12)}`;
  await withDb(databaseUrl, (client) =>
    client.query(
      `INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, "updatedAt") VALUES ($1, $2, $3, $4, $5, $5, $6, now())`,
      [appointmentId, patient.id, provider.id, start, end, "Follow-up"],
    ),
  );
  return { appointmentId, provider, patient };
}

/** A visit with a provider and a patient of its own. */
export async function createVisitNow(databaseUrl: string): Promise<Visit> {
  const [provider, patient] = await Promise.all([createProvider(databaseUrl), createPatient(databaseUrl)]);
  return createVisit(databaseUrl, provider, patient);
}

export type Side = { context: BrowserContext; page: Page; person: Person };

/**
 * A browser context for one person, signed in through the balancer and pinned (sticky cookie) to one
 * instance; the balancer moves it to the other instance only if that one is down.
 */
export async function openSide(
  browser: Browser,
  baseURL: string,
  person: Person,
  backend: "a" | "b",
  timezoneId = "Europe/London",
): Promise<Side> {
  const context = await signedInContext(browser, baseURL, person, backend, timezoneId);
  return { context, page: await context.newPage(), person };
}

/** The same without a page, for someone who only calls the API. */
export async function signedInContext(
  browser: Browser,
  baseURL: string,
  person: Person,
  backend: "a" | "b",
  timezoneId = "Europe/London",
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, timezoneId });
  await context.addCookies([{ name: STICKY_COOKIE, value: backend, url: baseURL }]);
  await signInByApi(context.request, person.email, person.password);
  return context;
}

/** Leaving the pages destroys the peers first (see ../call.ts), then the contexts close. */
export async function closeSides(...sides: Side[]): Promise<void> {
  await Promise.all(sides.flatMap((s) => s.context.pages().map((p) => p.goto("about:blank").catch(() => undefined))));
  await Promise.all(sides.map((s) => s.context.close().catch(() => undefined)));
}

/** Patient checked in and provider admitted (through the API, on each side's own instance), both on the visit page. */
export async function openCall(visit: Visit, patient: Side, provider: Side): Promise<void> {
  const path = `/api/visits/${visit.appointmentId}`;
  expect((await patient.context.request.post(`${path}/check-in`)).status()).toBe(200);
  expect((await provider.context.request.post(`${path}/admit`)).status()).toBe(200);
  await Promise.all([patient.page.goto(`/visits/${visit.appointmentId}`), provider.page.goto(`/visits/${visit.appointmentId}`)]);
}

export async function callSession(page: Page): Promise<string | null> {
  return page.evaluate(() => window.__consultCall?.session ?? null);
}

export async function visitRows(databaseUrl: string, appointmentId: string) {
  return withDb(databaseUrl, async (client) => {
    const appointment = await client.query<{ status: string }>(`SELECT status FROM "Appointment" WHERE id = $1`, [appointmentId]);
    const events = await client.query<{ type: string; actorId: string | null }>(
      `SELECT type, "actorId" FROM "VisitEvent" WHERE "appointmentId" = $1 ORDER BY at, id`,
      [appointmentId],
    );
    return { status: appointment.rows[0]?.status ?? null, events: events.rows };
  });
}

/** Video bytes received so far by the page's current peer connection. */
export async function inboundVideoBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const stats = await window.__consultCall?.stats();
    if (!stats) return 0;
    const inbound = [...stats.values()].find((s) => s.type === "inbound-rtp" && s.kind === "video");
    return Number(inbound?.bytesReceived ?? 0);
  });
}

/** A mark on the page's window: still there later means the page was never reloaded. */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Object.defineProperty(window, "__faultMark", { value: true, configurable: true }));
}

export async function stillMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as { __faultMark?: boolean }).__faultMark === true);
}

/**
 * What a half-written visit or booking would leave behind, over the whole database: an appointment with no
 * summary row or one that disagrees with it, a COMPLETED appointment without its ENDED event (or the other
 * way round), an ENDED event twice, an event count that does not match. Empty means consistent.
 */
export async function halfWritten(databaseUrl: string): Promise<string[]> {
  return withDb(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: string; problem: string }>(`
      WITH counts AS (
        SELECT a.id, a.status, s.status AS summary_status, s."eventCount" AS summary_events,
               (SELECT count(*) FROM "VisitEvent" e WHERE e."appointmentId" = a.id)::int AS events,
               (SELECT count(*) FROM "VisitEvent" e WHERE e."appointmentId" = a.id AND e.type = 'ENDED')::int AS ended
        FROM "Appointment" a LEFT JOIN "VisitSummary" s ON s."appointmentId" = a.id
      )
      SELECT id, 'no summary row' AS problem FROM counts WHERE summary_status IS NULL
      UNION ALL SELECT id, 'summary status ' || summary_status || ' but appointment ' || status FROM counts WHERE summary_status <> status
      UNION ALL SELECT id, 'summary counts ' || summary_events || ' events, table has ' || events FROM counts WHERE summary_events <> events
      UNION ALL SELECT id, 'COMPLETED without an ENDED event' FROM counts WHERE status = 'COMPLETED' AND ended = 0
      UNION ALL SELECT id, 'ENDED event but ' || status FROM counts WHERE ended > 0 AND status <> 'COMPLETED'
      UNION ALL SELECT id, ended || ' ENDED events' FROM counts WHERE ended > 1
      UNION ALL SELECT s."appointmentId", 'summary row without appointment' FROM "VisitSummary" s LEFT JOIN "Appointment" a ON a.id = s."appointmentId" WHERE a.id IS NULL
    `);
    return rows.map((r) => `${r.id}: ${r.problem}`);
  });
}
