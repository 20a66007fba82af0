import { randomUUID } from "node:crypto";
import type { TestUser } from "./integration-app";
import type { FigureEvent } from "../../lib/admin/session-figures.ts";

type Db = typeof import("../../lib/db.ts").db;
type Status = "SCHEDULED" | "CANCELLED" | "COMPLETED" | "NO_SHOW";

export async function createAdmin(db: Db, over: { timeZone?: string } = {}): Promise<TestUser> {
  const id = `adm_${randomUUID().slice(0, 12)}`;
  const user = await db.user.create({
    data: {
      id,
      email: `${id}@test.local`,
      name: "Ada Admin",
      passwordHash: "x",
      role: "ADMIN",
      timeZone: over.timeZone ?? "Europe/London",
    },
  });
  return { id: user.id, name: user.name, email: user.email, role: "ADMIN", timeZone: user.timeZone, sessionVersion: 0 };
}

/** An appointment at any time (past ones included), written directly. */
export async function createVisitAt(
  db: Db,
  patient: TestUser,
  provider: TestUser,
  startsAt: Date,
  status: Status = "SCHEDULED",
  minutes = 30,
): Promise<string> {
  const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
  const row = await db.appointment.create({
    data: { patientId: patient.id, providerId: provider.id, startsAt, endsAt, blockedUntil: endsAt, reason: "Check-up", status },
    select: { id: true },
  });
  return row.id;
}

/** Appends events in one statement ("batch") or one statement each in the given order ("one-by-one"). */
export async function addEvents(
  db: Db,
  appointmentId: string,
  events: readonly FigureEvent[],
  mode: "batch" | "one-by-one" = "batch",
): Promise<void> {
  const rows = events.map((e) => ({ appointmentId, type: e.type, actorId: e.actorId, at: e.at, data: (e.data ?? {}) as object }));
  if (mode === "batch") {
    await db.visitEvent.createMany({ data: rows });
    return;
  }
  for (const row of rows) await db.visitEvent.create({ data: row });
}

/** A realistic call from `start` (a Date): check-in, admission, both join, direct connection, quality samples, end. */
export function callEvents(
  start: Date,
  patientId: string,
  providerId: string,
  options: { relayed?: boolean; samples?: number } = {},
): FigureEvent[] {
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  const ev = (type: FigureEvent["type"], minutes: number, actorId: string | null, data: unknown = {}): FigureEvent => ({
    type,
    at: at(minutes),
    actorId,
    data,
  });
  const relayed = options.relayed ?? false;
  const candidates = { localCandidateType: relayed ? "relay" : "host", remoteCandidateType: "srflx", relayed, session: "session-12345678" };
  const samples: FigureEvent[] = [];
  for (let i = 0; i < (options.samples ?? 4); i++) {
    for (const [actor, rtt] of [
      [patientId, 40 + i * 10],
      [providerId, 35 + i * 5],
    ] as const) {
      samples.push(
        ev("QUALITY", 4 + i / 12, actor, {
          rttMs: rtt,
          jitterMs: 3,
          packetLossPct: i % 3,
          inKbps: 900 - i * 20,
          outKbps: 850,
          fps: 30,
          width: 640,
          height: 480,
          ...candidates,
          quality: i % 4 === 3 ? "fair" : "good",
        }),
      );
    }
  }
  return [
    ev("DEVICE_CHECK", -3, patientId, { summary: "ready" }),
    ev("CHECKED_IN", -2, patientId),
    ev("ADMITTED", 1, providerId),
    ev("JOINED", 1.5, patientId),
    ev("JOINED", 2, providerId),
    ev("CONNECTED", 3, patientId, candidates),
    ev("CONNECTED", 3, providerId, candidates),
    ...samples,
    ev("ENDED", 15, providerId),
    ev("LEFT", 15.1, patientId),
    ev("LEFT", 15.2, providerId),
  ];
}
