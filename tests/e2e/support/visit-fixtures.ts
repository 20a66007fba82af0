import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import pg from "pg";

export type Person = { id: string; email: string; password: string; name: string };
export type VisitFixture = { appointmentId: string; provider: Person; patient: Person };

const PASSWORD = "e2e-visit-password";

/** The server's rule (lib/env.ts, which only the server may import): a visit room opens this long before its start. */
export const VISIT_OPENS_MINUTES_BEFORE = Number(process.env.VISIT_OPENS_MINUTES_BEFORE ?? 15);
let passwordHash: Promise<string> | undefined;

export async function insertUser(client: pg.Client, role: "PATIENT" | "PROVIDER", name: string, timeZone: string): Promise<Person> {
  const id = `e2e-${role.toLowerCase()}-${randomUUID().slice(0, 12)}`;
  const email = `${id}@e2e.test`;
  passwordHash ??= hash(PASSWORD);
  await client.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "timeZone", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, now())`,
    [id, email, name, await passwordHash, role, timeZone],
  );
  if (role === "PROVIDER") await client.query(`INSERT INTO "ProviderProfile" ("userId", specialty) VALUES ($1, 'General practice')`, [id]);
  return { id, email, password: PASSWORD, name };
}

/**
 * A provider, a patient and an appointment starting a few minutes from now, written straight into the
 * e2e database: booking rules (minimum notice) would never offer a slot this close, and each test gets
 * people of its own so parallel tests cannot disturb each other.
 */
export async function createVisitNow(
  options: { startInMinutes?: number; minutes?: number; patientName?: string } = {},
): Promise<VisitFixture> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const provider = await insertUser(client, "PROVIDER", "Dr. Test Provider", "Europe/London");
    const patient = await insertUser(client, "PATIENT", options.patientName ?? `Pat ${randomUUID().slice(0, 4)}`, "America/New_York");
    const start = new Date(Date.now() + (options.startInMinutes ?? 2) * 60_000);
    const end = new Date(start.getTime() + (options.minutes ?? 30) * 60_000);
    const appointmentId = `e2e-visit-${randomUUID().slice(0, 12)}`;
    await client.query(
      `INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, "updatedAt") VALUES ($1, $2, $3, $4, $5, $5, $6, now())`,
      [appointmentId, patient.id, provider.id, start, end, "Sore throat"],
    );
    return { appointmentId, provider, patient };
  } finally {
    await client.end();
  }
}

export async function visitEvents(
  appointmentId: string,
): Promise<{ type: string; actorId: string | null; data: Record<string, unknown> }[]> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT type, "actorId", data FROM "VisitEvent" WHERE "appointmentId" = $1 ORDER BY at, id`, [
      appointmentId,
    ]);
    return rows as { type: string; actorId: string | null; data: Record<string, unknown> }[];
  } finally {
    await client.end();
  }
}
