import { randomUUID } from "node:crypto";
import pg from "pg";

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
    [id, options.patientId, options.providerId, start, end, options.reason ?? "Check-up", options.status ?? "SCHEDULED", options.cancelReason ?? null],
  );
  return id;
}
