// Hostile input, property-based (fast-check): every JSON body and query the API reads, fed wrong types,
// huge strings, unicode (RTL, emoji, NUL, lone surrogates), nulls, dates at the extremes (year 0, 9999,
// ±275760, NaN), negative durations and from > to, SQL- and HTML-looking strings, broken JSON, extra and
// prototype-polluting keys; then duplicate and out-of-order requests against one visit and one slot.
//
// Each endpoint first gets a systematic sweep (every field of a valid body, or every query parameter, set to
// each of a few canonical troublemakers: NUL, RTL + emoji, 70 000 characters, <script>, SQL, year 0 and 9999,
// ±8.64e15 ms, NaN, null, wrong types), then random bodies and queries around the valid one.
//
// For every generated request:
//   - the status is never 5xx (a 500 would also log console.error, which fails the test by itself);
//   - a 4xx is JSON with a non-empty `error` string;
//   - input the endpoint's own schema refuses never gets a 2xx;
//   - a refused request leaves every table (but the rate-limit counters) exactly as it was: no partial write.
//
// Deterministic: a fixed seed (override with HOSTILE_SEED=…); fast-check prints seed and path on failure.
import "../support/mock-session";
import fc from "fast-check";
import { createHmac } from "node:crypto";
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider, slotInHours } from "../support/factories";
import { createAdmin } from "../support/admin-fixtures";
import { createAppointmentNow } from "../support/visit-factory";

const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_121);
const RUNS = 100; // random inputs per endpoint, after the systematic sweep; the whole file stays under a minute
let generated = 0;

type Db = typeof import("@/lib/db").db;
type Route = (request: Request, context: never) => Promise<Response>;
let app: TestApp;
let db: Db;
let actions: typeof import("@/lib/visits/visit-actions");
let schemas: {
  user: typeof import("@/lib/schemas/user");
  appointments: typeof import("@/lib/appointments/appointment-input");
  visits: typeof import("@/lib/visits/visit-input");
  call: typeof import("@/lib/call/server/call-report-input");
  guests: typeof import("@/lib/guests/guest-input");
  schedule: typeof import("@/lib/working-hours/working-hours-input");
  adminUsers: typeof import("@/lib/admin/user-schemas");
  sessions: typeof import("@/lib/admin/session-filters");
  overview: typeof import("@/lib/admin/overview");
};
const r: Record<string, Route> = {};

type Scene = {
  patient: TestUser;
  provider: TestUser;
  scheduler: TestUser;
  admin: TestUser;
  target: TestUser;
  /** Open, checked in and admitted. */
  visit: string;
  /** In two days, moved around by the reschedule property. */
  future: string;
};
let s: Scene;

beforeAll(async () => {
  process.env.RATE_LIMIT_SCALE = "1000"; // the limits have their own tests; here they would hide the validators
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  actions = await import("@/lib/visits/visit-actions");
  schemas = {
    user: await import("@/lib/schemas/user"),
    appointments: await import("@/lib/appointments/appointment-input"),
    visits: await import("@/lib/visits/visit-input"),
    call: await import("@/lib/call/server/call-report-input"),
    guests: await import("@/lib/guests/guest-input"),
    schedule: await import("@/lib/working-hours/working-hours-input"),
    adminUsers: await import("@/lib/admin/user-schemas"),
    sessions: await import("@/lib/admin/session-filters"),
    overview: await import("@/lib/admin/overview"),
  };
  const appointments = await import("@/app/api/appointments/route");
  const adminUsers = await import("@/app/api/admin/users/route");
  const schedule = await import("@/app/api/provider/schedule/route");
  Object.assign(r, {
    signup: (await import("@/app/api/signup/route")).POST,
    book: appointments.POST,
    reschedule: (await import("@/app/api/appointments/[id]/reschedule/route")).POST,
    cancel: (await import("@/app/api/appointments/[id]/cancel/route")).POST,
    ics: (await import("@/app/api/appointments/[id]/ics/route")).GET,
    slots: (await import("@/app/api/providers/[id]/slots/route")).GET,
    visit: (await import("@/app/api/visits/[id]/route")).GET,
    checkIn: (await import("@/app/api/visits/[id]/check-in/route")).POST,
    deviceCheck: (await import("@/app/api/visits/[id]/device-check/route")).POST,
    late: (await import("@/app/api/visits/[id]/running-late/route")).POST,
    admit: (await import("@/app/api/visits/[id]/admit/route")).POST,
    ice: (await import("@/app/api/visits/[id]/ice-servers/route")).GET,
    quality: (await import("@/app/api/visits/[id]/quality/route")).POST,
    connection: (await import("@/app/api/visits/[id]/connection/route")).POST,
    end: (await import("@/app/api/visits/[id]/end/route")).POST,
    noShow: (await import("@/app/api/visits/[id]/no-show/route")).POST,
    schedulePut: schedule.PUT,
    exceptions: (await import("@/app/api/provider/schedule/exceptions/route")).POST,
    exceptionDelete: (await import("@/app/api/provider/schedule/exceptions/[id]/route")).DELETE,
    adminCreate: adminUsers.POST,
    adminList: adminUsers.GET,
    adminPatch: (await import("@/app/api/admin/users/[id]/route")).PATCH,
    sessions: (await import("@/app/api/admin/sessions/route")).GET,
    session: (await import("@/app/api/admin/sessions/[id]/route")).GET,
    exportCsv: (await import("@/app/api/admin/sessions/export/route")).GET,
    overview: (await import("@/app/api/admin/overview/route")).GET,
    audit: (await import("@/app/api/admin/audit/route")).GET,
    pusherAuth: (await import("@/app/api/pusher/auth/route")).POST,
    inviteGuest: (await import("@/app/api/visits/[id]/guests/route")).POST,
    guestPolicy: (await import("@/app/api/visits/[id]/guest-policy/route")).POST,
    webhook: (await import("@/app/api/pusher/webhook/route")).POST,
  } satisfies Record<string, unknown>);

  const [patient, provider, scheduler, admin, target] = await Promise.all([
    createPatient(db, { name: "Hostile Patient" }),
    createProvider(db),
    createProvider(db),
    createAdmin(db),
    createPatient(db, { name: "Target Patient" }),
  ]);
  const visit = await createAppointmentNow(db, patient, provider, -1);
  await actions.checkIn(patient, visit.id);
  await actions.admit(provider, visit.id);
  const start = new Date(slotInHours(48));
  const end = new Date(start.getTime() + 30 * 60_000);
  const future = await db.appointment.create({
    data: { patientId: patient.id, providerId: provider.id, startsAt: start, endsAt: end, blockedUntil: end, reason: "Follow-up" },
  });
  s = { patient, provider, scheduler, admin, target, visit: visit.id, future: future.id };
});
afterAll(async () => {
  console.log(`hostile input: ${generated} generated inputs tried (seed ${SEED})`);
  delete process.env.RATE_LIMIT_SCALE;
  await app?.close();
});

// ─── Generators ──────────────────────────────────────────────────────────────────────────────────────────
const CONTROL = [
  "\u0000",
  "a\u0000b",
  "UTC\u0000",
  "a@b.co\u0000",
  "\u0007bell",
  "x\u001fy",
  "\u007f",
  "\u001b[31mred",
  "line\nbreak",
  "\r\n",
  "\t",
] as const;
const UNICODE = [
  "\u202Eevil\u202C",
  "\u200B",
  "\uFEFFbom",
  "שלום עולם",
  "مرحبا بالعالم",
  "🙂👩🏽‍⚕️🏥",
  "\uD800",
  "\uDFFFx",
  "Z̸̢͉̈́a̷l̶g̵o̴",
  "ǅ",
  "İstanbul",
  "ß",
  "０１",
  "Ω≈ç√",
] as const;
const INJECTION = [
  '\'; DROP TABLE "User"; --',
  "1' OR '1'='1",
  '" OR 1=1 --',
  "admin'--",
  "%",
  "_",
  "%_%",
  "\\",
  "\\\\%",
  "$1",
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "</textarea><svg onload=alert(1)>",
  "&lt;b&gt;",
  "javascript:alert(1)",
  '"><script>',
  "__proto__",
  "constructor",
  "prototype",
  "../../etc/passwd",
] as const;
const DATES = [
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "0000-01-01",
  "9999-12-31",
  "9999-12-30",
  "0001-01-01",
  "1969-12-31",
  "-000001-01-01T00:00:00Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "NaN",
  "Infinity",
  "Invalid Date",
  "2026-02-30T10:00:00Z",
  "2026-13-01",
  "2026-01-01T24:00:00Z",
  "2026-01-01T10:00:00+14:00",
  "2026-01-01T10:00:00-12:00",
  "2026-01-01T10:00:00.123456789Z",
  "24:00",
  "00:00",
  "23:55",
  "-01:00",
  "9:00",
  "12:60",
  "25:00",
  "09:07",
  "09:00:00",
  "09:00:30",
] as const;
const TOKENS = [
  "",
  " ",
  "   \t",
  "null",
  "undefined",
  "true",
  "-1",
  "0",
  "1e309",
  "0x10",
  "9223372036854775807",
  "9223372036854775808",
  "9999999999999999999",
  "TIME_OFF",
  "EXTRA",
  "PATIENT",
  "PROVIDER",
  "ADMIN",
  "ok",
  "relay",
  "CONNECTED",
  "session-00000001",
  "completed",
  "no-show",
  "Europe/London",
  "Etc/GMT+12",
  "America/Argentina/ComodRivadavia",
  "a@b.co",
  "A@B.CO",
  "x@y",
  '"quoted"@test.local',
  `very.long.${"a".repeat(250)}@test.local`,
] as const;
/** Cursor-like base64url ("instant|id") with extreme instants and ids with NUL, quotes or nothing. */
const CURSORS = [
  "2026-01-01T00:00:00.000Z|a\u0000b",
  "0000-01-01T00:00:00.000Z|x",
  "-271821-04-20T00:00:00.000Z|x",
  "+275760-09-13T00:00:00.000Z|x",
  "2026-01-01T00:00:00.000Z|",
  "|id",
  "2026-01-01T00:00:00.000Z|' OR 1=1 --",
].map((t) => Buffer.from(t).toString("base64url"));
const NASTY = [...CONTROL, ...UNICODE, ...INJECTION, ...DATES, ...TOKENS, ...CURSORS];

const isoOf = (d: Date) => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString());
/** Instants anywhere JavaScript can represent, day strings of any 4-digit year, and clock times. */
const dateish = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: false }).map(isoOf),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15) }).map((d) => isoOf(d).slice(0, 10)),
  fc.integer({ min: 0, max: 9999 }).map((y) => `${String(y).padStart(4, "0")}-01-01T00:00:00Z`),
  fc.integer({ min: 0, max: 9999 }).map((y) => `${String(y).padStart(4, "0")}-12-31`),
  fc
    .tuple(fc.integer({ min: -1, max: 30 }), fc.integer({ min: -5, max: 65 }))
    .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
);
/** Cursors (base64url of "instant|id") at the extremes, and junk. */
const cursorish = fc
  .tuple(dateish, fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 10 })))
  .map(([d, id]) => Buffer.from(`${d}|${id}`).toString("base64url"));
const huge = fc
  .constantFrom(101, 501, 1_001, 10_001, 70_000)
  .chain((n) => fc.constantFrom("x", "é", "🙂", "<", "\u0000").map((c) => c.repeat(n)));
/** Each class of trouble equally likely, so a run of a hundred inputs meets every class many times. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL) },
  { weight: 1, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 1, arbitrary: fc.constantFrom(...INJECTION) },
  { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...DATES), dateish) },
  { weight: 1, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...CURSORS), cursorish) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ unit: "binary", maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 30 })) },
  { weight: 1, arbitrary: huge },
);
const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0,
      -0,
      -1,
      0.5,
      1.5,
      5,
      10,
      15,
      1e21,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      2 ** 63,
      8.64e15 + 1,
      -8.64e15,
      Number.MIN_VALUE,
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileString, fc.integer(), fc.constant(null)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, fc.oneof(hostileString, fc.integer()), { maxKeys: 3 }) },
);

/** Every path into a JSON template (objects and arrays), the empty path being the whole body. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => pathsOf(v, [...prefix, i])));
  if (value && typeof value === "object") return here.concat(Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k])));
  return here;
}
function setAt(value: unknown, path: (string | number)[], update: (old: unknown) => unknown, remove: boolean): unknown {
  if (path.length === 0) return update(value);
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (rest.length === 0 && remove) delete copy[head];
  else copy[head] = setAt(copy[head], rest, update, remove);
  return copy;
}

/**
 * One change at one place: remove the key, or replace the value (two times in three by a hostile value of the
 * same type: strings get hostile text, often spliced into the valid text; numbers get extremes), else by anything.
 */
type Mutation = { path: (string | number)[]; remove: boolean; text: string; number: number; anything: unknown; choice: number; at: number };
function mutate(template: unknown, m: Mutation): unknown {
  return setAt(
    template,
    m.path,
    (old) => {
      if (m.choice < 2 && typeof old === "string")
        return m.choice === 0 ? old.slice(0, m.at % (old.length + 1)) + m.text + old.slice(m.at % (old.length + 1)) : m.text;
      if (m.choice < 2 && typeof old === "number") return m.number;
      return m.anything;
    },
    m.remove && m.path.length > 0,
  );
}

type Body = { text: string };
const asBody = (value: unknown): Body => ({ text: JSON.stringify(value) ?? "null" });
const RAW_BODIES = [
  "",
  "{",
  "}",
  "[",
  "null",
  "true",
  "0",
  '"str"',
  "[]",
  "{}",
  '{"a":}',
  "{'single':'quotes'}",
  "\u0000",
  '{"x":1,}',
  "NaN",
  '{"__proto__":{"role":"ADMIN","isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  "[".repeat(5000) + "]".repeat(5000),
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
];

/** Bodies around a valid template: one or several fields replaced, removed or spliced, extra keys, other types, raw text. */
function bodiesAround(template: () => unknown): fc.Arbitrary<Body> {
  const paths = pathsOf(template());
  const anyOf = <T>(items: T[]) => fc.noBias(fc.integer({ min: 0, max: items.length - 1 })).map((i) => items[i]!);
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    path: anyOf(paths),
    remove: fc.constant(false), // removals are generated separately below
    text: hostileString,
    number: hostileNumber,
    anything: hostileValue,
    choice: fc.noBias(fc.integer({ min: 0, max: 2 })),
    at: fc.nat(),
  });
  const removal = anyOf(paths.filter((p) => p.length > 0)).map((path): Mutation => ({
    path,
    remove: true,
    text: "",
    number: 0,
    anything: null,
    choice: 2,
    at: 0,
  }));
  const change = fc.oneof({ weight: 4, arbitrary: mutation }, { weight: 1, arbitrary: removal });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(null).map(() => asBody(template())) },
    { weight: 6, arbitrary: change.map((m) => asBody(mutate(template(), m))) },
    { weight: 3, arbitrary: fc.array(change, { minLength: 2, maxLength: 4 }).map((ms) => asBody(ms.reduce(mutate, template()))) },
    { weight: 1, arbitrary: fc.tuple(hostileString, hostileValue).map(([k, v]) => asBody({ ...(template() as object), [k]: v })) },
    { weight: 1, arbitrary: hostileValue.map(asBody) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.constantFrom(...RAW_BODIES), fc.string({ unit: "binary", maxLength: 40 })).map((text) => ({ text })),
    },
  );
}

/**
 * The systematic part, tried before the random inputs: every place in the template (and the whole body) set
 * to one canonical value of each kind of trouble.
 */
const CANON: unknown[] = [
  "\u0000",
  "a\u0000b",
  "\u202Eevil\u202C 🙂",
  "x".repeat(70_000),
  "<script>alert(1)</script>",
  '\'; DROP TABLE "User"; --',
  "0000-01-01T00:00:00Z",
  "9999-12-31",
  "-271821-04-20T00:00:00.000Z",
  "NaN",
  "",
  null,
  true,
  -1,
  0.5,
  1e308,
  -8.64e15,
  2 ** 63,
  [],
  {},
];
const CANON_TEXT = CANON.filter((v): v is string => typeof v === "string");
function sweepBodies(template: unknown): Body[] {
  return pathsOf(template).flatMap((path) => CANON.map((value) => asBody(setAt(template, path, () => value, false))));
}

/** Query parameters in order, as the URL carries them (keys like "__proto__" included). */
type Query = [string, string][];
/** Query strings around a valid one: any subset of valid parameters, then one or two of them (or a stray one) hostile. */
function queriesAround(valid: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Query> {
  const keys = Object.keys(valid);
  const hostile = fc.tuple(fc.oneof(fc.constantFrom(...keys), hostileString), hostileString, fc.boolean(), fc.nat());
  return fc.tuple(fc.record(valid, { requiredKeys: [] }), fc.array(hostile, { minLength: 0, maxLength: 2 })).map(([query, changes]) => {
    const out = new Map(Object.entries(query as Record<string, string>));
    for (const [key, value, splice, at] of changes) {
      const old = out.get(key);
      out.set(key, splice && old !== undefined ? old.slice(0, at % (old.length + 1)) + value + old.slice(at % (old.length + 1)) : value);
    }
    return [...out];
  });
}
/** What the route sees: readQuery builds an object with Object.fromEntries(searchParams). */
const seen = (query: Query): Record<string, string> => Object.fromEntries(new URLSearchParams(query));
const qs = (query: Query | Record<string, string>) => new URLSearchParams(query).toString();

// ─── Requests and checks ─────────────────────────────────────────────────────────────────────────────────
const ORIGIN = "http://127.0.0.1:3999";
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const jsonRequest = (method: string, body: Body, path = "/api") =>
  new Request(`${ORIGIN}${path}`, { method, headers: { "content-type": "application/json" }, body: body.text });
const getRequest = (path: string, query: Query | Record<string, string>) => new Request(`${ORIGIN}${path}?${qs(query)}`);

function parseOrNull(body: Body): unknown {
  try {
    return JSON.parse(body.text);
  } catch {
    return null;
  }
}

/** Would the endpoint's own schema accept this body? (Then a 2xx is allowed; otherwise it is a bug.) */
function accepts(schema: z.ZodType, body: Body): boolean {
  return Buffer.byteLength(body.text) <= 64 * 1024 && parseOrNull(body) !== null && schema.safeParse(JSON.parse(body.text)).success;
}

/** One digest per table (every row, every column) but the rate-limit counters, in one round trip. */
let digestSql: string | undefined;
async function fingerprint(): Promise<string> {
  if (!digestSql) {
    const tables = await db.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('RateLimit', '_prisma_migrations') ORDER BY 1`;
    digestSql = `SELECT concat_ws(' ', ${tables.map(({ name }) => `(SELECT '${name}:' || count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM "${name}" t)`).join(", ")}) AS digest`;
  }
  const [row] = await db.$queryRawUnsafe<{ digest: string }[]>(digestSql);
  return row!.digest;
}

/** Sends one generated request and checks the four properties; returns the response for further checks. */
async function probe(who: TestUser | null, send: () => Promise<Response>, schemaAccepts: boolean, what: string): Promise<Response> {
  generated++;
  const before = await fingerprint();
  const response = await asUser(who, send);
  const text = await response.text(); // a streamed body that fails half-way throws here
  const context = `${what} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, context).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get("content-type"), context).toMatch(/application\/json/);
    const body = JSON.parse(text) as { error?: unknown };
    expect(typeof body.error === "string" && body.error.length > 0, context).toBe(true);
    expect(await fingerprint(), `${context}: a refused request changed the database`).toBe(before);
  } else {
    expect(schemaAccepts, `${context}: accepted input its schema refuses`).toBe(true);
  }
  return new Response(text, { status: response.status, headers: response.headers });
}

const show = (body: Body) => (body.text.length > 200 ? `${body.text.slice(0, 200)}… (${body.text.length} chars)` : body.text);
const options = (numRuns = RUNS) => ({ numRuns, seed: SEED, endOnFailure: false });

// ─── Valid templates ─────────────────────────────────────────────────────────────────────────────────────
let serial = 0;
const fresh = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${serial++}@test.local`;
const slots = [slotInHours(30), slotInHours(31), slotInHours(54), slotInHours(55)];
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
const week = () => ({
  weekly: {
    sunday: [],
    monday: [
      { start: "09:00", end: "12:00" },
      { start: "13:00", end: "17:00" },
    ],
    tuesday: [{ start: "00:00", end: "00:00" }],
    wednesday: [],
    thursday: [{ start: "08:30", end: "16:00" }],
    friday: [],
    saturday: [],
  },
  settings: { visitMinutes: 30, bufferMinutes: 5, minNoticeMinutes: 60, horizonDays: 30, cancelNoticeMinutes: 120 },
});
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// ─── Bodies ──────────────────────────────────────────────────────────────────────────────────────────────
describe(`hostile JSON bodies (every field × ${CANON.length} canonical values, then ${RUNS} random bodies per endpoint; seed ${SEED})`, () => {
  type Case = {
    name: string;
    who: () => TestUser | null;
    template: () => unknown;
    schema?: () => z.ZodType;
    accepts?: (body: Body) => boolean;
    prepare?: () => Promise<string>;
    send: (body: Body, prepared?: string) => Promise<Response>;
    runs?: number;
  };
  const cases: Case[] = [
    {
      name: "POST /api/signup",
      who: () => null,
      template: () => ({ name: "Nia Hostile", email: fresh("signup"), password: "a-long-password-1", timeZone: "Europe/London" }),
      schema: () => schemas.user.signUpSchema,
      send: (b) => r.signup!(jsonRequest("POST", b), undefined as never),
      runs: 80,
    },
    {
      name: "POST /api/appointments",
      who: () => s.patient,
      template: () => ({ providerId: s.provider.id, start: slots[serial++ % slots.length], reason: "Rash on arm" }),
      schema: () => schemas.appointments.bookAppointmentSchema,
      send: (b) => r.book!(jsonRequest("POST", b), undefined as never),
    },
    {
      name: "POST /api/appointments/{id}/reschedule",
      who: () => s.patient,
      template: () => ({ start: slots[serial++ % slots.length] }),
      schema: () => schemas.appointments.rescheduleSchema,
      send: (b) => r.reschedule!(jsonRequest("POST", b), params(s.future) as never),
    },
    {
      name: "POST /api/appointments/{id}/cancel (a fresh appointment each time)",
      template: () => ({ reason: "Feeling better" }),
      schema: () => schemas.appointments.cancelSchema,
      // Cancelling succeeds once per appointment, so each request gets its own (made before the "before" snapshot).
      prepare: async () => {
        const start = new Date(slotInHours(24 * 20 + serial++));
        const end = new Date(start.getTime() + 30 * 60_000);
        const row = await db.appointment.create({
          data: { patientId: s.target.id, providerId: s.provider.id, startsAt: start, endsAt: end, blockedUntil: end, reason: "Check" },
        });
        return row.id;
      },
      who: () => s.target,
      send: (b, id) => r.cancel!(jsonRequest("POST", b), params(id!) as never),
      runs: 80,
    },
    {
      name: "POST /api/visits/{id}/device-check",
      who: () => s.patient,
      template: () => ({
        camera: "ok",
        microphone: "blocked",
        speaker: "heard",
        network: "relay",
        relayAvailable: true,
        cameraLabel: "FaceTime HD",
        microphoneLabel: "USB mic",
      }),
      schema: () => schemas.visits.deviceCheckSchema,
      send: (b) => r.deviceCheck!(jsonRequest("POST", b), params(s.visit) as never),
    },
    {
      name: "POST /api/visits/{id}/running-late",
      who: () => s.provider,
      template: () => ({ minutes: 10 }),
      schema: () => schemas.visits.runningLateSchema,
      send: (b) => r.late!(jsonRequest("POST", b), params(s.visit) as never),
    },
    {
      name: "POST /api/visits/{id}/quality",
      who: () => s.patient,
      template: () => ({ ...sample }),
      schema: () => schemas.call.qualitySampleSchema,
      send: (b) => r.quality!(jsonRequest("POST", b), params(s.visit) as never),
    },
    {
      name: "POST /api/visits/{id}/connection",
      who: () => s.provider,
      template: () => ({
        event: "RECONNECTED",
        session: `session-${serial++}-abcdef`,
        localCandidateType: "relay",
        remoteCandidateType: "srflx",
      }),
      schema: () => schemas.call.connectionEventSchema,
      send: (b) => r.connection!(jsonRequest("POST", b), params(s.visit) as never),
    },
    {
      name: "POST /api/visits/{id}/guests (the visit's earlier guests removed first)",
      who: () => s.provider,
      template: () => ({ name: "Maria Garcia", role: "INTERPRETER", detail: "Spanish", email: fresh("guest") }),
      schema: () => schemas.guests.inviteGuestSchema,
      // At most two guests at once: each request starts from a visit whose guests were removed (before the snapshot).
      prepare: async () => {
        await db.visitGuest.updateMany({ where: { appointmentId: s.visit, revokedAt: null }, data: { revokedAt: new Date() } });
        return s.visit;
      },
      send: (b, id) => r.inviteGuest!(jsonRequest("POST", b), params(id!) as never),
      runs: 80,
    },
    {
      name: "POST /api/visits/{id}/guest-policy",
      who: () => s.provider,
      template: () => ({ patientMayInvite: serial++ % 2 === 0 }),
      schema: () => schemas.guests.guestPolicySchema,
      send: (b) => r.guestPolicy!(jsonRequest("POST", b), params(s.visit) as never),
    },
    {
      name: "PUT /api/provider/schedule",
      who: () => s.scheduler,
      template: week,
      schema: () => schemas.schedule.weeklyScheduleSchema,
      send: (b) => r.schedulePut!(jsonRequest("PUT", b), undefined as never),
    },
    {
      name: "POST /api/provider/schedule/exceptions",
      who: () => s.scheduler,
      template: () => ({ date: inDays(3), kind: "EXTRA", start: "06:00", end: "07:30", note: "Early clinic" }),
      schema: () => schemas.schedule.exceptionSchema(new Date().toISOString().slice(0, 10)),
      send: (b) => r.exceptions!(jsonRequest("POST", b), undefined as never),
    },
    {
      name: "POST /api/admin/users",
      who: () => s.admin,
      template: () => ({
        name: "Dr. Hostile",
        email: fresh("dr"),
        password: "temporary-pass-1",
        timeZone: "America/New_York",
        specialty: "Dermatology",
      }),
      schema: () => schemas.adminUsers.createProviderSchema,
      send: (b) => r.adminCreate!(jsonRequest("POST", b), undefined as never),
      runs: 80,
    },
    {
      name: "PATCH /api/admin/users/{id}",
      who: () => s.admin,
      template: () => (serial++ % 2 ? { active: serial % 3 !== 0 } : { role: ["PATIENT", "PROVIDER", "ADMIN"][serial % 3] }),
      schema: () => schemas.adminUsers.updateUserSchema,
      send: (b) => r.adminPatch!(jsonRequest("PATCH", b), params(s.target.id) as never),
    },
    {
      name: "POST /api/pusher/auth (JSON)",
      who: () => s.patient,
      template: () => ({ socket_id: "123.456", channel_name: `private-user-${s.patient.id}` }),
      // Signed only for a well-formed request for the caller's own channel.
      accepts: (b) => {
        const parsed = parseOrNull(b) as { socket_id?: unknown; channel_name?: unknown } | null;
        return /^\d{1,20}\.\d{1,20}$/.test(String(parsed?.socket_id)) && parsed?.channel_name === `private-user-${s.patient.id}`;
      },
      send: (b) => r.pusherAuth!(jsonRequest("POST", b), undefined as never),
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const examples = sweepBodies(c.template()).map((b): [Body] => [b]);
      await fc.assert(
        fc.asyncProperty(bodiesAround(c.template), async (body) => {
          const accepted = c.accepts ? c.accepts(body) : accepts(c.schema!(), body);
          const prepared = await c.prepare?.();
          await probe(c.who(), () => c.send(body, prepared), accepted, `${c.name} ${show(body)}`);
        }),
        { ...options(examples.length + (c.runs ?? RUNS)), examples },
      );
    });
  }

  it("POST /api/pusher/webhook (correctly signed, hostile body)", async () => {
    const sign = (text: string) =>
      new Request(`${ORIGIN}/api/pusher/webhook`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-pusher-key": "test-key",
          "x-pusher-signature": createHmac("sha256", "test-secret").update(text).digest("hex"),
        },
        body: text,
      });
    const template = () => ({
      time_ms: Date.now(),
      events: [{ name: "member_added", channel: `presence-visit-${s.visit}`, user_id: s.patient.id }],
    });
    const examples = sweepBodies(template()).map((b): [Body] => [b]);
    await fc.assert(
      fc.asyncProperty(bodiesAround(template), async (body) => {
        // Presence events may be recorded (2xx) for well-formed bodies; never a 500 or a half-written batch.
        await probe(null, () => r.webhook!(sign(body.text), undefined as never), true, `webhook ${show(body)}`);
      }),
      { ...options(examples.length + RUNS), examples },
    );
  });
});

// ─── Queries and path ids ────────────────────────────────────────────────────────────────────────────────
describe(`hostile queries and ids (every parameter × ${CANON_TEXT.length} canonical texts, then ${RUNS} random queries per endpoint; seed ${SEED})`, () => {
  const instant = fc.constantFrom(slotInHours(1), slotInHours(24), slotInHours(24 * 61), new Date().toISOString());
  const day = fc.constantFrom(inDays(-30), inDays(-1), inDays(0), inDays(1));
  type Case = {
    name: string;
    who: () => TestUser;
    fields: () => Record<string, fc.Arbitrary<string>>;
    schema?: () => z.ZodType;
    accepts?: (q: Record<string, string | undefined>) => boolean;
    send: (q: Query) => Promise<Response>;
  };
  const cases: Case[] = [
    {
      name: "GET /api/providers/{id}/slots",
      who: () => s.patient,
      fields: () => ({ from: instant, to: instant }),
      schema: () => schemas.appointments.slotQuerySchema,
      send: (q) => r.slots!(getRequest("/api/providers/x/slots", q), params(s.provider.id) as never),
    },
    {
      name: "GET /api/admin/sessions",
      who: () => s.admin,
      fields: () => ({
        from: fc.oneof(day, instant),
        to: fc.oneof(day, instant),
        providerId: fc.constant(s.provider.id),
        patient: fc.constantFrom("hostile", "@test.local", "%"),
        outcome: fc.constantFrom("completed", "no-show", "open"),
        cursor: cursorish,
        limit: fc.constantFrom("1", "50", "200"),
      }),
      schema: () => schemas.sessions.sessionPageSchema,
      send: (q) => r.sessions!(getRequest("/api/admin/sessions", q), undefined as never),
    },
    {
      name: "GET /api/admin/sessions/export",
      who: () => s.admin,
      fields: () => ({
        from: fc.oneof(day, instant),
        to: fc.oneof(day, instant),
        providerId: fc.constant(s.provider.id),
        patient: fc.constantFrom("hostile", "x"),
        outcome: fc.constantFrom("completed", "cancelled"),
      }),
      schema: () => schemas.sessions.sessionFilterSchema,
      send: (q) => r.exportCsv!(getRequest("/api/admin/sessions/export", q), undefined as never),
    },
    {
      name: "GET /api/admin/overview",
      who: () => s.admin,
      fields: () => ({ from: day, to: day }),
      schema: () => schemas.overview.overviewQuerySchema,
      send: (q) => r.overview!(getRequest("/api/admin/overview", q), undefined as never),
    },
    {
      name: "GET /api/admin/users",
      who: () => s.admin,
      fields: () => ({
        q: fc.constantFrom("pat", "Hostile", "%"),
        role: fc.constantFrom("PATIENT", "ADMIN"),
        page: fc.constantFrom("1", "2", "100000"),
      }),
      schema: () => schemas.adminUsers.userListQuerySchema,
      send: (q) => r.adminList!(getRequest("/api/admin/users", q), undefined as never),
    },
    {
      name: "GET /api/admin/audit",
      who: () => s.admin,
      fields: () => ({
        before: fc.constantFrom("1", "9223372036854775807", "9223372036854775808", "9999999999999999999", "99999999999999999999"),
        limit: fc.constantFrom("1", "200"),
      }),
      // The audit's query schema is private to its route: `before` is an entry id, `limit` 1–200.
      accepts: (q) =>
        (q.before === undefined ||
          (q.before.length <= 20 && (q.before === "" || (/^\d{1,19}$/.test(q.before) && BigInt(q.before) < 2n ** 63n)))) &&
        (q.limit === undefined || (Number.isInteger(Number(q.limit)) && Number(q.limit) >= 1 && Number(q.limit) <= 200)),
      send: (q) => r.audit!(getRequest("/api/admin/audit", q), undefined as never),
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      // The sweep: one valid query, then each parameter in turn set to each canonical hostile text.
      const base = Object.entries(fc.sample(fc.record(c.fields()), { numRuns: 1, seed: SEED })[0]!);
      const examples = Object.keys(c.fields()).flatMap((key) =>
        CANON_TEXT.flatMap((text): [Query][] => [[[...base.filter(([k]) => k !== key), [key, text]]], [[[key, text]]]]),
      );
      await fc.assert(
        fc.asyncProperty(queriesAround(c.fields()), async (query) => {
          const accepted = c.accepts ? c.accepts(seen(query)) : c.schema!().safeParse(seen(query)).success;
          const response = await probe(c.who(), () => c.send(query), accepted, `${c.name}?${qs(query).slice(0, 300)}`);
          if (c.name.endsWith("/export") && response.status === 200) expect(await response.text()).toMatch(/^visit_id,/);
        }),
        { ...options(examples.length + RUNS), examples: [[base], ...examples] },
      );
    });
  }

  it("every route's {id}: hostile ids are 422 or 404, never 500", async () => {
    const byId: [string, TestUser, (id: string) => Promise<Response>][] = [
      ["GET /api/visits/{id}", s.patient, (id) => r.visit!(getRequest("/api/visits/x", {}), params(id) as never)],
      ["POST /api/visits/{id}/check-in", s.patient, (id) => r.checkIn!(jsonRequest("POST", asBody({})), params(id) as never)],
      ["POST /api/visits/{id}/admit", s.provider, (id) => r.admit!(jsonRequest("POST", asBody({})), params(id) as never)],
      ["POST /api/visits/{id}/end", s.provider, (id) => r.end!(jsonRequest("POST", asBody({})), params(id) as never)],
      ["POST /api/visits/{id}/no-show", s.provider, (id) => r.noShow!(jsonRequest("POST", asBody({})), params(id) as never)],
      ["GET /api/visits/{id}/ice-servers", s.patient, (id) => r.ice!(getRequest("/api/visits/x/ice-servers", {}), params(id) as never)],
      ["GET /api/appointments/{id}/ics", s.patient, (id) => r.ics!(getRequest("/api/appointments/x/ics", {}), params(id) as never)],
      ["POST /api/appointments/{id}/cancel", s.patient, (id) => r.cancel!(jsonRequest("POST", asBody({})), params(id) as never)],
      [
        "GET /api/providers/{id}/slots",
        s.patient,
        (id) => r.slots!(getRequest("/api/providers/x/slots", { from: slotInHours(1), to: slotInHours(20) }), params(id) as never),
      ],
      [
        "DELETE /api/provider/schedule/exceptions/{id}",
        s.scheduler,
        (id) => r.exceptionDelete!(new Request(ORIGIN, { method: "DELETE" }), params(id) as never),
      ],
      ["GET /api/admin/sessions/{id}", s.admin, (id) => r.session!(getRequest("/api/admin/sessions/x", {}), params(id) as never)],
      ["PATCH /api/admin/users/{id}", s.admin, (id) => r.adminPatch!(jsonRequest("PATCH", asBody({ active: true })), params(id) as never)],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.noBias(fc.integer({ min: 0, max: byId.length - 1 })).map((i) => byId[i]!),
        fc.oneof(hostileString, fc.constant(s.visit.toUpperCase())),
        async ([name, who, send], id) => {
          const response = await probe(who, () => send(id), true, `${name} with id ${JSON.stringify(id).slice(0, 200)}`);
          expect([404, 422], `${name} ${JSON.stringify(id).slice(0, 100)}`).toContain(response.status);
        },
      ),
      options(300),
    );
  });
});

// ─── Duplicates and out-of-order requests ────────────────────────────────────────────────────────────────
describe("duplicate and out-of-order requests", () => {
  const OPS = [
    "checkIn",
    "deviceCheck",
    "late",
    "admit",
    "quality",
    "connection",
    "end",
    "noShow",
    "cancel",
    "reschedule",
    "state",
  ] as const;
  type Op = (typeof OPS)[number];

  it("keep one visit's history consistent whatever the order, with each request sent once or twice at once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(-1, -16), // minutes since the start: no-show by hand becomes possible after 15
        fc.array(fc.tuple(fc.constantFrom(...OPS), fc.constantFrom(1, 1, 2)), { minLength: 3, maxLength: 10 }),
        async (startedMinutesAgo, script) => {
          const [patient, provider] = await Promise.all([createPatient(db), createProvider(db)]);
          const { id } = await createAppointmentNow(db, patient, provider, startedMinutesAgo);
          const session = `session-${id}`;
          const send: Record<Op, () => Promise<Response>> = {
            checkIn: () => asUser(patient, () => r.checkIn!(jsonRequest("POST", asBody({})), params(id) as never)),
            deviceCheck: () =>
              asUser(patient, () =>
                r.deviceCheck!(
                  jsonRequest(
                    "POST",
                    asBody({ camera: "ok", microphone: "ok", speaker: "heard", network: "direct", relayAvailable: false }),
                  ),
                  params(id) as never,
                ),
              ),
            late: () => asUser(provider, () => r.late!(jsonRequest("POST", asBody({ minutes: 5 })), params(id) as never)),
            admit: () => asUser(provider, () => r.admit!(jsonRequest("POST", asBody({})), params(id) as never)),
            quality: () => asUser(patient, () => r.quality!(jsonRequest("POST", asBody(sample)), params(id) as never)),
            connection: () =>
              asUser(provider, () => r.connection!(jsonRequest("POST", asBody({ event: "CONNECTED", session })), params(id) as never)),
            end: () => asUser(provider, () => r.end!(jsonRequest("POST", asBody({})), params(id) as never)),
            noShow: () => asUser(provider, () => r.noShow!(jsonRequest("POST", asBody({})), params(id) as never)),
            cancel: () => asUser(provider, () => r.cancel!(jsonRequest("POST", asBody({ reason: "Emergency" })), params(id) as never)),
            reschedule: () =>
              asUser(patient, () => r.reschedule!(jsonRequest("POST", asBody({ start: slotInHours(80) })), params(id) as never)),
            state: () => asUser(patient, () => r.visit!(getRequest("/api/visits/x", {}), params(id) as never)),
          };
          for (const [op, copies] of script) {
            generated += copies;
            const responses = await Promise.all(Array.from({ length: copies }, () => send[op]()));
            for (const response of responses) {
              const text = await response.text();
              expect(response.status, `${op}: ${text}`).toBeLessThan(500);
              if (response.status >= 400) expect(JSON.parse(text).error, op).toEqual(expect.any(String));
            }
            if (copies === 2 && ["end", "noShow", "cancel"].includes(op)) {
              // Two identical state changes at once: at most one wins.
              expect(responses.filter((x) => x.status < 300).length, op).toBeLessThanOrEqual(1);
            }
          }
          const row = await db.appointment.findUniqueOrThrow({ where: { id }, select: { status: true, sequence: true } });
          const events = await db.visitEvent.findMany({
            where: { appointmentId: id },
            orderBy: { id: "asc" },
            select: { type: true, actorId: true, data: true },
          });
          const types = events.map((e) => e.type);
          const count = (t: string) => types.filter((x) => x === t).length;
          const first = (t: string) => types.indexOf(t as never);
          const story = `${row.status} ${types.join(",")} after ${script.map(([o, n]) => `${o}×${n}`).join(" ")}`;
          for (const once of ["CHECKED_IN", "ADMITTED", "ENDED", "NO_SHOW"]) expect(count(once), story).toBeLessThanOrEqual(1);
          expect(count("CONNECTED"), story).toBeLessThanOrEqual(1); // one peer session
          if (count("ADMITTED")) expect(first("CHECKED_IN"), story).toBeGreaterThanOrEqual(0);
          if (count("ADMITTED")) expect(first("CHECKED_IN"), story).toBeLessThan(first("ADMITTED"));
          for (const callEvent of ["QUALITY", "CONNECTED"])
            if (count(callEvent)) expect(first(callEvent), story).toBeGreaterThan(first("ADMITTED"));
          expect(row.status === "COMPLETED", story).toBe(count("ENDED") === 1);
          expect(row.status === "NO_SHOW", story).toBe(count("NO_SHOW") === 1);
          if (row.status === "NO_SHOW") expect(count("CHECKED_IN"), story).toBe(0);
          if (count("ENDED")) expect(count("ADMITTED"), story).toBe(1);
          // Nothing is recorded after the visit stopped being scheduled (ended, no-show or cancelled).
          const stop = types.findIndex((t) => t === "ENDED" || t === "NO_SHOW");
          if (stop >= 0)
            expect(
              types.slice(stop + 1).filter((t) => !["JOINED", "LEFT"].includes(t)),
              story,
            ).toEqual([]);
          if (row.status === "CANCELLED") expect(count("ENDED") + count("NO_SHOW"), story).toBe(0);
        },
      ),
      options(50),
    );
  });

  it("keep bookings of a few slots consistent under duplicate, racing and out-of-order book / reschedule / cancel", async () => {
    type Step = { who: 0 | 1; op: "book" | "reschedule" | "cancel"; slot: 0 | 1 | 2; copies: 1 | 2 | 3 };
    const step = fc.record({
      who: fc.constantFrom(0, 1),
      op: fc.constantFrom("book", "book", "reschedule", "cancel"),
      slot: fc.constantFrom(0, 1, 2),
      copies: fc.constantFrom(1, 2, 3),
    }) as fc.Arbitrary<Step>;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 8 }), async (script) => {
        const provider = await createProvider(db);
        const patients = [await createPatient(db), await createPatient(db)] as const;
        const times = [slotInHours(30), slotInHours(30.5), slotInHours(31)];
        const latest: (string | null)[] = [null, null];
        for (const { who, op, slot, copies } of script) {
          generated += copies;
          const patient = patients[who];
          const target = latest[who] ?? "no-such-appointment";
          const once = () =>
            asUser(patient, () => {
              if (op === "book")
                return r.book!(
                  jsonRequest("POST", asBody({ providerId: provider.id, start: times[slot], reason: "Dup" })),
                  undefined as never,
                );
              if (op === "reschedule") return r.reschedule!(jsonRequest("POST", asBody({ start: times[slot] })), params(target) as never);
              return r.cancel!(jsonRequest("POST", asBody({})), params(target) as never);
            });
          const responses = await Promise.all(Array.from({ length: copies }, once));
          const bodies = await Promise.all(
            responses.map(async (x) => ({ status: x.status, body: JSON.parse(await x.text()) as { id?: string; error?: string } })),
          );
          for (const b of bodies) {
            expect(b.status, `${op} ${JSON.stringify(b.body)}`).toBeLessThan(500);
            expect([200, 201, 404, 409, 422], `${op} ${JSON.stringify(b.body)}`).toContain(b.status);
            if (b.status >= 400) expect(b.body.error).toEqual(expect.any(String));
          }
          // Racing copies of one booking, move or cancel: one wins at most. (Moving an appointment to the time it
          // already has changes nothing, so every copy of that may succeed.)
          const already =
            op === "reschedule" && (await db.appointment.findUnique({ where: { id: target } }))?.startsAt.toISOString() === times[slot];
          if (!already) expect(bodies.filter((b) => b.status < 300).length, `${op}×${copies}`).toBeLessThanOrEqual(1);
          const won = bodies.find((b) => b.status === 201);
          if (won?.body.id) latest[who] = won.body.id;
        }
        const live = await db.appointment.findMany({
          where: { providerId: provider.id, status: "SCHEDULED" },
          select: { startsAt: true, endsAt: true, patientId: true },
        });
        for (const [i, a] of live.entries()) {
          for (const b of live.slice(i + 1))
            expect(a.startsAt < b.endsAt && b.startsAt < a.endsAt, "two live appointments overlap").toBe(false);
        }
      }),
      options(25),
    );
  });
});

// ─── HTML-looking text is data ───────────────────────────────────────────────────────────────────────────
describe("names and reasons that look like HTML", () => {
  it("are stored verbatim and come back as plain JSON strings (escaping is the renderer's job)", async () => {
    const name = `<script>alert("name")</script> <img src=x onerror=alert(1)> O'Brien & Co`;
    const reason = `</textarea><script>fetch("/steal?c="+document.cookie)</script> 'quotes' "double" & ampersand`;
    const email = fresh("html");
    const signUp = await probe(
      null,
      () =>
        r.signup!(
          jsonRequest("POST", asBody({ name, email, password: "a-long-password-1", timeZone: "Europe/London" })),
          undefined as never,
        ),
      true,
      "signup",
    );
    expect(signUp.status).toBe(201);
    expect(signUp.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await signUp.json()).name).toBe(name);
    const stored = await db.user.findUniqueOrThrow({ where: { email } });
    expect(stored.name).toBe(name);
    const patient: TestUser = {
      id: stored.id,
      name: stored.name,
      email: stored.email,
      role: "PATIENT",
      timeZone: stored.timeZone,
      sessionVersion: 0,
    };

    const provider = await createProvider(db);
    const booked = await asUser(patient, () =>
      r.book!(jsonRequest("POST", asBody({ providerId: provider.id, start: slotInHours(40), reason })), undefined as never),
    );
    expect(booked.status).toBe(201);
    const text = await booked.text();
    expect(JSON.parse(text).reason ?? reason).toBe(reason);
    const row = await db.appointment.findFirstOrThrow({ where: { patientId: patient.id } });
    expect(row.reason).toBe(reason);

    // Everywhere it is read back through the API, it is the same string inside JSON.
    const visitRow = await createAppointmentNow(db, patient, provider, -1);
    const visit = await asUser(patient, () => r.visit!(getRequest("/api/visits/x", {}), params(visitRow.id) as never));
    expect(visit.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await visit.json()).patient.name).toBe(name);
    const list = await asUser(s.admin, () => r.sessions!(getRequest("/api/admin/sessions", { patient: patient.id }), undefined as never));
    const sessions = (await list.json()).sessions as { patient: { name: string } }[];
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) expect(session.patient.name).toBe(name);
    // The CSV export carries it as a quoted field of a download, never as a page.
    const csv = await asUser(s.admin, () =>
      r.exportCsv!(getRequest("/api/admin/sessions/export", { patient: patient.id }), undefined as never),
    );
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(csv.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await csv.text()).toContain(`"${name.replaceAll('"', '""')}"`);
  });
});
