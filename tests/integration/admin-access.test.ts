import "../support/mock-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider } from "../support/factories";
import { createAdmin, createVisitAt } from "../support/admin-fixtures";

type Db = typeof import("@/lib/db").db;
type Call = () => Promise<Response>;
let app: TestApp;
let db: Db;
let admin: TestUser;
let patient: TestUser;
let provider: TestUser;
let calls: Record<string, Call>;

const get = (path: string) => new Request(`http://test${path}`);
const send = (method: string, body: unknown) =>
  new Request("http://test", { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  admin = await createAdmin(db);
  patient = await createPatient(db);
  provider = await createProvider(db);
  const visit = await createVisitAt(db, patient, provider, new Date(Date.parse("2026-01-10T10:00:00Z")), "COMPLETED");
  const sessions = await import("@/app/api/admin/sessions/route");
  const detail = await import("@/app/api/admin/sessions/[id]/route");
  const exportCsv = await import("@/app/api/admin/sessions/export/route");
  const overview = await import("@/app/api/admin/overview/route");
  const audit = await import("@/app/api/admin/audit/route");
  const users = await import("@/app/api/admin/users/route");
  const user = await import("@/app/api/admin/users/[id]/route");
  const jobs = await import("@/app/api/admin/jobs/route");
  // Every handler under app/api/admin, each with a request that would succeed for an admin.
  calls = {
    "GET /api/admin/sessions": () => sessions.GET(get("/api/admin/sessions"), undefined),
    "GET /api/admin/sessions/{id}": () => detail.GET(get(""), params(visit)),
    "GET /api/admin/sessions/export": () => exportCsv.GET(get("/api/admin/sessions/export"), undefined),
    "GET /api/admin/overview": () => overview.GET(get("/api/admin/overview"), undefined),
    "GET /api/admin/audit": () => audit.GET(get("/api/admin/audit"), undefined),
    "GET /api/admin/users": () => users.GET(get("/api/admin/users?q=pat"), undefined),
    "GET /api/admin/jobs": () => jobs.GET(get("/api/admin/jobs"), undefined),
    "POST /api/admin/users": () =>
      users.POST(
        send("POST", {
          name: "Dr. New",
          email: `new-${Date.now()}-${Math.random()}@test.local`,
          password: "temporary-pass-1",
          timeZone: "Europe/Paris",
          specialty: "Dermatology",
        }),
        undefined,
      ),
    "PATCH /api/admin/users/{id}": () => user.PATCH(send("PATCH", { active: true }), params(patient.id)),
  };
});
afterAll(async () => app?.close());

describe("admin API authorisation", () => {
  it("covers every admin route module", async () => {
    const { readdir } = await import("node:fs/promises");
    const files = (await readdir("app/api/admin", { recursive: true })).filter((f) => f.endsWith("route.ts"));
    expect(files).toHaveLength(8);
    expect(Object.keys(calls)).toHaveLength(9);
  });

  it("answers 401 when signed out, with nothing recorded", async () => {
    const before = await db.auditEntry.count();
    for (const [name, call] of Object.entries(calls)) expect((await asUser(null, call)).status, name).toBe(401);
    expect(await db.auditEntry.count()).toBe(before);
  });

  it("answers 403 to patients and providers, with nothing recorded or changed", async () => {
    const before = await db.auditEntry.count();
    const providers = await db.user.count({ where: { role: "PROVIDER" } });
    for (const who of [patient, provider]) {
      for (const [name, call] of Object.entries(calls)) expect((await asUser(who, call)).status, `${who.role} ${name}`).toBe(403);
    }
    expect(await db.auditEntry.count()).toBe(before);
    expect(await db.user.count({ where: { role: "PROVIDER" } })).toBe(providers);
  });

  it("lets an admin through every route", async () => {
    for (const [name, call] of Object.entries(calls)) {
      const response = await asUser(admin, call);
      expect(response.status, name).toBeLessThan(300);
      await response.arrayBuffer();
    }
  });
});
