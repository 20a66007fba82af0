// Guests in a visit (issue 16) inside the app's code, on real PostgreSQL: the provider invites (201, a link
// that exchanges into a session for that guest and visit), the fifth person is refused in words, the patient
// invites a caregiver only when allowed, the guest checks in and is admitted on their own, a removed guest is
// refused by GET visit, TURN and presence auth, and the patient's figures do not move for guests.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asUser, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider } from "../support/factories";
import { createAppointmentNow } from "../support/visit-factory";

vi.mock("next/headers", async (importOriginal) => {
  const { signedIn: store } = await import("../support/integration-app");
  const { sessionCookies } = await import("../support/session-cookie");
  const cookies = async () => {
    const who = store.getStore() ?? null;
    const link = who && "linkCookie" in who ? String(who.linkCookie) : null;
    if (!link) return sessionCookies(who);
    const all = [{ name: "consult.visit-link", value: link }];
    return { getAll: () => all, get: (name: string) => all.find((c) => c.name === name) };
  };
  return { ...(await importOriginal<typeof import("next/headers")>()), cookies };
});

type Db = typeof import("@/lib/db").db;
type Handler = (request: Request, context: never) => Promise<Response>;
let app: TestApp;
let db: Db;
const ORIGIN = "http://127.0.0.1:3999";
const routes: Record<string, Record<string, Handler>> = {};
const TURN = { STUN_URLS: "stun:127.0.0.1:3478", TURN_URLS: "turn:127.0.0.1:3478?transport=udp", TURN_SECRET: "guests-turn-secret" };

beforeAll(async () => {
  Object.assign(process.env, TURN);
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  for (const file of ["guests", "guests/[guestId]", "guest-policy", "admit", "check-in", "ice-servers", "", "device-check"])
    routes[file] = (await import(/* @vite-ignore */ `@/app/api/visits/[id]${file ? `/${file}` : ""}/route`)) as Record<string, Handler>;
  routes.auth = (await import("@/app/api/pusher/auth/route")) as Record<string, Handler>;
});
afterAll(async () => {
  for (const key of Object.keys(TURN)) delete process.env[key];
  await app?.close();
});

const json = (method: string, body?: unknown) =>
  new Request(ORIGIN, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ctx = (id: string, guestId?: string) => ({ params: Promise.resolve({ id, ...(guestId ? { guestId } : {}) }) }) as never;
const visitRoute = (file: string, method: string) => {
  const h = routes[file]?.[method];
  if (!h) throw new Error(`no ${method} ${file}`);
  return h;
};
const invite = (who: TestUser, id: string, body: unknown) => asUser(who, () => visitRoute("guests", "POST")(json("POST", body), ctx(id)));
const presence = (who: TestUser, id: string) =>
  asUser(who, () =>
    visitRoute("auth", "POST")(
      new Request(`${ORIGIN}/api/pusher/auth`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ socket_id: "123.456", channel_name: `presence-visit-${id}` }).toString(),
      }),
      undefined as never,
    ),
  );

/** The guest as a caller holding the session its join link gives. */
/** `role` is only the test caller's type: a link session is read from the cookie, and the user's role there is GUEST. */
async function guestCaller(link: string): Promise<TestUser & { linkCookie: string }> {
  const { exchangeVisitLink } = await import("@/lib/visit-links/exchange-link");
  const token = link.split("/join/")[1] ?? "";
  const exchanged = await exchangeVisitLink(token, { ip: "127.0.0.1", userAgent: "test" });
  if (!exchanged.ok) throw new Error(`link refused: ${exchanged.problem}`);
  const link0 = await db.visitLink.findFirstOrThrow({
    where: { tokenHash: (await import("@/lib/visit-links/token")).hashLinkToken(token) },
  });
  const user = await db.user.findUniqueOrThrow({ where: { id: link0.userId ?? "" } });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: "PATIENT",
    timeZone: user.timeZone,
    sessionVersion: user.sessionVersion,
    linkCookie: exchanged.cookie,
  };
}

async function openVisit() {
  const [patient, provider] = await Promise.all([createPatient(db, { timeZone: "Europe/Madrid" }), createProvider(db)]);
  const a = await createAppointmentNow(db, patient, provider, -1);
  return { patient, provider, id: a.id };
}

describe("inviting guests", () => {
  it("the provider invites an interpreter: 201 with the guest and a link that opens this visit as that guest", async () => {
    const { provider, patient, id } = await openVisit();
    const response = await invite(provider, id, {
      name: "Maria Garcia",
      role: "INTERPRETER",
      detail: "Spanish",
      email: "maria@test.local",
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { guest: Record<string, unknown>; link: string };
    expect(body.guest).toMatchObject({
      name: "Maria Garcia",
      role: "INTERPRETER",
      detail: "Spanish",
      label: "Spanish interpreter",
      checkedInAt: null,
      inRoom: false,
    });
    expect(body.link).toMatch(/\/join\/[A-Za-z0-9_-]{43}$/);
    const guestUser = await db.user.findUniqueOrThrow({ where: { id: String(body.guest.id) } });
    expect(guestUser).toMatchObject({ role: "GUEST", passwordHash: "", timeZone: "Europe/Madrid", name: "Maria Garcia" });
    expect(guestUser.email).toMatch(/^guest-[0-9a-f]+@guests\.invalid$/);
    expect(await db.visitEvent.count({ where: { appointmentId: id, type: "GUEST_INVITED" } })).toBe(1);

    // The email job mints the guest's own link at send time and writes to the guest in words.
    const { appointmentEmail } = await import("@/lib/mail/appointment-emails");
    const mail = await appointmentEmail({ kind: "guest-invitation", appointmentId: id, guestId: String(body.guest.guestId) });
    expect(mail).toMatchObject({ to: "maria@test.local" });
    expect(mail?.text).toContain("(Spanish interpreter)");
    expect(mail?.text).toMatch(/\/join\/[A-Za-z0-9_-]{43}/);
    expect(await db.visitLink.count({ where: { userId: String(body.guest.id), purpose: "guest" } })).toBe(2);

    const guest = await guestCaller(body.link);
    const view = await asUser(guest, () => visitRoute("", "GET")(json("GET"), ctx(id)));
    expect(view.status).toBe(200);
    const seen = (await view.json()) as Record<string, unknown>;
    expect(seen).toMatchObject({ role: "GUEST", selfGuestId: guest.id, phase: "scheduled", checkedInAt: null, placeInQueue: null });
    expect((seen.patient as Record<string, unknown>).dateOfBirth).toBeNull();
    // The patient sees who else is invited.
    const patientView = (await (await asUser(patient, () => visitRoute("", "GET")(json("GET"), ctx(id)))).json()) as {
      guests: { name: string }[];
    };
    expect(patientView.guests.map((g) => g.name)).toEqual(["Maria Garcia"]);
  });

  it("refuses the third guest (the fifth person) in words, and bad input with field messages", async () => {
    const { provider, id } = await openVisit();
    for (const name of ["One", "Two"]) expect((await invite(provider, id, { name, role: "OTHER" })).status).toBe(201);
    const third = await invite(provider, id, { name: "Three", role: "CLINICIAN" });
    expect(third.status).toBe(409);
    expect((await third.json()).error).toBe("A visit can have at most four people: remove a guest before inviting another.");
    const bad = await invite(provider, id, { name: "", role: "WIZARD", email: "not-an-email" });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields).sort()).toEqual(["email", "name", "role"]);
  });

  it("lets the patient invite a caregiver only once the provider allowed it", async () => {
    const { provider, patient, id } = await openVisit();
    expect((await invite(patient, id, { name: "Mum", role: "CAREGIVER" })).status).toBe(403);
    const policy = await asUser(provider, () => visitRoute("guest-policy", "POST")(json("POST", { patientMayInvite: true }), ctx(id)));
    expect(policy.status).toBe(200);
    expect((await policy.json()).patientMayInvite).toBe(true);
    expect((await invite(patient, id, { name: "Interp", role: "INTERPRETER" })).status).toBe(403);
    expect((await invite(patient, id, { name: "Mum", role: "CAREGIVER" })).status).toBe(201);
    expect(
      (await asUser(patient, () => visitRoute("guest-policy", "POST")(json("POST", { patientMayInvite: false }), ctx(id)))).status,
    ).toBe(403);
  });

  it("refuses inviting into an ended or cancelled visit with 409", async () => {
    const { provider, id } = await openVisit();
    await db.appointment.update({ where: { id }, data: { status: "CANCELLED" } });
    expect((await invite(provider, id, { name: "Late", role: "OTHER" })).status).toBe(409);
  });
});

describe("a guest in the visit", () => {
  it("checks in, waits, is admitted on their own; the patient's state and figures do not move", async () => {
    const { provider, patient, id } = await openVisit();
    const { link } = (await (await invite(provider, id, { name: "Dr Second", role: "CLINICIAN" })).json()) as { link: string };
    const guest = await guestCaller(link);
    expect(
      (
        await asUser(guest, () =>
          visitRoute("device-check", "POST")(
            json("POST", { camera: "ok", microphone: "ok", speaker: "heard", network: "direct", relayAvailable: true }),
            ctx(id),
          ),
        )
      ).status,
    ).toBe(201);
    // Admitting before check-in is refused in words.
    const early = await asUser(provider, () => visitRoute("admit", "POST")(json("POST", { guestId: guest.id }), ctx(id)));
    expect(early.status).toBe(409);
    const checked = await asUser(guest, () => visitRoute("check-in", "POST")(json("POST", {}), ctx(id)));
    expect(checked.status).toBe(200);
    expect(await checked.json()).toMatchObject({ phase: "waiting", deviceCheck: "ready" });
    const admitted = await asUser(provider, () => visitRoute("admit", "POST")(json("POST", { guestId: guest.id }), ctx(id)));
    expect(admitted.status).toBe(200);
    const providerView = (await admitted.json()) as {
      phase: string;
      checkedInAt: string | null;
      guests: { id: string; admittedAt: string | null; checkedInAt: string | null }[];
    };
    expect(providerView.phase).toBe("scheduled"); // the patient has not checked in
    expect(providerView.checkedInAt).toBeNull();
    expect(providerView.guests[0]).toMatchObject({ id: guest.id });
    expect(providerView.guests[0]?.admittedAt).not.toBeNull();
    const event = await db.visitEvent.findFirstOrThrow({ where: { appointmentId: id, type: "ADMITTED" } });
    expect(event).toMatchObject({ actorId: provider.id, data: { guestId: guest.id, guest: true } });
    const own = (await (await asUser(guest, () => visitRoute("", "GET")(json("GET"), ctx(id)))).json()) as Record<string, unknown>;
    expect(own).toMatchObject({ phase: "admitted", role: "GUEST" });
    // Figures stay the patient's: nothing of the guest's check-in or admission.
    const summary = await db.visitSummary.findUniqueOrThrow({ where: { appointmentId: id } });
    expect(summary).toMatchObject({ checkedInAt: null, admittedAt: null });
    // The provider's day shows the guest on the visit's card.
    const { loadProviderDay } = await import("@/lib/visits/provider-day");
    const day = await loadProviderDay({ id: provider.id, timeZone: "UTC" });
    const card = [...day.upcoming, ...day.waiting, ...day.inCall].find((v) => v.id === id);
    expect(card?.guests.map((g) => g.name)).toEqual(["Dr Second"]);
    // The patient then checks in and is admitted as before: their own times.
    const { checkIn, admit } = await import("@/lib/visits/visit-actions");
    await checkIn(patient, id);
    await admit(provider, id);
    const after = await db.visitSummary.findUniqueOrThrow({ where: { appointmentId: id } });
    expect(after.checkedInAt).not.toBeNull();
    expect(after.admittedAt).not.toBeNull();
    // The trigger and summarizeEvents() agree with guest events in the visit.
    const { summarizeEvents } = await import("@/lib/admin/session-figures");
    const events = await db.visitEvent.findMany({ where: { appointmentId: id } });
    const figures = summarizeEvents({ patientId: patient.id, providerId: provider.id }, events);
    expect({ eventCount: after.eventCount, checkedInAt: after.checkedInAt, admittedAt: after.admittedAt }).toEqual({
      eventCount: figures.eventCount,
      checkedInAt: figures.checkedInAt,
      admittedAt: figures.admittedAt,
    });
    // The admin's timeline names the guest; the export counts guests.
    const { loadSessionDetail } = await import("@/lib/admin/session-detail");
    const texts = (await loadSessionDetail(id, new Date())).timeline.map((i) => i.text);
    expect(texts).toContain(`${provider.name} (provider) invited Dr Second (Clinician) as a guest`);
    expect(texts).toContain("Dr Second (guest, Clinician) checked in and is waiting");
    expect(texts).toContain(`${provider.name} (provider) admitted Dr Second (Clinician)`);
    const { listSessions } = await import("@/lib/admin/list-sessions");
    const { sessionCsvLine, CSV_COLUMNS } = await import("@/lib/admin/export-sessions");
    const page = await listSessions(
      { from: null, to: null, providerId: provider.id, patient: null, outcome: null },
      { limit: 10 },
      new Date(),
    );
    const row = page.sessions.find((r) => r.id === id);
    expect(row?.guests).toBe(1);
    expect(CSV_COLUMNS.at(-1)).toBe("guests");
    expect(row && sessionCsvLine(row).trim().endsWith(",1")).toBe(true);
  });

  it("a removed guest is refused by GET visit, TURN and presence auth at its next request", async () => {
    const { provider, id } = await openVisit();
    const { guest: invited, link } = (await (await invite(provider, id, { name: "Gone Soon", role: "OTHER" })).json()) as {
      guest: { guestId: string };
      link: string;
    };
    const guest = await guestCaller(link);
    expect((await asUser(guest, () => visitRoute("ice-servers", "GET")(json("GET"), ctx(id)))).status).toBe(200);
    const joined = await presence(guest, id);
    expect(joined.status).toBe(200);
    expect(JSON.parse(((await joined.json()) as { channel_data: string }).channel_data)).toEqual({
      user_id: guest.id,
      user_info: { name: "Gone Soon", role: "GUEST" },
    });

    const removed = await asUser(provider, () => visitRoute("guests/[guestId]", "DELETE")(json("DELETE"), ctx(id, invited.guestId)));
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as { guests: unknown[] }).guests).toEqual([]);
    expect(await db.visitEvent.count({ where: { appointmentId: id, type: "GUEST_REMOVED" } })).toBe(1);

    expect((await asUser(guest, () => visitRoute("", "GET")(json("GET"), ctx(id)))).status).toBe(401);
    expect((await asUser(guest, () => visitRoute("ice-servers", "GET")(json("GET"), ctx(id)))).status).toBe(401);
    expect((await presence(guest, id)).status).toBe(401);
    // And the link itself no longer exchanges.
    const { exchangeVisitLink } = await import("@/lib/visit-links/exchange-link");
    expect(await exchangeVisitLink(link.split("/join/")[1] ?? "", { ip: "127.0.0.1", userAgent: "test" })).toMatchObject({ ok: false });
  });

  it("marks a guest's presence and reports as the guest's, each report with its pair", async () => {
    const { provider, patient, id } = await openVisit();
    const { link } = (await (await invite(provider, id, { name: "Ann Carer", role: "CAREGIVER" })).json()) as { link: string };
    const guest = await guestCaller(link);
    const { recordPresence } = await import("@/lib/visits/record-presence");
    await recordPresence({ name: "member_added", channel: `presence-visit-${id}`, user_id: guest.id }, new Date());
    const joined = await db.visitEvent.findFirstOrThrow({ where: { appointmentId: id, type: "JOINED", actorId: guest.id } });
    expect(joined.data).toMatchObject({ guest: true });
    const { checkIn, admit } = await import("@/lib/visits/visit-actions");
    await checkIn(guest, id);
    await admit(provider, id, guest.id);
    const { recordQuality } = await import("@/lib/call/server/record-quality");
    const { recordConnection } = await import("@/lib/call/server/record-connection");
    const sample = {
      rttMs: 20,
      jitterMs: 2,
      packetLossPct: 0,
      inKbps: 900,
      outKbps: 800,
      fps: 30,
      width: 640,
      height: 480,
      localCandidateType: "host" as const,
      remoteCandidateType: "host" as const,
      quality: "good" as const,
    };
    // One sample per pair within the interval: the provider's link to the guest and to the patient.
    await recordQuality(provider, id, { ...sample, peer: guest.id });
    // The patient was not admitted, but the provider's call is on (a guest is): the sample is accepted.
    await recordQuality(provider, id, { ...sample, peer: patient.id });
    await recordQuality(guest, id, { ...sample, peer: provider.id });
    await recordConnection(guest, id, {
      event: "CONNECTED",
      session: "guest-session-1",
      peer: provider.id,
      localCandidateType: "host",
      remoteCandidateType: "host",
    });
    const mine = await db.visitEvent.findMany({ where: { appointmentId: id, actorId: guest.id, type: { in: ["QUALITY", "CONNECTED"] } } });
    expect(mine.map((e) => e.data)).toEqual(expect.arrayContaining([expect.objectContaining({ peer: provider.id, guest: true })]));
    expect(mine).toHaveLength(2);
    const providers = await db.visitEvent.findMany({ where: { appointmentId: id, actorId: provider.id, type: "QUALITY" } });
    expect(providers.map((e) => (e.data as { peer?: string }).peer).sort()).toEqual([guest.id, patient.id].sort());
    // The patient's figures hold only the provider's sample of the pair with the patient (no pair with a guest).
    const summary = await db.visitSummary.findUniqueOrThrow({ where: { appointmentId: id } });
    expect(summary.qualitySamples).toBe(1);
    expect(summary.firstConnectedAt).toBeNull();
  });

  it("a guest's check-in does not keep a patient who never came from being a no-show", async () => {
    const [patient, provider] = await Promise.all([createPatient(db), createProvider(db)]);
    const { id } = await createAppointmentNow(db, patient, provider, -20, 30);
    const { link } = (await (await invite(provider, id, { name: "Early Interpreter", role: "INTERPRETER" })).json()) as { link: string };
    const guest = await guestCaller(link);
    expect((await asUser(guest, () => visitRoute("check-in", "POST")(json("POST", {}), ctx(id)))).status).toBe(200);
    const { sweepNoShows } = await import("@/lib/visits/sweep-no-shows");
    await sweepNoShows();
    expect((await db.appointment.findUniqueOrThrow({ where: { id } })).status).toBe("NO_SHOW");
    // The guest's page then says the visit is over for them too.
    expect(await (await asUser(guest, () => visitRoute("", "GET")(json("GET"), ctx(id)))).json()).toMatchObject({ phase: "no-show" });
  });
});
