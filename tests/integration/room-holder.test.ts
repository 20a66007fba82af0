// One live visit room per participant (issue 13, item 4): the claim endpoint against a real PostgreSQL.
import "../support/mock-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp } from "../support/integration-app";
import { createPatient, createProvider } from "../support/factories";
import { createAppointmentNow } from "../support/visit-factory";
import { ROOM_HOLDER_STALE_MS } from "@/lib/visits/room-holder";

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let room: typeof import("@/app/api/visits/[id]/room/route").POST;

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  room = (await import("@/app/api/visits/[id]/room/route")).POST;
});
afterAll(async () => app?.close());

const post = (body: unknown) =>
  new Request("http://test", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function scene() {
  const [patient, otherPatient, provider] = [await createPatient(db), await createPatient(db), await createProvider(db)];
  const appointment = await createAppointmentNow(db, patient, provider);
  return { patient, otherPatient, provider, id: appointment.id };
}

const claim = async (user: Awaited<ReturnType<typeof createPatient>>, id: string, session: string, take = false) => {
  const response = await asUser(user, () => room(post({ session, take }), params(id)));
  return { status: response.status, body: (await response.json()) as { held?: boolean; error?: string } };
};
const moves = async (id: string, actorId: string) =>
  (await db.visitEvent.findMany({ where: { appointmentId: id, actorId }, orderBy: { id: "asc" } }))
    .filter((e) => (e.data as { reason?: string }).reason === "moved")
    .map((e) => e.type);

describe("the live visit room's holder", () => {
  it("the first page holds it, a second is refused until it takes it over, and the first then is refused", async () => {
    const s = await scene();
    expect((await claim(s.patient, s.id, "tab-one-page")).body).toEqual({ held: true });
    expect((await claim(s.patient, s.id, "tab-one-page")).body).toEqual({ held: true });
    expect((await claim(s.patient, s.id, "tab-two-page")).body).toEqual({ held: false });
    expect(await moves(s.id, s.patient.id)).toEqual([]);
    expect((await claim(s.patient, s.id, "tab-two-page", true)).body).toEqual({ held: true });
    expect((await claim(s.patient, s.id, "tab-one-page")).body).toEqual({ held: false });
    // The handover is on the timeline, and leaves the patient in the room (LEFT, then JOINED).
    expect(await moves(s.id, s.patient.id)).toEqual(["LEFT", "JOINED"]);
    // Each participant has their own: the provider's page is not the patient's.
    expect((await claim(s.provider, s.id, "tab-one-page")).body).toEqual({ held: true });
  });

  it("a holder whose heartbeat is stale does not block the next page, and nothing is recorded as moved", async () => {
    const s = await scene();
    expect((await claim(s.patient, s.id, "closed-tab-1")).body).toEqual({ held: true });
    const gone = new Date(Date.now() - ROOM_HOLDER_STALE_MS - 1000);
    await db.roomHolder.update({
      where: { appointmentId_userId: { appointmentId: s.id, userId: s.patient.id } },
      data: { heartbeatAt: gone },
    });
    expect((await claim(s.patient, s.id, "new-phone-1")).body).toEqual({ held: true });
    expect((await claim(s.patient, s.id, "closed-tab-1")).body).toEqual({ held: false });
    expect(await moves(s.id, s.patient.id)).toEqual([]);
  });

  it("two pages claiming at the same moment: exactly one holds it", async () => {
    const s = await scene();
    const answers = await Promise.all(["racing-tab-a", "racing-tab-b", "racing-tab-c"].map((t) => claim(s.patient, s.id, t)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.held).length).toBe(1);
  });

  it("bad input gets a clear 4xx: someone else's visit, a garbage session, no body", async () => {
    const s = await scene();
    const stranger = await claim(s.otherPatient, s.id, "stranger-tab");
    expect(stranger.status).toBe(404);
    for (const session of ["x", "has spaces in it", "<script>alert(1)</script>", "a".repeat(65), 42, null]) {
      const bad = await asUser(s.patient, () => room(post({ session }), params(s.id)));
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as { error: string }).error).toMatch(/session/i);
    }
    const notJson = await asUser(s.patient, () =>
      room(new Request("http://test", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }), params(s.id)),
    );
    expect(notJson.status).toBe(400);
    expect((await asUser(s.patient, () => room(post({ session: "fine-session" }), params("not a visit id!")))).status).toBeLessThan(500);
    expect((await asUser(null, () => room(post({ session: "fine-session" }), params(s.id)))).status).toBe(401);
    expect(await db.roomHolder.count({ where: { appointmentId: s.id } })).toBe(0);
  });
});
