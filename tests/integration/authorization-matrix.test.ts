// The authorisation matrix: every route handler under app/api (there are no server actions) against every
// kind of caller, with the expected HTTP status of each cell in ONE table below.
//
// The session checks are the real ones (lib/auth/session.ts decodes the session cookie and re-reads the
// user on every request: active, role, sessionVersion); only the request's cookies are made up, holding a
// real encrypted session cookie, so `asUser(user, fn)` decides whose JWT the requests inside fn carry. The "deactivated" caller is an admin whose account was switched off
// while their JWT is still otherwise valid: the re-read refuses it with 401.
//
// Ownership is built into the scene: the patient and provider own visit A (room open, patient checked in
// and admitted) and the future appointment F; the other patient and other provider own visit B. So every
// "other patient" cell is the patient of B acting on A, i.e. someone trying to read, join, subscribe to,
// get TURN credentials for, report on or end a visit that is not theirs.
//
// Each refused cell (4xx) runs against one shared scene and must leave every table (all but the rate-limit
// counters) byte-for-byte unchanged. Each allowed cell of a writing route gets a fresh scene of its own.
import { createRequire, Module } from "node:module";
import { readdir, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asUser, signedIn, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider, slotInHours } from "../support/factories";
import { createAdmin } from "../support/admin-fixtures";
import { createAppointmentNow } from "../support/visit-factory";

// ─── The table ──────────────────────────────────────────────────────────────────────────────────────────
// "visit link": the patient of visit A holding only the scoped session their emailed join link gave them.
// The guests (issue 16), each holding only the visit-link session its own join link gave: "guest" is visit A's
// (checked in and admitted), "B's guest" visit B's, "removed guest" was A's until the provider removed them,
// "closed guest" was invited to a visit whose room has closed.
const ACTORS = [
  "signed out",
  "patient",
  "other patient",
  "provider",
  "other provider",
  "admin",
  "deactivated",
  "visit link",
  "guest",
  "B's guest",
  "removed guest",
  "closed guest",
] as const;
type Actor = (typeof ACTORS)[number];

// prettier-ignore
const MATRIX = [
  //                                                                       out  pat  pat2 prov prov2 admin deact link guest gstB gone closed
  // Public by design: the answer does not depend on who asks.
  ["GET /api/health",                                                     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ["POST /api/csp-report",                                                [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204]],
  ["POST /api/signup",                                                    [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201]],
  ["POST /api/pusher/webhook (signed with the app secret)",               [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ["POST /api/pusher/webhook (forged signature)",                         [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401]],
  ["GET /api/auth/[...nextauth] (providers)",                             [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ["GET /api/auth/[...nextauth] (csrf)",                                  [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ["POST /api/auth/[...nextauth] (credentials without CSRF: refused)",    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  // Any signed-in, active user.
  ["GET /api/providers",                                                  [401, 200, 200, 200, 200, 200, 401, 401, 401, 401, 401, 401]],
  ["GET /api/providers/[id]/slots",                                       [401, 200, 200, 200, 200, 200, 401, 401, 401, 401, 401, 401]],
  ["GET /api/appointments",                                               [401, 200, 200, 200, 200, 200, 401, 401, 401, 401, 401, 401]],
  // Patients book; nobody else can.
  ["POST /api/appointments",                                              [401, 201, 201, 403, 403, 403, 401, 401, 401, 401, 401, 401]],
  // Appointment F (patient + provider's, in two days): the participants and admins; anyone else 404.
  ["GET /api/appointments/[id]/ics",                                      [401, 200, 404, 200, 404, 200, 401, 401, 401, 401, 401, 401]],
  ["POST /api/appointments/[id]/reschedule",                              [401, 200, 404, 403, 404, 403, 401, 401, 401, 401, 401, 401]],
  ["POST /api/appointments/[id]/cancel",                                  [401, 200, 404, 200, 404, 200, 401, 401, 401, 401, 401, 401]],
  // Visit A (open, checked in, admitted): its two participants only, each in their own part; admins 404 too.
  ["GET /api/visits/[id]",                                                [401, 200, 404, 200, 404, 404, 401, 200, 200, 401, 401, 401]],
  ["POST /api/visits/[id]/check-in",                                      [401, 200, 404, 403, 404, 404, 401, 200, 200, 401, 401, 401]],
  ["POST /api/visits/[id]/device-check",                                  [401, 201, 404, 403, 404, 404, 401, 201, 201, 401, 401, 401]],
  ["POST /api/visits/[id]/running-late",                                  [401, 403, 404, 200, 404, 404, 401, 401, 401, 401, 401, 401]],
  ["POST /api/visits/[id]/admit",                                         [401, 403, 404, 200, 404, 404, 401, 401, 401, 401, 401, 401]],
  ["GET /api/visits/[id] (visit B: the link is for A only)",              [401, 404, 200, 404, 200, 404, 401, 401, 401, 200, 401, 401]],
  ["GET /api/visits/[id]/ice-servers",                                    [401, 200, 404, 200, 404, 404, 401, 200, 200, 401, 401, 401]],
  ["POST /api/visits/[id]/quality",                                       [401, 201, 404, 201, 404, 404, 401, 201, 201, 401, 401, 401]],
  ["POST /api/visits/[id]/connection",                                    [401, 201, 404, 201, 404, 404, 401, 201, 201, 401, 401, 401]],
  ["POST /api/visits/[id]/leave",                                         [401, 200, 404, 403, 404, 404, 401, 200, 200, 401, 401, 401]],
  ["POST /api/visits/[id]/room",                                          [401, 200, 404, 200, 404, 404, 401, 200, 200, 401, 401, 401]],
  ["POST /api/visits/[id]/end",                                           [401, 403, 404, 200, 404, 404, 401, 401, 401, 401, 401, 401]],
  ["POST /api/visits/[id]/no-show (a missed visit of the same pair)",     [401, 403, 404, 200, 404, 404, 401, 401, 401, 401, 401, 401]],
  ["POST /api/visits/[id]/new-link (appointment F)",                      [401, 403, 403, 200, 404, 403, 401, 401, 401, 401, 401, 401]],
  // Guests of visit A (issue 16): the provider invites (the patient only a caregiver once allowed), removes, decides.
  ["POST /api/visits/[id]/guests",                                        [401, 403, 404, 201, 404, 404, 401, 403, 403, 401, 401, 401]],
  ["DELETE /api/visits/[id]/guests/[guestId] (visit A's guest)",          [401, 403, 404, 200, 404, 404, 401, 401, 401, 401, 401, 401]],
  ["POST /api/visits/[id]/guest-policy",                                  [401, 403, 404, 200, 404, 404, 401, 401, 401, 401, 401, 401]],
  ["POST /api/visits/[id]/admit (visit A's guest, by its user id)",       [401, 403, 404, 200, 404, 404, 401, 401, 401, 401, 401, 401]],
  // Realtime channels: your own user channel, your own provider channel, and visit A's presence channel.
  ["POST /api/pusher/auth (presence-visit-A)",                            [401, 200, 403, 200, 403, 403, 401, 200, 200, 403, 401, 401]],
  ["POST /api/pusher/auth (presence-visit-B)",                            [401, 403, 200, 403, 200, 403, 401, 403, 403, 200, 401, 401]],
  ["POST /api/pusher/auth (private-user-<patient>)",                      [401, 200, 403, 403, 403, 403, 401, 200, 403, 403, 401, 401]],
  ["POST /api/pusher/auth (private-user-<provider>)",                     [401, 403, 403, 200, 403, 403, 401, 403, 403, 403, 401, 401]],
  ["POST /api/pusher/auth (private-provider-<provider>)",                 [401, 403, 403, 200, 403, 403, 401, 403, 403, 403, 401, 401]],
  // A provider's own day and schedule (each provider edits only their own; another's exception is 404).
  ["GET /api/provider/day",                                               [401, 403, 403, 200, 200, 403, 401, 401, 401, 401, 401, 401]],
  ["GET /api/provider/schedule",                                          [401, 403, 403, 200, 200, 403, 401, 401, 401, 401, 401, 401]],
  ["PUT /api/provider/schedule",                                          [401, 403, 403, 200, 200, 403, 401, 401, 401, 401, 401, 401]],
  ["POST /api/provider/schedule/exceptions",                              [401, 403, 403, 201, 201, 403, 401, 401, 401, 401, 401, 401]],
  ["DELETE /api/provider/schedule/exceptions/[id] (the provider's)",      [401, 403, 403, 200, 404, 403, 401, 401, 401, 401, 401, 401]],
  // Staff book for patients: providers in their own schedule, admins for any provider.
  ["GET /api/staff/patients",                                             [401, 403, 403, 200, 200, 200, 401, 401, 401, 401, 401, 401]],
  ["POST /api/staff/appointments (for the other patient with the provider)", [401, 403, 403, 201, 403, 201, 401, 401, 401, 401, 401, 401]],
  // An invited patient (no password yet) sets one from their visit: only once, so everyone with a password gets 409.
  ["POST /api/account/first-password",                                    [401, 200, 409, 409, 409, 409, 401, 200, 403, 401, 401, 401]],
  // A patient's own account (each patient acts on their own; the password-checked changes stop at the check).
  ["GET /api/account",                                                    [401, 200, 200, 403, 403, 403, 401, 401, 401, 401, 401, 401]],
  ["PATCH /api/account",                                                  [401, 200, 200, 403, 403, 403, 401, 401, 401, 401, 401, 401]],
  ["POST /api/account/email (with a wrong current password)",             [401, 422, 422, 403, 403, 403, 401, 401, 401, 401, 401, 401]],
  ["POST /api/account/password (with a wrong current password)",          [401, 422, 422, 403, 403, 403, 401, 401, 401, 401, 401, 401]],
  // The clinic's contact details: everyone signed in reads them; providers and admins keep them.
  ["GET /api/clinic/contact",                                             [401, 200, 200, 200, 200, 200, 401, 401, 401, 401, 401, 401]],
  ["PUT /api/clinic/contact",                                             [401, 403, 403, 200, 200, 200, 401, 401, 401, 401, 401, 401]],
  // Admin only.
  ["GET /api/admin/jobs",                                                 [401, 403, 403, 403, 403, 200, 401, 401, 401, 401, 401, 401]],
  ["GET /api/admin/sessions",                                             [401, 403, 403, 403, 403, 200, 401, 401, 401, 401, 401, 401]],
  ["GET /api/admin/sessions/[id]",                                        [401, 403, 403, 403, 403, 200, 401, 401, 401, 401, 401, 401]],
  ["GET /api/admin/sessions/export",                                      [401, 403, 403, 403, 403, 200, 401, 401, 401, 401, 401, 401]],
  ["GET /api/admin/overview",                                             [401, 403, 403, 403, 403, 200, 401, 401, 401, 401, 401, 401]],
  ["GET /api/admin/audit",                                                [401, 403, 403, 403, 403, 200, 401, 401, 401, 401, 401, 401]],
  ["GET /api/admin/users",                                                [401, 403, 403, 403, 403, 200, 401, 401, 401, 401, 401, 401]],
  ["POST /api/admin/users",                                               [401, 403, 403, 403, 403, 201, 401, 401, 401, 401, 401, 401]],
  ["PATCH /api/admin/users/[id] (deactivate the other patient)",          [401, 403, 403, 403, 403, 200, 401, 401, 401, 401, 401, 401]],
] as const satisfies readonly (readonly [string, readonly [number, number, number, number, number, number, number, number, number, number, number, number]])[];

type RowName = (typeof MATRIX)[number][0];
const CELLS = MATRIX.length * ACTORS.length;

// ─── Session: only the request's cookies are made up, holding a real session cookie for the signed-in actor ───
vi.mock("next/headers", async (importOriginal) => {
  const { signedIn: store } = await import("../support/integration-app");
  const { sessionCookies } = await import("../support/session-cookie");
  const linkCookie = (who: unknown) => (who && typeof who === "object" && "linkCookie" in who ? String(who.linkCookie) : null);
  const cookies = async () => {
    const who = store.getStore() ?? null;
    const link = linkCookie(who);
    if (!link) return sessionCookies(who);
    const all = [{ name: "consult.visit-link", value: link }];
    return { getAll: () => all, get: (name: string) => all.find((c) => c.name === name) };
  };
  return { ...(await importOriginal<typeof import("next/headers")>()), cookies };
});

// next-auth's own route handler reads cookies and headers through next/headers, which only works inside a
// Next.js request; it requires it at call time from CommonJS, so a stand-in goes into the require cache.
function standInNextHeaders(): void {
  const requireFromNextAuth = createRequire(createRequire(import.meta.url).resolve("next-auth"));
  const path = requireFromNextAuth.resolve("next/headers");
  const stub = new Module(path);
  stub.filename = path;
  stub.loaded = true;
  stub.exports = {
    headers: async () => new Headers({ host: "127.0.0.1:3999" }),
    cookies: async () => ({ getAll: () => [], get: () => undefined }),
  };
  requireFromNextAuth.cache[path] = stub;
}

// ─── App, routes, requests ───────────────────────────────────────────────────────────────────────────────
type Db = typeof import("@/lib/db").db;
type Route = (request: Request, context: never) => Promise<Response>;
let app: TestApp;
let db: Db;
let actions: typeof import("@/lib/visits/visit-actions");
const routes: Record<string, Record<string, Route>> = {};

const TURN = { STUN_URLS: "stun:127.0.0.1:3478", TURN_URLS: "turn:127.0.0.1:3478?transport=udp", TURN_SECRET: "matrix-turn-secret" };
const ORIGIN = "http://127.0.0.1:3999";

beforeAll(async () => {
  Object.assign(process.env, TURN); // read once by lib/env, before any route runs
  standInNextHeaders();
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  actions = await import("@/lib/visits/visit-actions");
  for (const file of await routeFiles())
    routes[file] = (await import(/* @vite-ignore */ resolve("app/api", file))) as Record<string, Route>;
});
afterAll(async () => {
  for (const key of Object.keys(TURN)) delete process.env[key];
  await app?.close();
});

/** Every route module under app/api, as a path relative to it ("visits/[id]/check-in/route.ts"). */
async function routeFiles(): Promise<string[]> {
  return (await readdir("app/api", { recursive: true })).filter((f) => f.endsWith("route.ts")).sort();
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const handler = (file: string, method: string): Route => {
  const found = routes[`${file}/route.ts`]?.[method];
  if (!found) throw new Error(`no ${method} handler in app/api/${file}/route.ts`);
  return found;
};
const call = (file: string, method: string, request: Request, context: unknown = undefined) =>
  handler(file, method)(request, context as never);
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const get = (path: string) => new Request(`${ORIGIN}${path}`);
const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const form = (channel: string) =>
  new Request(`${ORIGIN}/api/pusher/auth`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ socket_id: "123.456", channel_name: channel }).toString(),
  });
const webhook = (secret: string) => {
  const raw = JSON.stringify({ time_ms: Date.now(), events: [{ name: "channel_occupied", channel: "private-user-nobody" }] });
  const signature = createHmac("sha256", secret).update(raw).digest("hex");
  return new Request(`${ORIGIN}/api/pusher/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-pusher-key": "test-key", "x-pusher-signature": signature },
    body: raw,
  });
};
const nextAuth = async (method: "GET" | "POST", segments: string[], body?: string) => {
  const { NextRequest } = await import("next/server");
  const init = body === undefined ? { method } : { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body };
  return call("auth/[...nextauth]", method, new NextRequest(`${ORIGIN}/api/auth/${segments.join("/")}`, init), {
    params: Promise.resolve({ nextauth: segments }),
  });
};

// ─── The scene ───────────────────────────────────────────────────────────────────────────────────────────
type Scene = {
  users: Record<Exclude<Actor, "signed out">, TestUser & { linkCookie?: string }>;
  /** Visit A: the patient's and provider's, started a minute ago, checked in and admitted. */
  a: string;
  /** Visit B: the other patient's and other provider's, in the same state. */
  b: string;
  /** A visit of the same pair that started 20 minutes ago and nobody checked in to (no-show by hand). */
  missed: string;
  /** Appointment F: the same pair, in two days. */
  future: string;
  /** One of the provider's schedule exceptions. */
  exception: string;
  /** Visit A's guest: its VisitGuest row id (for DELETE) and user id (for admit). */
  guest: { rowId: string; userId: string };
};

/** A guest caller: `role` is only the test caller's type; its link session's user has role GUEST (see roleOf). */
type GuestCaller = TestUser & { linkCookie: string; guest: true };
const roleOf = (who: TestUser | null) => (who && "guest" in who ? "GUEST" : who?.role);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function scene(): Promise<Scene> {
  const [patient, otherPatient, provider, otherProvider, admin, deactivated] = await Promise.all([
    createPatient(db, { name: "Pat Owner" }),
    createPatient(db, { name: "Pat Other" }),
    createProvider(db),
    createProvider(db),
    createAdmin(db),
    createAdmin(db),
  ]);
  // Switched off by an admin; the JWT it still carries names the current sessionVersion, so only `active` refuses it.
  await db.user.update({ where: { id: deactivated.id }, data: { active: false } });
  // The clinic invited this patient: no password yet (they may set one), and a join link for visit A.
  await db.user.update({ where: { id: patient.id }, data: { passwordHash: "" } });
  const [a, b, missed] = await Promise.all([
    createAppointmentNow(db, patient, provider, -1),
    createAppointmentNow(db, otherPatient, otherProvider, -1),
    createAppointmentNow(db, patient, provider, -20, 10),
  ]);
  for (const [p, d, id] of [
    [patient, provider, a.id],
    [otherPatient, otherProvider, b.id],
  ] as const) {
    await actions.checkIn(p, id);
    await actions.admit(d, id);
  }
  const start = new Date(slotInHours(48));
  const end = new Date(start.getTime() + 30 * 60_000);
  const future = await db.appointment.create({
    data: { patientId: patient.id, providerId: provider.id, startsAt: start, endsAt: end, blockedUntil: end, reason: "Follow-up" },
    select: { id: true },
  });
  const link = await db.visitLink.create({
    data: { appointmentId: a.id, userId: patient.id, purpose: "test", tokenHash: `matrix-${unique()}` },
    select: { id: true },
  });
  const { encodeVisitLinkSession } = await import("@/lib/auth/visit-link-session");
  const visitLink = {
    ...patient,
    linkCookie: await encodeVisitLinkSession({ linkId: link.id, appointmentId: a.id, userId: patient.id }, 3600),
  };
  // The guests, each with its own GUEST user and join link (as lib/guests/invite-guest.ts makes them).
  const closed = await createAppointmentNow(db, patient, provider, -300, 30);
  const guestOf = async (appointmentId: string, name: string) => {
    const user = await db.user.create({
      data: { email: `guest-${unique()}@guests.invalid`, name, passwordHash: "", role: "GUEST", timeZone: "UTC" },
      select: { id: true, name: true, email: true, timeZone: true, sessionVersion: true },
    });
    const row = await db.visitGuest.create({
      data: { appointmentId, userId: user.id, name, role: "INTERPRETER", detail: "Spanish", invitedById: provider.id },
      select: { id: true },
    });
    const guestLink = await db.visitLink.create({
      data: { appointmentId, userId: user.id, purpose: "guest", tokenHash: `matrix-${unique()}` },
      select: { id: true },
    });
    const caller: GuestCaller = {
      ...user,
      role: "PATIENT",
      guest: true,
      linkCookie: await encodeVisitLinkSession({ linkId: guestLink.id, appointmentId, userId: user.id }, 3600),
    };
    return { caller, rowId: row.id };
  };
  const [guestA, guestB, removed, closedGuest] = await Promise.all([
    guestOf(a.id, "Maria Garcia"),
    guestOf(b.id, "Bea Guest"),
    guestOf(a.id, "Ron Removed"),
    guestOf(closed.id, "Cleo Closed"),
  ]);
  // Visit A's guest checked in and was admitted; the removed one is as lib/guests/remove-guest.ts leaves it.
  await actions.checkIn(guestA.caller, a.id);
  await actions.admit(provider, a.id, guestA.caller.id);
  await db.visitGuest.update({ where: { id: removed.rowId }, data: { revokedAt: new Date() } });
  await db.visitLink.updateMany({ where: { userId: removed.caller.id }, data: { revokedAt: new Date() } });
  await db.user.update({ where: { id: removed.caller.id }, data: { active: false } });
  // A day off well clear of every slot the rows book (at most 9 days ahead, rounded up, in any zone): at
  // 5 days it caught the 96-hour booking whenever the suite ran after 23:30 UTC.
  const exception = await db.availabilityException.create({
    data: { providerId: provider.id, date: new Date(`${inDays(12)}T00:00:00Z`), kind: "TIME_OFF" },
    select: { id: true },
  });
  return {
    users: {
      patient,
      "other patient": otherPatient,
      provider,
      "other provider": otherProvider,
      admin,
      deactivated,
      "visit link": visitLink,
      guest: guestA.caller,
      "B's guest": guestB.caller,
      "removed guest": removed.caller,
      "closed guest": closedGuest.caller,
    },
    guest: { rowId: guestA.rowId, userId: guestA.caller.id },
    a: a.id,
    b: b.id,
    missed: missed.id,
    future: future.id,
    exception: exception.id,
  };
}

// ─── How each row is called ──────────────────────────────────────────────────────────────────────────────
/** `writes`: a success changes the scene, so each allowed caller gets a fresh one. `check`: more than the status. */
type Call = {
  run(s: Scene, who: TestUser | null): Promise<Response>;
  writes?: boolean;
  check?(response: Response, s: Scene, who: TestUser | null): Promise<void>;
};

const unique = () => randomUUID().slice(0, 8);
const sample = {
  rttMs: 12,
  jitterMs: 3,
  packetLossPct: 0,
  inKbps: 1200,
  outKbps: 1100,
  fps: 30,
  width: 640,
  height: 480,
  localCandidateType: "host",
  remoteCandidateType: "host",
  quality: "good",
};
const weekly = Object.fromEntries(
  ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"].map((d) => [d, [{ start: "08:00", end: "18:00" }]]),
);
const settings = { visitMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 60, cancelNoticeMinutes: 0 };

const CALLS: Record<RowName, Call> = {
  "GET /api/health": { run: () => call("health", "GET", get("/api/health")) },
  "POST /api/csp-report": {
    run: () => {
      vi.spyOn(console, "warn").mockImplementation(() => undefined); // the report is logged for operators
      return call("csp-report", "POST", send("POST", "/api/csp-report", { "csp-report": { "violated-directive": "img-src" } }));
    },
  },
  "POST /api/signup": {
    run: () =>
      call(
        "signup",
        "POST",
        send(
          "POST",
          "/api/signup",
          { name: "New Person", email: `new-${unique()}@test.local`, password: "a-long-password-1", timeZone: "Europe/London" },
          { "x-forwarded-for": `10.9.${unique()}` },
        ),
      ),
    check: async (r) => expect(await r.json()).toMatchObject({ role: "PATIENT" }),
  },
  "POST /api/pusher/webhook (signed with the app secret)": { run: () => call("pusher/webhook", "POST", webhook("test-secret")) },
  "POST /api/pusher/webhook (forged signature)": { run: () => call("pusher/webhook", "POST", webhook("not-the-secret")) },
  "GET /api/auth/[...nextauth] (providers)": {
    run: () => nextAuth("GET", ["providers"]),
    check: async (r) => expect(Object.keys(await r.json())).toContain("credentials"),
  },
  "GET /api/auth/[...nextauth] (csrf)": {
    run: () => nextAuth("GET", ["csrf"]),
    check: async (r) => expect((await r.json()).csrfToken).toMatch(/^[0-9a-f]{64}$/),
  },
  "POST /api/auth/[...nextauth] (credentials without CSRF: refused)": {
    run: (s) =>
      nextAuth(
        "POST",
        ["callback", "credentials"],
        new URLSearchParams({ email: s.users.patient.email, password: "wrong-password-1", csrfToken: "forged", json: "true" }).toString(),
      ),
    check: async (r) => {
      expect((await r.json()).url).toMatch(/csrf=true/);
      expect(r.headers.getSetCookie().some((c) => c.includes("session-token"))).toBe(false);
    },
  },
  "GET /api/providers": { run: () => call("providers", "GET", get("/api/providers")) },
  "GET /api/account": {
    run: () => call("account", "GET", get("/api/account")),
    check: async (r, _s, who) => expect((await r.json()).email).toBe(who?.email),
  },
  "PATCH /api/account": {
    run: () =>
      call(
        "account",
        "PATCH",
        send("PATCH", "/api/account", {
          name: "Renamed Patient",
          phone: "+44 20 7946 0001",
          dateOfBirth: "1970-01-02",
          timeZone: "Europe/Paris",
        }),
      ),
    writes: true,
    check: async (r) => expect(await r.json()).toMatchObject({ name: "Renamed Patient", dateOfBirth: "1970-01-02" }),
  },
  "POST /api/account/email (with a wrong current password)": {
    run: () =>
      call(
        "account/email",
        "POST",
        send("POST", "/api/account/email", { email: `moved-${unique()}@test.local`, currentPassword: "not-the-password" }),
      ),
  },
  "POST /api/account/password (with a wrong current password)": {
    run: () =>
      call(
        "account/password",
        "POST",
        send("POST", "/api/account/password", { currentPassword: "not-the-password", newPassword: "a-new-long-password" }),
      ),
  },
  "GET /api/clinic/contact": { run: () => call("clinic/contact", "GET", get("/api/clinic/contact")) },
  "PUT /api/clinic/contact": {
    run: () =>
      call(
        "clinic/contact",
        "PUT",
        send("PUT", "/api/clinic/contact", { phone: "+44 20 7946 0002", email: "desk@clinic.test", hours: "Mon-Fri" }),
      ),
    writes: true,
  },
  "GET /api/providers/[id]/slots": {
    run: (s) =>
      call(
        "providers/[id]/slots",
        "GET",
        get(`/api/providers/x/slots?from=${slotInHours(24)}&to=${slotInHours(30)}`),
        params(s.users.provider.id),
      ),
    check: async (r) => expect((await r.json()).slots.length).toBeGreaterThan(0),
  },
  "GET /api/appointments": { run: () => call("appointments", "GET", get("/api/appointments")) },
  "POST /api/appointments": {
    run: (s) =>
      call(
        "appointments",
        "POST",
        send("POST", "/api/appointments", { providerId: s.users.provider.id, start: slotInHours(24 * 9), reason: "Rash" }),
      ),
    writes: true,
  },
  "GET /api/appointments/[id]/ics": {
    run: (s) => call("appointments/[id]/ics", "GET", get(""), params(s.future)),
    check: async (r) => expect(await r.text()).toContain("BEGIN:VCALENDAR"),
  },
  "POST /api/appointments/[id]/reschedule": {
    run: (s) => call("appointments/[id]/reschedule", "POST", send("POST", "", { start: slotInHours(72) }), params(s.future)),
    writes: true,
  },
  "POST /api/appointments/[id]/cancel": {
    run: (s) => call("appointments/[id]/cancel", "POST", send("POST", "", { reason: "Clinic closed" }), params(s.future)),
    writes: true,
    check: async (r) => expect((await r.json()).status).toBe("CANCELLED"),
  },
  "GET /api/visits/[id]": {
    run: (s) => call("visits/[id]", "GET", get(""), params(s.a)),
    check: async (r, s, who) => expect(await r.json()).toMatchObject({ id: s.a, role: roleOf(who), phase: "admitted" }),
  },
  "POST /api/visits/[id]/check-in": { run: (s) => call("visits/[id]/check-in", "POST", send("POST", "", {}), params(s.a)), writes: true },
  "POST /api/visits/[id]/device-check": {
    run: (s) =>
      call(
        "visits/[id]/device-check",
        "POST",
        send("POST", "", { camera: "ok", microphone: "ok", speaker: "heard", network: "direct", relayAvailable: true }),
        params(s.a),
      ),
    writes: true,
  },
  "POST /api/visits/[id]/running-late": {
    run: (s) => call("visits/[id]/running-late", "POST", send("POST", "", { minutes: 5 }), params(s.a)),
    writes: true,
  },
  "POST /api/visits/[id]/leave": { run: (s) => call("visits/[id]/leave", "POST", send("POST", "", {}), params(s.a)), writes: true },
  "POST /api/visits/[id]/room": {
    run: (s) => call("visits/[id]/room", "POST", send("POST", "", { session: "matrix-page-1" }), params(s.a)),
    writes: true,
  },
  "POST /api/visits/[id]/admit": { run: (s) => call("visits/[id]/admit", "POST", send("POST", "", {}), params(s.a)), writes: true },
  "POST /api/visits/[id]/admit (visit A's guest, by its user id)": {
    run: (s) => call("visits/[id]/admit", "POST", send("POST", "", { guestId: s.guest.userId }), params(s.a)),
    writes: true,
    check: async (r, s) =>
      expect(
        ((await r.json()) as { guests: { id: string; admittedAt: string | null }[] }).guests.find((g) => g.id === s.guest.userId)
          ?.admittedAt,
      ).toBeTruthy(),
  },
  "POST /api/visits/[id]/guests": {
    run: (s) => call("visits/[id]/guests", "POST", send("POST", "", { name: "Dr. Colleague", role: "CLINICIAN" }), params(s.a)),
    writes: true,
    check: async (r) => expect((await r.json()) as { link: string }).toMatchObject({ link: expect.stringMatching(/\/join\//) }),
  },
  "DELETE /api/visits/[id]/guests/[guestId] (visit A's guest)": {
    run: (s) =>
      call("visits/[id]/guests/[guestId]", "DELETE", new Request(ORIGIN, { method: "DELETE" }), {
        params: Promise.resolve({ id: s.a, guestId: s.guest.rowId }),
      }),
    writes: true,
    check: async (r) => expect(((await r.json()) as { guests: { name: string }[] }).guests).toEqual([]),
  },
  "POST /api/visits/[id]/guest-policy": {
    run: (s) => call("visits/[id]/guest-policy", "POST", send("POST", "", { patientMayInvite: true }), params(s.a)),
    writes: true,
    check: async (r) => expect(await r.json()).toMatchObject({ patientMayInvite: true }),
  },
  "GET /api/visits/[id] (visit B: the link is for A only)": {
    run: (s) => call("visits/[id]", "GET", get(""), params(s.b)),
    check: async (r, s) => expect(await r.json()).toMatchObject({ id: s.b }),
  },
  "GET /api/visits/[id]/ice-servers": {
    run: (s) => call("visits/[id]/ice-servers", "GET", get(""), params(s.a)),
    check: async (r, _s, who) => {
      const body = (await r.json()) as { iceServers: { username?: string }[] };
      expect(body.iceServers.find((i) => i.username)?.username).toMatch(new RegExp(`^\\d+:${who?.id}$`));
    },
  },
  "POST /api/visits/[id]/quality": { run: (s) => call("visits/[id]/quality", "POST", send("POST", "", sample), params(s.a)), writes: true },
  "POST /api/visits/[id]/connection": {
    run: (s) =>
      call(
        "visits/[id]/connection",
        "POST",
        send("POST", "", { event: "CONNECTED", session: `session-${unique()}`, localCandidateType: "host", remoteCandidateType: "srflx" }),
        params(s.a),
      ),
    writes: true,
  },
  "POST /api/visits/[id]/end": { run: (s) => call("visits/[id]/end", "POST", send("POST", "", {}), params(s.a)), writes: true },
  "POST /api/visits/[id]/no-show (a missed visit of the same pair)": {
    run: (s) => call("visits/[id]/no-show", "POST", send("POST", "", {}), params(s.missed)),
    writes: true,
  },
  "POST /api/visits/[id]/new-link (appointment F)": {
    run: (s) => call("visits/[id]/new-link", "POST", send("POST", "", {}), params(s.future)),
    writes: true,
  },
  "POST /api/pusher/auth (presence-visit-A)": {
    run: (s) => call("pusher/auth", "POST", form(`presence-visit-${s.a}`)),
    check: async (r, _s, who) => {
      const body = (await r.json()) as { auth: string; channel_data: string };
      expect(body.auth).toMatch(/^test-key:[0-9a-f]{64}$/);
      expect(JSON.parse(body.channel_data)).toEqual({ user_id: who?.id, user_info: { name: who?.name, role: roleOf(who) } });
    },
  },
  "POST /api/pusher/auth (presence-visit-B)": { run: (s) => call("pusher/auth", "POST", form(`presence-visit-${s.b}`)) },
  "POST /api/pusher/auth (private-user-<patient>)": { run: (s) => call("pusher/auth", "POST", form(`private-user-${s.users.patient.id}`)) },
  "POST /api/pusher/auth (private-user-<provider>)": {
    run: (s) => call("pusher/auth", "POST", form(`private-user-${s.users.provider.id}`)),
  },
  "POST /api/pusher/auth (private-provider-<provider>)": {
    run: (s) => call("pusher/auth", "POST", form(`private-provider-${s.users.provider.id}`)),
  },
  "GET /api/provider/day": { run: () => call("provider/day", "GET", get("/api/provider/day")) },
  "GET /api/provider/schedule": { run: () => call("provider/schedule", "GET", get("/api/provider/schedule")) },
  "PUT /api/provider/schedule": {
    run: () => call("provider/schedule", "PUT", send("PUT", "/api/provider/schedule", { weekly, settings })),
    writes: true,
  },
  "POST /api/provider/schedule/exceptions": {
    run: () =>
      call(
        "provider/schedule/exceptions",
        "POST",
        send("POST", "/api/provider/schedule/exceptions", {
          date: inDays(9),
          kind: "EXTRA",
          start: "06:00",
          end: "07:00",
          note: "Early clinic",
        }),
      ),
    writes: true,
  },
  "DELETE /api/provider/schedule/exceptions/[id] (the provider's)": {
    run: (s) => call("provider/schedule/exceptions/[id]", "DELETE", new Request(ORIGIN, { method: "DELETE" }), params(s.exception)),
    writes: true,
  },
  "GET /api/staff/patients": {
    run: (s) => call("staff/patients", "GET", get(`/api/staff/patients?q=${encodeURIComponent(s.users.patient.email)}`)),
    check: async (r, s) =>
      expect(((await r.json()) as { patients: { id: string }[] }).patients.map((p) => p.id)).toContain(s.users.patient.id),
  },
  "POST /api/staff/appointments (for the other patient with the provider)": {
    run: (s) =>
      call(
        "staff/appointments",
        "POST",
        send("POST", "/api/staff/appointments", {
          providerId: s.users.provider.id,
          patientId: s.users["other patient"].id,
          start: slotInHours(24 * 8),
          reason: "Follow-up",
        }),
      ),
    writes: true,
    check: async (r, s, who) => {
      const body = (await r.json()) as { id: string };
      expect(await db.appointment.findUniqueOrThrow({ where: { id: body.id }, select: { bookedById: true, patientId: true } })).toEqual({
        bookedById: who?.id,
        patientId: s.users["other patient"].id,
      });
    },
  },
  "POST /api/account/first-password": {
    run: (s) =>
      call(
        "account/first-password",
        "POST",
        send("POST", "/api/account/first-password", { appointmentId: s.a, password: "a-long-password-1" }),
      ),
    writes: true,
  },
  "GET /api/admin/jobs": { run: () => call("admin/jobs", "GET", get("/api/admin/jobs")) },
  "GET /api/admin/sessions": { run: () => call("admin/sessions", "GET", get("/api/admin/sessions")) },
  "GET /api/admin/sessions/[id]": { run: (s) => call("admin/sessions/[id]", "GET", get(""), params(s.a)), writes: true /* audit */ },
  "GET /api/admin/sessions/export": {
    run: () => call("admin/sessions/export", "GET", get("/api/admin/sessions/export")),
    writes: true /* audit */,
    check: async (r, s) => expect(await r.text()).toContain(s.a),
  },
  "GET /api/admin/overview": { run: () => call("admin/overview", "GET", get("/api/admin/overview")) },
  "GET /api/admin/audit": { run: () => call("admin/audit", "GET", get("/api/admin/audit")) },
  "GET /api/admin/users": { run: () => call("admin/users", "GET", get("/api/admin/users?q=pat")) },
  "POST /api/admin/users": {
    run: () =>
      call(
        "admin/users",
        "POST",
        send("POST", "/api/admin/users", {
          name: "Dr. New",
          email: `dr-${unique()}@test.local`,
          password: "temporary-pass-1",
          timeZone: "Europe/Paris",
          specialty: "Dermatology",
        }),
      ),
    writes: true,
  },
  "PATCH /api/admin/users/[id] (deactivate the other patient)": {
    run: (s) => call("admin/users/[id]", "PATCH", send("PATCH", "", { active: false }), params(s.users["other patient"].id)),
    writes: true,
    check: async (r, s) => expect((await db.user.findUniqueOrThrow({ where: { id: s.users["other patient"].id } })).active).toBe(false),
  },
};

// ─── Checks ──────────────────────────────────────────────────────────────────────────────────────────────
/** A digest of every row of every table but the rate-limit counters (which refused requests may count). */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('RateLimit', '_prisma_migrations') ORDER BY 1`;
  const digests: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: bigint; digest: string | null }[]>(
      `SELECT count(*) AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM "${name}" t`,
    );
    digests[name] = `${row?.n ?? 0}:${row?.digest ?? ""}`;
  }
  return digests;
}

let shared: Promise<Scene> | undefined;
const sharedScene = () => (shared ??= scene());

async function runCell(row: RowName, actor: Actor, expected: number): Promise<{ status: number; problem?: string }> {
  const spec = CALLS[row];
  const allowed = expected < 400;
  const s = allowed && spec.writes ? await scene() : await sharedScene();
  const who = actor === "signed out" ? null : s.users[actor];
  const before = allowed ? null : await fingerprint();
  const response = await asUser(who, () => spec.run(s, who));
  if (response.status !== expected) {
    return { status: response.status, problem: `${actor}: ${response.status} ${(await response.text()).slice(0, 200)}` };
  }
  if (!allowed) {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error !== "string" || body.error.length === 0)
      return { status: response.status, problem: `${actor}: refusal without an error message` };
    const after = await fingerprint();
    const changed = Object.keys(after).filter((t) => after[t] !== before![t]);
    if (changed.length > 0)
      return { status: response.status, problem: `${actor}: refused with ${response.status} but changed ${changed.join(", ")}` };
  } else if (spec.check) {
    await spec.check(response, s, who);
  } else {
    await response.arrayBuffer();
  }
  return { status: response.status };
}

describe(`authorisation matrix: ${MATRIX.length} rows × ${ACTORS.length} actors = ${CELLS} cells`, () => {
  it("covers every route handler under app/api, and there are no server actions", async () => {
    const exported: string[] = [];
    for (const file of await routeFiles()) {
      const path = `/api/${file.replace(/\/?route\.ts$/, "")}`;
      for (const method of HTTP_METHODS) if (typeof routes[file]?.[method] === "function") exported.push(`${method} ${path}`);
    }
    const inTable = new Set(MATRIX.map(([name]) => name.split(" (")[0] ?? name));
    expect(exported.filter((h) => !inTable.has(h))).toEqual([]);
    expect([...inTable].filter((h) => !exported.includes(h))).toEqual([]);
    console.log(
      `authorisation matrix: ${exported.length} route handlers in ${(await routeFiles()).length} files, ${MATRIX.length} rows × ${ACTORS.length} actors = ${CELLS} cells`,
    );

    const serverActions: string[] = [];
    for (const dir of ["app", "lib", "components"]) {
      for (const file of await readdir(dir, { recursive: true })) {
        if (!/\.(ts|tsx)$/.test(file) || file.includes("generated")) continue;
        if (/^\s*["']use server["']/m.test(await readFile(`${dir}/${file}`, "utf8"))) serverActions.push(`${dir}/${file}`);
      }
    }
    expect(serverActions, "server actions need rows in the matrix").toEqual([]);
  });

  for (const [row, expected] of MATRIX) {
    it(row, async () => {
      const actual: number[] = [];
      const problems: string[] = [];
      for (const [i, actor] of ACTORS.entries()) {
        const { status, problem } = await runCell(row, actor, expected[i]!);
        actual.push(status);
        if (problem) problems.push(problem);
      }
      expect(problems).toEqual([]);
      expect(actual).toEqual([...expected]);
    });
  }

  it("refuses a session whose role changed or whose sessionVersion is stale, with nothing written", async () => {
    const s = await sharedScene();
    const before = await fingerprint();
    const stale = { ...s.users.patient, sessionVersion: s.users.patient.sessionVersion + 1 };
    const promoted = { ...s.users.patient, role: "ADMIN" as const };
    for (const who of [stale, promoted]) {
      expect((await asUser(who, () => CALLS["GET /api/visits/[id]"].run(s, who))).status).toBe(401);
      expect((await asUser(who, () => CALLS["GET /api/admin/users"].run(s, who))).status).toBe(401);
      expect((await asUser(who, () => CALLS["POST /api/visits/[id]/check-in"].run(s, who))).status).toBe(401);
    }
    expect(await fingerprint()).toEqual(before);
    expect(signedIn.getStore()).toBeUndefined();
  });
});
