// One-tap join links end to end inside the app's code: a clinic books for a new patient, the invitation made
// by the email job carries the link, the token is stored only as its hash (nowhere else: not in the queue,
// not in the logs), the exchange gives a session for that visit only, and cancel / expiry / unknown tokens fail
// in words. Real PostgreSQL; only the request's cookies are made up.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../support/integration-app";
import { createPatient, createProvider, slotInHours } from "../support/factories";
import { createAppointmentNow } from "../support/visit-factory";

const jar = new AsyncLocalStorage<{ name: string; value: string }[]>();
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => {
    const all = jar.getStore() ?? [];
    return { getAll: () => all, get: (name: string) => all.find((c) => c.name === name) };
  },
}));

type Db = typeof import("@/lib/db").db;
type Handler = (request: Request, context: never) => Promise<Response>;
let app: TestApp;
let db: Db;
let join: (request: Request, context: { params: Promise<{ token: string }> }) => Promise<Response>;
let visit: Handler;
let appointments: { GET: Handler; POST: Handler };
const logged: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  join = (await import("@/app/join/[token]/route")).GET;
  visit = (await import("@/app/api/visits/[id]/route")).GET as Handler;
  appointments = (await import("@/app/api/appointments/route")) as unknown as { GET: Handler; POST: Handler };
  for (const level of ["log", "info", "warn", "error"] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
      if (level !== "error") return;
      original(...args);
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await app?.close();
});

let ip = 0;
const exchange = (token: string, from = `10.1.0.${++ip % 250}`) =>
  join(new Request(`http://127.0.0.1:3999/join/${token}`, { headers: { "x-forwarded-for": from, "user-agent": "test" } }), {
    params: Promise.resolve({ token }),
  });
const cookieOf = (response: Response) => /consult\.visit-link=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";
const withLink = <T>(cookie: string, fn: () => Promise<T>) => jar.run([{ name: "consult.visit-link", value: cookie }], fn);
const getVisit = (id: string) => visit(new Request("http://t"), { params: Promise.resolve({ id }) } as never);

async function invitationFor(appointmentId: string) {
  const { appointmentEmail } = await import("@/lib/mail/appointment-emails");
  const appointment = await db.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { sequence: true } });
  const mail = await appointmentEmail({ kind: "invitation", appointmentId, role: "PATIENT", sequence: appointment.sequence });
  const token = /\/join\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? "")?.[1];
  if (!mail || !token) throw new Error("no join link in the invitation");
  return { mail, token };
}

/** Every row of every table (the queue's included) as text: where a token must never appear. */
async function everything(): Promise<string> {
  const tables = await db.$queryRaw<
    { s: string; t: string }[]
  >`SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'`;
  let text = "";
  for (const { s, t } of tables)
    text += (await db.$queryRawUnsafe<{ x: string | null }[]>(`SELECT string_agg(r::text, E'\\n') AS x FROM "${s}"."${t}" r`))[0]?.x ?? "";
  return text;
}

describe("a visit the clinic books for a new patient", () => {
  it("invites them with a personal link that opens that visit with no password, and nothing else", async () => {
    const { bookForPatient } = await import("@/lib/staff/book-for-patient");
    const provider = await createProvider(db, { timeZone: "Europe/London" });
    const booked = await bookForPatient(
      { id: provider.id, role: "PROVIDER" },
      {
        providerId: provider.id,
        start: new Date(slotInHours(30)),
        reason: "Knee pain",
        newPatient: {
          name: "Rosa Diaz",
          email: `rosa-${Date.now()}@test.local`,
          phone: "+44 20 7946 0000",
          dateOfBirth: "1948-05-31",
          timeZone: "America/New_York",
        },
      },
    );
    const patient = await db.user.findUniqueOrThrow({ where: { id: booked.patientId } });
    expect(patient).toMatchObject({ passwordHash: "", phone: "+44 20 7946 0000", timeZone: "America/New_York" });
    expect(patient.dateOfBirth?.toISOString().slice(0, 10)).toBe("1948-05-31");
    expect(await db.appointment.findUniqueOrThrow({ where: { id: booked.id }, select: { bookedById: true } })).toEqual({
      bookedById: provider.id,
    });
    expect((await db.visitEvent.findMany({ where: { appointmentId: booked.id } })).map((e) => e.type)).toEqual(["BOOKED_BY_STAFF"]);
    // The emails are queued jobs naming what to send, never a link.
    const jobs = await db.$queryRaw<{ data: unknown }[]>`SELECT data FROM pgboss.job WHERE name = 'email'`;
    expect(jobs.map((j) => j.data)).toContainEqual({ kind: "invitation", appointmentId: booked.id, role: "PATIENT", sequence: 0 });

    const { mail, token } = await invitationFor(booked.id);
    expect(mail.subject).toContain("booked a video visit for you");
    expect(mail.text).toContain("(America/New York)");
    expect(mail.html).toContain(`/join/${token}`);
    expect(mail.attachments?.[0]?.content).toContain("BEGIN:VCALENDAR");
    expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    const stored = await db.visitLink.findMany({ where: { appointmentId: booked.id } });
    expect(stored.map((l) => l.tokenHash)).toEqual([createHash("sha256").update(token).digest("hex")]);
    expect(stored[0]?.userId).toBe(patient.id);

    const response = await exchange(token);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`http://127.0.0.1:3999/visits/${booked.id}`);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax; Max-Age=\d+/);
    const cookie = cookieOf(response);
    expect((await db.visitEvent.findMany({ where: { appointmentId: booked.id, type: "LINK_USED" } })).length).toBe(1);

    // The scoped session: this visit, and nothing else.
    expect((await withLink(cookie, () => getVisit(booked.id))).status).toBe(200);
    expect((await withLink(cookie, () => appointments.GET(new Request("http://t"), undefined as never))).status).toBe(401);
    const other = await createAppointmentNow(db, { ...(await createPatient(db)) }, provider, 60 * 24 * 3);
    expect((await withLink(cookie, () => getVisit(other.id))).status).toBe(401);

    // A reschedule keeps the link and the session working.
    const { rescheduleAppointment } = await import("@/lib/appointments/change-appointment");
    await rescheduleAppointment({
      user: { id: patient.id, name: patient.name, email: patient.email, role: "PATIENT", timeZone: patient.timeZone, sessionVersion: 0 },
      appointmentId: booked.id,
      start: new Date(slotInHours(54)),
    });
    expect((await exchange(token)).headers.get("location")).toContain(`/visits/${booked.id}`);
    expect((await withLink(cookie, () => getVisit(booked.id))).status).toBe(200);

    // Cancel kills the link and the session at once.
    const { cancelAppointment } = await import("@/lib/appointments/change-appointment");
    await cancelAppointment({
      user: { id: provider.id, name: provider.name, email: provider.email, role: "PROVIDER", timeZone: "UTC", sessionVersion: 0 },
      appointmentId: booked.id,
      reason: "Clinic closed",
    });
    expect((await exchange(token)).headers.get("location")).toBe("http://127.0.0.1:3999/join?problem=cancelled");
    expect((await withLink(cookie, () => getVisit(booked.id))).status).toBe(401);

    // The token was never written anywhere: not in any table (queue included), not in any log line.
    expect(await everything()).not.toContain(token);
    expect(logged.join("\n")).not.toContain(token);
    expect(logged.join("\n")).toContain("visit link exchanged");
  });

  it("the provider sends a new link: the old one and its open session stop working, the new email's link opens the visit", async () => {
    const { bookForPatient } = await import("@/lib/staff/book-for-patient");
    const { appointmentEmail } = await import("@/lib/mail/appointment-emails");
    // The route's who-may-call is the authorisation matrix's; this is what the action does.
    const { sendNewJoinLink } = await import("@/lib/visit-links/send-new-link");
    const provider = await createProvider(db);
    const booked = await bookForPatient(
      { id: provider.id, role: "PROVIDER" },
      {
        providerId: provider.id,
        start: new Date(slotInHours(30)),
        reason: "Follow-up",
        newPatient: { name: "Ken Ito", email: `ken-${Date.now()}@test.local`, timeZone: "Europe/London" },
      },
    );
    const { token: old } = await invitationFor(booked.id);
    const cookie = cookieOf(await exchange(old));
    expect((await withLink(cookie, () => getVisit(booked.id))).status).toBe(200);

    expect(await sendNewJoinLink(provider, booked.id)).toEqual({ revoked: 1 });
    expect((await exchange(old)).headers.get("location")).toBe("http://127.0.0.1:3999/join?problem=revoked");
    expect((await withLink(cookie, () => getVisit(booked.id))).status).toBe(401);
    expect((await db.visitEvent.findMany({ where: { appointmentId: booked.id, type: "LINK_RESENT" } })).map((e) => e.actorId)).toEqual([
      provider.id,
    ]);

    // The queued job names what to send; the email made from it carries a fresh link that works.
    const [job] = await db.$queryRaw<{ data: { kind: string; key?: string; sequence: number } }[]>`
      SELECT data FROM pgboss.job WHERE name = 'email' AND data->>'kind' = 'new-link' AND data->>'appointmentId' = ${booked.id}`;
    expect(job?.data.kind).toBe("new-link");
    const mail = await appointmentEmail({
      kind: "new-link",
      appointmentId: booked.id,
      role: "PATIENT",
      sequence: job!.data.sequence,
      key: job!.data.key,
    });
    expect(mail?.subject).toContain("A new link for your video visit");
    expect(mail?.text).toContain("Links we sent you before no longer work.");
    const fresh = /\/join\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? "")?.[1];
    expect((await exchange(fresh!)).headers.get("location")).toBe(`http://127.0.0.1:3999/visits/${booked.id}`);

    // A visit that is no longer scheduled has no link to send.
    await db.appointment.update({ where: { id: booked.id }, data: { status: "CANCELLED" } });
    await expect(sendNewJoinLink(provider, booked.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("no link to send"),
    });
  });

  it("says when a link is unknown or its room has closed, and limits exchanges per network address", async () => {
    expect((await exchange("not-a-token")).headers.get("location")).toBe("http://127.0.0.1:3999/join?problem=unknown");
    expect((await exchange("A".repeat(43))).headers.get("location")).toBe("http://127.0.0.1:3999/join?problem=unknown");
    const [patient, provider] = [await createPatient(db), await createProvider(db)];
    const past = await createAppointmentNow(db, patient, provider, -120, 30);
    const { mintVisitLink } = await import("@/lib/visit-links/mint-link");
    const url = await mintVisitLink({ appointmentId: past.id, userId: patient.id, purpose: "test" });
    const token = url.split("/join/")[1]!;
    expect((await exchange(token)).headers.get("location")).toBe("http://127.0.0.1:3999/join?problem=over");

    const statuses: string[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await exchange("B".repeat(43), "10.200.0.1")).headers.get("location") ?? "");
    expect(statuses.slice(0, 30).every((l) => l.endsWith("problem=unknown"))).toBe(true);
    expect(statuses[30]).toBe("http://127.0.0.1:3999/join?problem=busy");
  });
});
