// User management through the real session checks: only the request's cookies are made up (a real session cookie), so
// lib/auth/session.ts re-reads each user (active, role, sessionVersion) exactly as in production.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider } from "../support/factories";
import { createAdmin } from "../support/admin-fixtures";
import { createAppointmentNow } from "../support/visit-factory";

type FakeSession = { user: { id: string; role: string; name: string; email: string; sessionVersion: number } } | null;
let session: FakeSession = null;
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => (await import("../support/session-cookie")).sessionCookies(session?.user ?? null),
}));

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let admin: TestUser;
let users: typeof import("@/app/api/admin/users/route");
let user: typeof import("@/app/api/admin/users/[id]/route");
let requireUser: typeof import("@/lib/auth/session").requireUser;

/** Signs in as `u` with the sessionVersion it has now (as a fresh JWT would carry), then runs fn. */
async function as<T>(u: { id: string }, fn: () => Promise<T>, version?: number): Promise<T> {
  const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
  session = { user: { id: row.id, role: row.role, name: row.name, email: row.email, sessionVersion: version ?? row.sessionVersion } };
  try {
    return await fn();
  } finally {
    session = null;
  }
}
const get = (path: string) => new Request(`http://test${path}`);
const send = (method: string, body: unknown) =>
  new Request("http://test", { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const patch = (id: string, body: unknown) => user.PATCH(send("PATCH", body), { params: Promise.resolve({ id }) });

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  admin = await createAdmin(db);
  users = await import("@/app/api/admin/users/route");
  user = await import("@/app/api/admin/users/[id]/route");
  requireUser = (await import("@/lib/auth/session")).requireUser;
});
afterAll(async () => app?.close());

describe("admin user management", () => {
  it("lists users by search and role, 25 a page", async () => {
    for (let i = 0; i < 27; i++) await createPatient(db, { name: `Quillon ${String(i).padStart(2, "0")}` });
    const page = async (query: string) =>
      (await (await as(admin, () => users.GET(get(`/api/admin/users?${query}`), undefined))).json()) as {
        users: { name: string }[];
        total: number;
        pages: number;
      };
    const first = await page("q=quillon");
    expect(first).toMatchObject({ total: 27, pages: 2 });
    expect(first.users).toHaveLength(25);
    expect((await page("q=QUILLON&page=2")).users.map((u) => u.name)).toEqual(["Quillon 25", "Quillon 26"]);
    expect((await page("q=quillon&role=PROVIDER")).total).toBe(0);
    expect((await page("role=ADMIN")).users.map((u) => u.name)).toContain("Ada Admin");
    expect((await as(admin, () => users.GET(get("/api/admin/users?role=KING"), undefined))).status).toBe(422);
  });

  it("creates a provider with a profile and a working temporary password; refuses duplicates and bad fields", async () => {
    const body = {
      name: "Dr. Ines Moreau",
      email: "Ines.Moreau@Clinic.test",
      password: "temporary-pass-1",
      timeZone: "Europe/Paris",
      specialty: "Dermatology",
    };
    const created = await as(admin, () => users.POST(send("POST", body), undefined));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const row = await db.user.findUniqueOrThrow({ where: { id }, include: { provider: true } });
    expect(row).toMatchObject({
      email: "ines.moreau@clinic.test",
      role: "PROVIDER",
      timeZone: "Europe/Paris",
      active: true,
      provider: { specialty: "Dermatology" },
    });
    const { authenticate } = await import("@/lib/auth/authenticate");
    expect(await authenticate({ email: body.email, password: body.password })).toMatchObject({ id, role: "PROVIDER" });
    expect((await as(admin, () => users.POST(send("POST", body), undefined))).status).toBe(409);
    const bad = await as(admin, () =>
      users.POST(send("POST", { ...body, email: "x", password: "short", timeZone: "Mars/Base", specialty: "" }), undefined),
    );
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { fields: object }).fields).sort()).toEqual(["email", "password", "specialty", "timeZone"]);
  });

  it("deactivating ends the user's sessions at their next request and stops sign-in; reactivating needs a new sign-in", async () => {
    const { hashPassword } = await import("@/lib/auth/password");
    const { authenticate } = await import("@/lib/auth/authenticate");
    const target = await createPatient(db);
    await db.user.update({ where: { id: target.id }, data: { passwordHash: await hashPassword("patient-pass-1") } });
    const oldVersion = (await db.user.findUniqueOrThrow({ where: { id: target.id } })).sessionVersion;
    expect((await as(target, () => requireUser())).id).toBe(target.id);
    const response = await as(admin, () => patch(target.id, { active: false }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: target.id, active: false });
    expect(await db.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ active: false, sessionVersion: oldVersion + 1 });
    await expect(as(target, () => requireUser(), oldVersion)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await authenticate({ email: target.email, password: "patient-pass-1" })).toBeNull();
    expect((await as(admin, () => patch(target.id, { active: true }))).status).toBe(200);
    await expect(as(target, () => requireUser(), oldVersion)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await as(target, () => requireUser())).id).toBe(target.id);
    expect(await authenticate({ email: target.email, password: "patient-pass-1" })).toMatchObject({ id: target.id });
  });

  it("changes a role (ending sessions, adding a provider profile when needed)", async () => {
    const target = await createPatient(db);
    const before = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect((await as(admin, () => patch(target.id, { role: "PROVIDER" }))).status).toBe(200);
    const after = await db.user.findUniqueOrThrow({ where: { id: target.id }, include: { provider: true } });
    expect(after).toMatchObject({
      role: "PROVIDER",
      sessionVersion: before.sessionVersion + 1,
      provider: { specialty: "General practice" },
    });
    await expect(as(target, () => requireUser(), before.sessionVersion)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("refuses to let admins lock themselves out, or to demote a provider with upcoming visits", async () => {
    expect((await as(admin, () => patch(admin.id, { active: false }))).status).toBe(409);
    expect((await as(admin, () => patch(admin.id, { role: "PATIENT" }))).status).toBe(409);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
    const busy = await createProvider(db);
    await createAppointmentNow(db, await createPatient(db), busy, 60);
    const refused = await as(admin, () => patch(busy.id, { role: "PATIENT" }));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/1 upcoming visit/);
  });

  it("validates changes: unknown user 404, bad or mixed bodies 422", async () => {
    const target = await createPatient(db);
    expect((await as(admin, () => patch("no-such-user", { active: false }))).status).toBe(404);
    for (const body of [{}, { role: "KING" }, { active: "no" }, { role: "ADMIN", active: false }]) {
      expect((await as(admin, () => patch(target.id, body))).status, JSON.stringify(body)).toBe(422);
    }
  });
});
