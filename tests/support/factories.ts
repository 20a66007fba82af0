import { randomUUID } from "node:crypto";
import type { TestUser } from "./integration-app";

type Db = typeof import("../../lib/db.ts").db;

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}${randomUUID().slice(0, 6)}`;

export async function createPatient(db: Db, over: Partial<TestUser> = {}): Promise<TestUser> {
  const id = over.id ?? `pat_${unique()}`;
  const user = await db.user.create({
    data: {
      id,
      email: `${id}@test.local`,
      name: over.name ?? "Pat Test",
      passwordHash: "x",
      role: "PATIENT",
      timeZone: over.timeZone ?? "Europe/London",
    },
  });
  return { id: user.id, name: user.name, email: user.email, role: "PATIENT", timeZone: user.timeZone, sessionVersion: 0 };
}

/** A provider open every day, all day (unless rules are given), so tests choose any aligned time. */
export async function createProvider(
  db: Db,
  over: {
    timeZone?: string;
    visitMinutes?: number;
    bufferMinutes?: number;
    minNoticeMinutes?: number;
    horizonDays?: number;
    cancelNoticeMinutes?: number;
    rules?: { weekday: number; startMinute: number; endMinute: number }[];
  } = {},
): Promise<TestUser> {
  const id = `dr_${unique()}`;
  const rules = over.rules ?? [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 }));
  const user = await db.user.create({
    data: {
      id,
      email: `${id}@test.local`,
      name: "Dr Test",
      passwordHash: "x",
      role: "PROVIDER",
      timeZone: over.timeZone ?? "UTC",
      provider: {
        create: {
          specialty: "General practice",
          visitMinutes: over.visitMinutes ?? 30,
          bufferMinutes: over.bufferMinutes ?? 0,
          minNoticeMinutes: over.minNoticeMinutes ?? 0,
          horizonDays: over.horizonDays ?? 60,
          cancelNoticeMinutes: over.cancelNoticeMinutes ?? 0,
          weeklyRules: { create: rules },
        },
      },
    },
  });
  return { id: user.id, name: user.name, email: user.email, role: "PROVIDER", timeZone: user.timeZone, sessionVersion: 0 };
}

/** The next aligned half-hour at least `hours` from now, as an ISO string. */
export function slotInHours(hours: number, visitMinutes = 30): string {
  const step = visitMinutes * 60_000;
  const t = Math.ceil((Date.now() + hours * 3600_000) / step) * step;
  return new Date(t).toISOString();
}
