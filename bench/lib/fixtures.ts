import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import pg from "pg";

/** Written straight into the stack's throwaway database, like tests/e2e/support/visit-fixtures.ts. */
export const BENCH_PASSWORD = "bench-password-123";
let passwordHash: Promise<string> | undefined;

export type Person = { id: string; email: string; name: string };

export function connect(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  // The stack's PostgreSQL may stop while an idle client is still pooled: not a benchmark failure.
  pool.on("error", () => undefined);
  return pool;
}

const shortId = () => randomUUID().replaceAll("-", "").slice(0, 16);

/** Inserts users of one role in one statement (providers get a profile, optionally with weekly hours). */
export async function insertUsers(
  db: pg.Pool,
  role: "PATIENT" | "PROVIDER" | "ADMIN",
  count: number,
  options: { timeZone?: string; prefix?: string } = {},
): Promise<Person[]> {
  passwordHash ??= hash(BENCH_PASSWORD);
  const digest = await passwordHash;
  const people: Person[] = Array.from({ length: count }, (_, i) => {
    const id = `bench-${options.prefix ?? role.toLowerCase()}-${shortId()}`;
    return { id, email: `${id}@bench.test`, name: `Bench ${role.toLowerCase()} ${i + 1}` };
  });
  if (count === 0) return people;
  const values: unknown[] = [];
  const tuples = people.map((p, i) => {
    values.push(p.id, p.email, p.name, digest, role, options.timeZone ?? "UTC");
    const b = i * 6;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::"Role", $${b + 6}, now())`;
  });
  await db.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "timeZone", "updatedAt") VALUES ${tuples.join(", ")}`, values);
  return people;
}

export type ProviderSettings = {
  timeZone?: string;
  visitMinutes?: number;
  bufferMinutes?: number;
  minNoticeMinutes?: number;
  horizonDays?: number;
  /** [weekday 0-6, startMinute, endMinute] in the provider's zone. */
  hours?: [number, number, number][];
};

export async function insertProvider(db: pg.Pool, settings: ProviderSettings = {}): Promise<Person> {
  const [provider] = await insertUsers(db, "PROVIDER", 1, { timeZone: settings.timeZone ?? "UTC" });
  await db.query(
    `INSERT INTO "ProviderProfile" ("userId", specialty, "visitMinutes", "bufferMinutes", "minNoticeMinutes", "horizonDays") VALUES ($1, 'General practice', $2, $3, $4, $5)`,
    [provider!.id, settings.visitMinutes ?? 30, settings.bufferMinutes ?? 0, settings.minNoticeMinutes ?? 120, settings.horizonDays ?? 60],
  );
  for (const [weekday, start, end] of settings.hours ?? []) {
    await db.query(`INSERT INTO "AvailabilityRule" (id, "providerId", weekday, "startMinute", "endMinute") VALUES ($1, $2, $3, $4, $5)`, [
      `bench-rule-${shortId()}`,
      provider!.id,
      weekday,
      start,
      end,
    ]);
  }
  return provider!;
}

export type AppointmentSpec = { patientId: string; providerId: string; start: Date; end: Date; reason?: string };

/** Many appointments in one statement; returns their ids. */
export async function insertAppointments(db: pg.Pool, specs: AppointmentSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < specs.length; offset += 500) {
    const chunk = specs.slice(offset, offset + 500);
    const values: unknown[] = [];
    const tuples = chunk.map((s, i) => {
      const id = `bench-appt-${shortId()}`;
      ids.push(id);
      values.push(id, s.patientId, s.providerId, s.start, s.end, s.reason ?? "Benchmark visit");
      const b = i * 6;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 5}, $${b + 6}, now())`;
    });
    await db.query(
      `INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, "updatedAt") VALUES ${tuples.join(", ")}`,
      values,
    );
  }
  return ids;
}

/**
 * A fixed-offset zone where it is now around midday, so "today" on the provider's dashboard holds a visit
 * starting in a few minutes whatever the hour the benchmark runs at. (Etc/GMT signs are inverted.)
 */
export function middayZone(at = new Date()): string {
  const offset = Math.max(-12, Math.min(14, 12 - at.getUTCHours()));
  if (offset === 0) return "Etc/GMT";
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

export const ALL_WEEK = (start: number, end: number): [number, number, number][] => [0, 1, 2, 3, 4, 5, 6].map((d) => [d, start, end]);

const DAY = 24 * 3600_000;

/**
 * The slots benchmark's provider: open 08:00-20:00 UTC every day with 30-minute visits (24 slots a day,
 * 672 over the 28 days from the next UTC midnight at least a day ahead), 300 of them booked by 30 patients.
 */
export async function seedBusyProvider(
  db: pg.Pool,
  booked = 300,
): Promise<{ provider: Person; from: Date; to: Date; slots: number; free: number }> {
  const provider = await insertProvider(db, { timeZone: "UTC", visitMinutes: 30, hours: ALL_WEEK(8 * 60, 20 * 60) });
  const from = new Date(Math.ceil((Date.now() + DAY) / DAY) * DAY);
  const to = new Date(from.getTime() + 28 * DAY);
  const all: Date[] = [];
  for (let day = 0; day < 28; day++)
    for (let i = 0; i < 24; i++) all.push(new Date(from.getTime() + day * DAY + 8 * 3600_000 + i * 30 * 60_000));
  // A fixed, spread-out choice: every slot whose scrambled index falls below `booked`.
  const chosen = all.filter((_, i) => (i * 379) % all.length < booked);
  const owners = await insertUsers(db, "PATIENT", 30, { prefix: "busy-owner" });
  await insertAppointments(
    db,
    chosen.map((start, i) => ({
      patientId: owners[i % owners.length]!.id,
      providerId: provider.id,
      start,
      end: new Date(start.getTime() + 30 * 60_000),
    })),
  );
  return { provider, from, to, slots: all.length, free: all.length - chosen.length };
}
