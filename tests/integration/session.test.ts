// The session check itself (lib/auth/session.ts) against real cookies: only next/headers is stood in for,
// since it works only inside a Next.js request.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient } from "../support/factories";

let cookie: string | null = null;
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => {
    const all = cookie === null ? [] : [{ name: "next-auth.session-token", value: cookie }];
    return { getAll: () => all, get: (name: string) => all.find((c) => c.name === name) };
  },
}));

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let currentUser: typeof import("@/lib/auth/session").currentUser;
let patient: TestUser;

const claims = (u: TestUser) => ({ userId: u.id, role: u.role, sessionVersion: u.sessionVersion, name: u.name, email: u.email });
const cookieFor = (u: TestUser, over: { secret?: string; maxAge?: number } = {}) =>
  encode({ token: claims(u), secret: over.secret ?? process.env.NEXTAUTH_SECRET!, maxAge: over.maxAge });
async function whoWith(value: string | null) {
  cookie = value;
  return (await currentUser())?.id ?? null;
}

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  ({ currentUser } = await import("@/lib/auth/session"));
  patient = await createPatient(db);
});
afterAll(async () => app?.close());

describe("session cookie", () => {
  it("signs in the cookie's user, twice in a row (the second from the decrypted-cookie cache)", async () => {
    const value = await cookieFor(patient);
    expect(await whoWith(value)).toBe(patient.id);
    expect(await whoWith(value)).toBe(patient.id);
  });

  it("refuses no cookie, a cookie sealed with another secret, a tampered cookie and an expired one", async () => {
    expect(await whoWith(null)).toBeNull();
    expect(await whoWith(await cookieFor(patient, { secret: "some-other-secret-0123456789" }))).toBeNull();
    const good = await cookieFor(patient);
    const tampered = `${good.slice(0, -6)}${good.slice(-6) === "AAAAAA" ? "BBBBBB" : "AAAAAA"}`;
    expect(await whoWith(tampered)).toBeNull();
    expect(await whoWith(await cookieFor(patient, { maxAge: -60 }))).toBeNull();
  });

  it("lets a cached cookie expire with its token", async () => {
    const value = await cookieFor(patient, { maxAge: 60 });
    expect(await whoWith(value)).toBe(patient.id);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 120_000 });
    try {
      expect(await whoWith(value)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("stops honouring a cached cookie once the user is deactivated or their sessions are ended", async () => {
    const other = await createPatient(db);
    const value = await cookieFor(other);
    expect(await whoWith(value)).toBe(other.id);
    await db.user.update({ where: { id: other.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await whoWith(value)).toBeNull();
    const fresh = await cookieFor({ ...other, sessionVersion: 1 });
    expect(await whoWith(fresh)).toBe(other.id);
    await db.user.update({ where: { id: other.id }, data: { active: false } });
    expect(await whoWith(fresh)).toBeNull();
  });
});
