import "../support/mock-session";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp } from "../support/integration-app";
import { createPatient, createProvider } from "../support/factories";
import { createAppointmentNow } from "../support/visit-factory";

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let routes: {
  checkIn: typeof import("@/app/api/visits/[id]/check-in/route").POST;
  deviceCheck: typeof import("@/app/api/visits/[id]/device-check/route").POST;
  admit: typeof import("@/app/api/visits/[id]/admit/route").POST;
  late: typeof import("@/app/api/visits/[id]/running-late/route").POST;
  noShow: typeof import("@/app/api/visits/[id]/no-show/route").POST;
  end: typeof import("@/app/api/visits/[id]/end/route").POST;
  state: typeof import("@/app/api/visits/[id]/route").GET;
  auth: typeof import("@/app/api/pusher/auth/route").POST;
  webhook: typeof import("@/app/api/pusher/webhook/route").POST;
  appointments: typeof import("@/app/api/appointments/route").GET;
};

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  routes = {
    checkIn: (await import("@/app/api/visits/[id]/check-in/route")).POST,
    deviceCheck: (await import("@/app/api/visits/[id]/device-check/route")).POST,
    admit: (await import("@/app/api/visits/[id]/admit/route")).POST,
    late: (await import("@/app/api/visits/[id]/running-late/route")).POST,
    noShow: (await import("@/app/api/visits/[id]/no-show/route")).POST,
    end: (await import("@/app/api/visits/[id]/end/route")).POST,
    state: (await import("@/app/api/visits/[id]/route")).GET,
    auth: (await import("@/app/api/pusher/auth/route")).POST,
    webhook: (await import("@/app/api/pusher/webhook/route")).POST,
    appointments: (await import("@/app/api/appointments/route")).GET,
  };
});
afterAll(async () => app?.close());

const post = (body: unknown = {}) =>
  new Request("http://test", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const subscribe = (channel: string) =>
  new Request("http://test", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `socket_id=1.2&channel_name=${channel}`,
  });

async function scene() {
  const [patient, otherPatient] = [await createPatient(db), await createPatient(db)];
  const [provider, otherProvider] = [await createProvider(db), await createProvider(db)];
  const appointment = await createAppointmentNow(db, patient, provider);
  return { patient, otherPatient, provider, otherProvider, id: appointment.id };
}

const types = async (id: string) =>
  (await db.visitEvent.findMany({ where: { appointmentId: id }, orderBy: { id: "asc" } })).map((e) => e.type);

describe("visit room rules", () => {
  it("lets the patient check in once (idempotent) and the provider admit, recording events", async () => {
    const s = await scene();
    const device = { camera: "ok", microphone: "ok", speaker: "heard", network: "direct", relayAvailable: false };
    expect((await asUser(s.patient, () => routes.deviceCheck(post(device), params(s.id)))).status).toBe(201);
    expect((await asUser(s.provider, () => routes.admit(post(), params(s.id)))).status).toBe(409);
    const first = await asUser(s.patient, () => routes.checkIn(post(), params(s.id)));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ phase: "waiting", deviceCheck: "ready", placeInQueue: 1 });
    expect((await asUser(s.patient, () => routes.checkIn(post(), params(s.id)))).status).toBe(200);
    expect((await asUser(s.provider, () => routes.late(post({ minutes: 10 }), params(s.id)))).status).toBe(200);
    expect((await asUser(s.provider, () => routes.late(post({ minutes: 7 }), params(s.id)))).status).toBe(422);
    const admitted = await asUser(s.provider, () => routes.admit(post(), params(s.id)));
    expect(await admitted.json()).toMatchObject({ phase: "admitted" });
    expect(await types(s.id)).toEqual(["DEVICE_CHECK", "CHECKED_IN", "RUNNING_LATE", "ADMITTED"]);
    const ended = await asUser(s.provider, () => routes.end(post(), params(s.id)));
    expect(await ended.json()).toMatchObject({ phase: "ended", status: "COMPLETED" });
  });

  it("keeps everyone else out: other patient, other provider, signed out", async () => {
    const s = await scene();
    for (const stranger of [s.otherPatient, s.otherProvider]) {
      expect((await asUser(stranger, () => routes.state(new Request("http://test"), params(s.id)))).status).toBe(404);
      expect((await asUser(stranger, () => routes.checkIn(post(), params(s.id)))).status).toBe(404);
      expect((await asUser(stranger, () => routes.admit(post(), params(s.id)))).status).toBe(404);
      expect((await asUser(stranger, () => routes.auth(subscribe(`presence-visit-${s.id}`), undefined))).status).toBe(403);
    }
    expect((await asUser(null, () => routes.checkIn(post(), params(s.id)))).status).toBe(401);
    expect((await asUser(null, () => routes.auth(subscribe(`presence-visit-${s.id}`), undefined))).status).toBe(401);
    // The participants may subscribe, with presence data that names them but never their email.
    const ok = await asUser(s.patient, () => routes.auth(subscribe(`presence-visit-${s.id}`), undefined));
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { channel_data: string };
    expect(JSON.parse(body.channel_data)).toEqual({ user_id: s.patient.id, user_info: { name: s.patient.name, role: "PATIENT" } });
    expect(await types(s.id)).toEqual([]);
  });

  it("refuses the wrong role: a patient cannot admit, a provider cannot check in", async () => {
    const s = await scene();
    expect((await asUser(s.provider, () => routes.checkIn(post(), params(s.id)))).status).toBe(403);
    await asUser(s.patient, () => routes.checkIn(post(), params(s.id)));
    expect((await asUser(s.patient, () => routes.admit(post(), params(s.id)))).status).toBe(403);
  });

  it("keeps the room and its channel closed outside the window", async () => {
    const [patient, provider] = [await createPatient(db), await createProvider(db)];
    const later = await createAppointmentNow(db, patient, provider, 180);
    expect((await asUser(patient, () => routes.checkIn(post(), params(later.id)))).status).toBe(409);
    expect((await asUser(patient, () => routes.auth(subscribe(`presence-visit-${later.id}`), undefined))).status).toBe(403);
  });

  it("marks a no-show by hand only after the grace period, and automatically by the sweep job, never by a read", async () => {
    const [patient, provider] = [await createPatient(db), await createProvider(db)];
    const soon = await createAppointmentNow(db, patient, provider, 1);
    expect((await asUser(provider, () => routes.noShow(post(), params(soon.id)))).status).toBe(409);
    const missed = await createAppointmentNow(db, patient, provider, -20, 10);
    const list = await (await asUser(provider, () => routes.appointments(new Request("http://test"), undefined))).json();
    expect(list.past.find((a: { id: string }) => a.id === missed.id)?.status).toBe("SCHEDULED");
    expect(await types(missed.id)).toEqual([]);
    const { sweepNoShows } = await import("@/lib/visits/sweep-no-shows");
    expect(await sweepNoShows()).toBeGreaterThanOrEqual(1);
    expect(await sweepNoShows()).toBe(0);
    expect(await types(missed.id)).toEqual(["NO_SHOW"]);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: soon.id } })).status).toBe("SCHEDULED");
  });
});

describe("presence from webhooks", () => {
  const signed = (events: unknown[], secret = "test-secret") => {
    const raw = JSON.stringify({ time_ms: Date.now(), events });
    return new Request("http://test", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-pusher-key": "test-key",
        "x-pusher-signature": createHmac("sha256", secret).update(raw).digest("hex"),
      },
      body: raw,
    });
  };

  it("records JOINED and LEFT for participants from signed webhooks only", async () => {
    const s = await scene();
    const channel = `presence-visit-${s.id}`;
    expect((await routes.webhook(signed([{ name: "member_added", channel, user_id: s.patient.id }], "forged"), undefined)).status).toBe(
      401,
    );
    expect(await types(s.id)).toEqual([]);
    await routes.webhook(signed([{ name: "member_added", channel, user_id: s.otherPatient.id }]), undefined);
    expect(await types(s.id)).toEqual([]);
    await routes.webhook(
      signed([
        { name: "member_added", channel, user_id: s.patient.id },
        { name: "member_removed", channel, user_id: s.patient.id },
      ]),
      undefined,
    );
    expect(await types(s.id)).toEqual(["JOINED", "LEFT"]);
  });

  it("refuses to edit or delete a visit event", async () => {
    const s = await scene();
    await asUser(s.patient, () => routes.checkIn(post(), params(s.id)));
    await expect(db.visitEvent.deleteMany({ where: { appointmentId: s.id } })).rejects.toThrow(/append-only/);
    await expect(db.visitEvent.updateMany({ where: { appointmentId: s.id }, data: { actorId: "x" } })).rejects.toThrow(/append-only/);
  });
});
