import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { insertUser, type Person } from "./visit-fixtures";

/** Runs one query on the e2e database (fixtures only: the app under test is driven through its pages and API). */
export async function e2eQuery<T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Another appointment between the same two people, `startInMinutes` from now, in the given state. */
export async function addAppointment(options: {
  patientId: string;
  providerId: string;
  startInMinutes: number;
  status?: "SCHEDULED" | "CANCELLED" | "COMPLETED" | "NO_SHOW";
  cancelReason?: string;
  reason?: string;
}): Promise<string> {
  const id = `e2e-appt-${randomUUID().slice(0, 12)}`;
  const start = new Date(Date.now() + options.startInMinutes * 60_000);
  const end = new Date(start.getTime() + 30 * 60_000);
  await e2eQuery(
    `INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, status, "cancelReason", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7::"AppointmentStatus", $8, now())`,
    [
      id,
      options.patientId,
      options.providerId,
      start,
      end,
      options.reason ?? "Check-up",
      options.status ?? "SCHEDULED",
      options.cancelReason ?? null,
    ],
  );
  return id;
}

/**
 * A provider of this test's own, open every day around the clock, so the slots API offers times at every
 * distance from now: tests pick the ones their rule needs (inside or beyond the notice) whatever the hour.
 */
export async function createAlwaysOpenProvider(name = `Dr. Open ${randomUUID().slice(0, 4)}`): Promise<Person> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const provider = await insertUser(client, "PROVIDER", name, "UTC");
    for (let weekday = 0; weekday < 7; weekday++) {
      await client.query(
        `INSERT INTO "AvailabilityRule" (id, "providerId", weekday, "startMinute", "endMinute") VALUES ($1, $2, $3, 0, 1440)`,
        [`e2e-rule-${randomUUID().slice(0, 12)}`, provider.id, weekday],
      );
    }
    return provider;
  } finally {
    await client.end();
  }
}

export type Slot = { start: string; end: string };

/** The provider's free slots in the next `days` days, as the API offers them. */
export async function freeSlots(request: APIRequestContext, providerId: string, days = 3): Promise<Slot[]> {
  const from = new Date();
  const to = new Date(from.getTime() + days * 86_400_000);
  const response = await request.get(`/api/providers/${providerId}/slots?from=${from.toISOString()}&to=${to.toISOString()}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { slots: Slot[] }).slots;
}

/** A slot whose start lies between `minHours` and `maxHours` from now (e.g. inside or beyond the cancellation notice). */
export function slotBetween(slots: Slot[], minHours: number, maxHours: number): Slot {
  const now = Date.now();
  const slot = slots.find((s) => {
    const hours = (new Date(s.start).getTime() - now) / 3_600_000;
    return hours > minHours && hours < maxHours;
  });
  if (!slot) throw new Error(`No free slot between ${minHours} and ${maxHours} hours from now`);
  return slot;
}

export async function bookByApi(request: APIRequestContext, providerId: string, start: string, reason = "Check-up"): Promise<string> {
  const response = await request.post("/api/appointments", { data: { providerId, start, reason } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** A patient of this test's own (patients cannot hold two overlapping visits, so tests never share one). */
export async function createPatientRow(name = `Pat ${randomUUID().slice(0, 4)}`): Promise<Person> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return await insertUser(client, "PATIENT", name, "Europe/London");
  } finally {
    await client.end();
  }
}
