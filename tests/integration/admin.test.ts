import "../support/mock-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider } from "../support/factories";
import { addEvents, callEvents, createAdmin, createVisitAt } from "../support/admin-fixtures";
import { figuresFromEvents, outcomeOf, summarizeEvents, type FigureEvent, type Outcome } from "@/lib/admin/session-figures";

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let routes: {
  list: typeof import("@/app/api/admin/sessions/route").GET;
  detail: typeof import("@/app/api/admin/sessions/[id]/route").GET;
  exportCsv: typeof import("@/app/api/admin/sessions/export/route").GET;
  overview: typeof import("@/app/api/admin/overview/route").GET;
  audit: typeof import("@/app/api/admin/audit/route").GET;
};
let admin: TestUser;
let provider: TestUser;
let zed: TestUser;
type Scenario = {
  name: string;
  id: string;
  patientId: string;
  events: FigureEvent[];
  status: "SCHEDULED" | "CANCELLED" | "COMPLETED" | "NO_SHOW";
  startsAt: Date;
  outcome: Outcome;
};
const scenarios: Scenario[] = [];

const BASE = Date.parse("2026-01-05T06:00:00Z");
const get = (path: string) => new Request(`http://test${path}`);
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const json = async (r: Response) => (await r.json()) as Record<string, unknown>;

async function scenario(
  name: string,
  hour: number,
  status: Scenario["status"],
  build: (start: Date, pat: string, doc: string) => FigureEvent[],
  mode: "batch" | "one-by-one" = "batch",
  patient = zed,
) {
  const startsAt = hour === 999 ? new Date(Date.now() + 86_400_000) : new Date(BASE + hour * 3_600_000);
  const id = await createVisitAt(db, patient, provider, startsAt, status);
  const events = build(startsAt, patient.id, provider.id);
  await addEvents(db, id, events, mode);
  const figures = figuresFromEvents(
    { status, endsAt: new Date(startsAt.getTime() + 30 * 60_000), patientId: patient.id, providerId: provider.id },
    events,
    new Date(),
  );
  scenarios.push({ name, id, patientId: patient.id, events, status, startsAt, outcome: figures.outcome });
}

const shuffle = <T>(list: T[]) =>
  list
    .map((v, i) => ({ v, k: (i * 7919) % 13 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.v);
const ev = (type: FigureEvent["type"], start: Date, minutes: number, actorId: string | null, data: unknown = {}): FigureEvent => ({
  type,
  at: new Date(start.getTime() + minutes * 60_000),
  actorId,
  data,
});

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  routes = {
    list: (await import("@/app/api/admin/sessions/route")).GET,
    detail: (await import("@/app/api/admin/sessions/[id]/route")).GET,
    exportCsv: (await import("@/app/api/admin/sessions/export/route")).GET,
    overview: (await import("@/app/api/admin/overview/route")).GET,
    audit: (await import("@/app/api/admin/audit/route")).GET,
  };
  admin = await createAdmin(db);
  provider = await createProvider(db);
  zed = await createPatient(db, { name: 'Zed =HYPERLINK("x"), "quoted"' });
  const other = await createPatient(db, { name: "Olive 50% Other" });
  await scenario("normal", 0, "COMPLETED", (s, p, d) => callEvents(s, p, d));
  await scenario("out of order, one by one", 1, "COMPLETED", (s, p, d) => shuffle(callEvents(s, p, d, { relayed: true })), "one-by-one");
  await scenario("missing LEFT and ENDED", 2, "SCHEDULED", (s, p, d) =>
    callEvents(s, p, d).filter((e) => e.type !== "LEFT" && e.type !== "ENDED"),
  );
  await scenario(
    "several reconnects",
    3,
    "COMPLETED",
    (s, p, d) => [
      ...callEvents(s, p, d),
      ev("RECONNECTING", s, 5, p),
      ev("RECONNECTED", s, 5.5, p, { relayed: true }),
      ev("RECONNECTING", s, 6, p),
      ev("RECONNECTING", s, 6, d),
      ev("RECONNECTED", s, 6.5, p, { relayed: true }),
    ],
    "one-by-one",
  );
  await scenario("ended while reconnecting", 4, "COMPLETED", (s, p, d) => [...callEvents(s, p, d), ev("RECONNECTING", s, 14, p)]);
  await scenario("patient never joined", 5, "COMPLETED", (s, p, d) => [
    ev("CHECKED_IN", s, 0, p),
    ev("ADMITTED", s, 1, d),
    ev("JOINED", s, 1, d),
    ev("ENDED", s, 9, d),
  ]);
  await scenario("no-show", 6, "NO_SHOW", (s) => [ev("NO_SHOW", s, 15, null, { automatic: true })], "batch", other);
  await scenario("cancelled", 7, "CANCELLED", () => [], "batch", other);
  await scenario("nothing happened", 8, "SCHEDULED", () => []);
  await scenario("checked in, never connected", 9, "SCHEDULED", (s, p) => [ev("CHECKED_IN", s, 0, p), ev("JOINED", s, 0.5, p)]);
  await scenario("tomorrow", 999, "SCHEDULED", () => []);
});
afterAll(async () => app?.close());

const listAll = async (query: string) => {
  const ids: string[] = [];
  for (let cursor = ""; ;) {
    const response = await asUser(admin, () =>
      routes.list(get(`/api/admin/sessions?providerId=${provider.id}&limit=3${query}${cursor ? `&cursor=${cursor}` : ""}`), undefined),
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as { sessions: { id: string; figures: { outcome: string } }[]; nextCursor: string | null };
    expect(page.sessions.length).toBeLessThanOrEqual(3);
    ids.push(...page.sessions.map((s) => s.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
};

describe("admin sessions", () => {
  it("keeps the trigger-maintained summary equal to the pure summary, whatever the insert order", async () => {
    expect(new Set(scenarios.map((s) => s.outcome))).toEqual(
      new Set(["completed", "dropped", "never-connected", "no-show", "cancelled", "open"]),
    );
    for (const s of scenarios) {
      const row = await db.visitSummary.findUniqueOrThrow({ where: { appointmentId: s.id } });
      const { appointmentId: _, providerId, patientId, startsAt, endsAt, status, outcomeIfOver, outcomeIfOpen, ...stored } = row;
      const appointment = { patientId: s.patientId, providerId: provider.id, status: s.status, endsAt };
      const summary = summarizeEvents(appointment, s.events);
      expect(stored, s.name).toEqual(summary);
      expect({ providerId, patientId, startsAt, status }, s.name).toEqual({
        providerId: provider.id,
        patientId: s.patientId,
        startsAt: s.startsAt,
        status: s.status,
      });
      expect(outcomeIfOver, s.name).toBe(outcomeOf(appointment, summary, new Date(endsAt.getTime() + 86_400_000)));
      expect(outcomeIfOpen, s.name).toBe(outcomeOf(appointment, summary, endsAt));
    }
  });

  it("follows the appointment: a reschedule or cancellation updates its row at once", async () => {
    const [patient, doctor] = [await createPatient(db), await createProvider(db)];
    const start = new Date(BASE + 20 * 3_600_000);
    const id = await createVisitAt(db, patient, doctor, start);
    await addEvents(db, id, [ev("CHECKED_IN", start, 0, patient.id)]);
    const moved = new Date(start.getTime() + 3_600_000);
    await db.appointment.update({
      where: { id },
      data: { startsAt: moved, endsAt: new Date(moved.getTime() + 1_800_000), blockedUntil: new Date(moved.getTime() + 1_800_000) },
    });
    expect(await db.visitSummary.findUniqueOrThrow({ where: { appointmentId: id } })).toMatchObject({
      startsAt: moved,
      outcomeIfOver: "never-connected",
      eventCount: 1,
    });
    await db.appointment.update({ where: { id }, data: { status: "CANCELLED" } });
    expect(await db.visitSummary.findUniqueOrThrow({ where: { appointmentId: id } })).toMatchObject({
      status: "CANCELLED",
      outcomeIfOver: "cancelled",
      outcomeIfOpen: "cancelled",
    });
  });

  it("filters by outcome in SQL exactly as the pure figures decide, and pages by cursor newest first", async () => {
    const expected = [...scenarios].sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime()).map((s) => s.id);
    expect(await listAll("")).toEqual(expected);
    for (const outcome of ["completed", "no-show", "cancelled", "never-connected", "dropped", "open"] as const) {
      expect(new Set(await listAll(`&outcome=${outcome}`)), outcome).toEqual(
        new Set(scenarios.filter((s) => s.outcome === outcome).map((s) => s.id)),
      );
    }
    const first = await json(
      await asUser(admin, () => routes.list(get(`/api/admin/sessions?providerId=${provider.id}&outcome=dropped`), undefined)),
    );
    expect((first.sessions as { figures: { outcome: string } }[]).every((s) => s.figures.outcome === "dropped")).toBe(true);
  });

  it("filters by date range (admin's zone), patient search (wildcards literal) and answers 422 to bad filters", async () => {
    expect(await listAll("&from=2026-01-05&to=2026-01-05")).toHaveLength(10);
    expect(await listAll("&from=2026-01-06")).toEqual([scenarios.find((s) => s.name === "tomorrow")?.id]);
    expect(await listAll("&patient=zed")).toHaveLength(9);
    expect(await listAll("&patient=50%25")).toHaveLength(2);
    expect(await listAll("&patient=%25%25")).toHaveLength(0);
    for (const bad of [
      "outcome=bogus",
      "from=2026-13-45",
      "to=2026-02-30",
      "cursor=nonsense",
      "from=2026-02-01&to=2026-01-01",
      "limit=500",
    ]) {
      const response = await asUser(admin, () => routes.list(get(`/api/admin/sessions?${bad}`), undefined));
      expect(response.status, bad).toBe(422);
      expect((await json(response)).fields, bad).toBeTruthy();
    }
  });

  it("shows one visit with its events, figures and series, and records the look", async () => {
    const target = scenarios[0]!;
    const response = await asUser(admin, () => routes.detail(get(""), params(target.id)));
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      figures: { outcome: string; waitMs: number };
      events: unknown[];
      series: { sides: { patient: { rttMs: unknown[] } } };
    };
    expect(body.figures).toMatchObject({ outcome: "completed", waitMs: 180_000 });
    expect(body.events).toHaveLength(target.events.length);
    expect(body.series.sides.patient.rttMs).toHaveLength(4);
    const entry = await db.auditEntry.findFirst({ where: { action: "session.view", targetId: target.id }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ actorId: admin.id, actorEmail: admin.email });
    const before = await db.auditEntry.count();
    expect((await asUser(admin, () => routes.detail(get(""), params("no-such-visit")))).status).toBe(404);
    expect(await db.auditEntry.count()).toBe(before);
  });

  it("gives an overview per provider and day", async () => {
    const response = await asUser(admin, () => routes.overview(get("/api/admin/overview?from=2026-01-05&to=2026-01-05"), undefined));
    const body = (await response.json()) as { rows: Record<string, unknown>[] };
    const row = body.rows.find((r) => r.providerId === provider.id);
    const day = scenarios.filter((s) => s.name !== "tomorrow" && s.status !== "CANCELLED");
    expect(row).toMatchObject({
      day: "2026-01-05",
      visits: day.length,
      noShows: day.filter((s) => s.outcome === "no-show").length,
      medianWaitMs: 180_000,
      connected: 5,
      relayed: 2,
      neverConnected: 2,
    });
    expect(row?.neverConnectedShare).toBeCloseTo(2 / 7, 3);
  });
});
