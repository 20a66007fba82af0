import "../support/mock-session";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider } from "../support/factories";

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let iceServers: typeof import("@/app/api/visits/[id]/ice-servers/route").GET;
let quality: typeof import("@/app/api/visits/[id]/quality/route").POST;
let connection: typeof import("@/app/api/visits/[id]/connection/route").POST;
let actions: typeof import("@/lib/visits/visit-actions");
let iceConfigFor: typeof import("@/lib/call/server/ice-servers").iceConfigFor;
let iceConfigForOpenVisit: typeof import("@/lib/call/server/ice-servers").iceConfigForOpenVisit;
let loadOpenVisit: typeof import("@/lib/visits/load-visit").loadOpenVisit;
let recordQuality: typeof import("@/lib/call/server/record-quality").recordQuality;

const TURN = {
  STUN_URLS: "stun:127.0.0.1:3478",
  TURN_URLS: "turn:127.0.0.1:3478?transport=udp",
  TURN_SECRET: "integration-turn-secret",
  TURN_CREDENTIAL_TTL_SECONDS: "7200",
};

beforeAll(async () => {
  Object.assign(process.env, TURN); // read once by lib/env, before any route runs
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  ({ GET: iceServers } = await import("@/app/api/visits/[id]/ice-servers/route"));
  ({ POST: quality } = await import("@/app/api/visits/[id]/quality/route"));
  ({ POST: connection } = await import("@/app/api/visits/[id]/connection/route"));
  actions = await import("@/lib/visits/visit-actions");
  ({ iceConfigFor, iceConfigForOpenVisit } = await import("@/lib/call/server/ice-servers"));
  ({ loadOpenVisit } = await import("@/lib/visits/load-visit"));
  ({ recordQuality } = await import("@/lib/call/server/record-quality"));
});
afterAll(async () => {
  for (const key of Object.keys(TURN)) delete process.env[key];
  await app?.close();
});

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const get = () => new Request("http://test/api");
const post = (body: unknown) =>
  new Request("http://test/api", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** An appointment whose room is open now (started a minute ago), optionally checked in and admitted. */
async function visit(options: { admitted?: boolean; startsInMinutes?: number } = {}) {
  const [patient, provider] = [await createPatient(db), await createProvider(db)];
  const start = new Date(Date.now() + (options.startsInMinutes ?? -1) * 60_000);
  const end = new Date(start.getTime() + 30 * 60_000);
  const appointment = await db.appointment.create({
    data: { patientId: patient.id, providerId: provider.id, startsAt: start, endsAt: end, blockedUntil: end, reason: "Call test" },
  });
  if (options.admitted) {
    await actions.checkIn(patient, appointment.id);
    await actions.admit(provider, appointment.id);
  }
  return { id: appointment.id, patient, provider, end };
}

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

const postQuality = (user: TestUser, id: string, body: unknown = sample) => asUser(user, () => quality(post(body), params(id)));
const postConnection = (user: TestUser, id: string, body: unknown) => asUser(user, () => connection(post(body), params(id)));

describe("GET /api/visits/{id}/ice-servers", () => {
  it("gives each participant STUN and TURN REST credentials that expire a few minutes after the window", async () => {
    const v = await visit();
    for (const user of [v.patient, v.provider]) {
      const before = Date.now();
      const r = await asUser(user, () => iceServers(get(), params(v.id)));
      expect(r.status).toBe(200);
      expect(r.headers.get("cache-control")).toContain("no-store");
      const body = (await r.json()) as {
        iceServers: { urls: string[]; username?: string; credential?: string }[];
        iceTransportPolicy: string;
        expiresAt: string;
      };
      expect(body.iceTransportPolicy).toBe("all");
      expect(body.iceServers[0]).toEqual({ urls: ["stun:127.0.0.1:3478"] });
      const turn = body.iceServers[1]!;
      expect(turn.urls).toEqual(["turn:127.0.0.1:3478?transport=udp"]);
      const [expiry, userId] = turn.username!.split(":");
      expect(userId).toBe(user.id);
      expect(turn.credential).toBe(createHmac("sha1", TURN.TURN_SECRET).update(turn.username!).digest("base64"));
      // Window closes 30 min after the end; credentials 5 min after that, well inside the 2 h TTL.
      const expected = v.end.getTime() + 35 * 60_000;
      expect(Number(expiry) * 1000).toBeGreaterThan(expected - 1000);
      expect(Number(expiry) * 1000).toBeLessThanOrEqual(expected);
      expect(Number(expiry) * 1000).toBeGreaterThan(before);
      expect(new Date(body.expiresAt).getTime()).toBe(Number(expiry) * 1000);
    }
  });

  it("caps the lifetime at the configured TTL when that is sooner", async () => {
    const v = await visit();
    const now = new Date();
    const config = {
      STUN_URLS: [],
      TURN_URLS: ["turn:t:3478"],
      TURN_SECRET: "s",
      TURN_CREDENTIAL_TTL_SECONDS: 600,
      ICE_TRANSPORT_POLICY: "relay" as const,
    };
    const result = await iceConfigFor(v.patient, v.id, { config, now });
    expect(result.iceTransportPolicy).toBe("relay");
    expect(result.iceServers[0]!.username).toBe(`${Math.floor(now.getTime() / 1000) + 600}:${v.patient.id}`);
  });

  it("renders into the visit page under the same rate limit, and is left out (never an error) once it is used up", async () => {
    const v = await visit();
    const loaded = await loadOpenVisit(v.patient, v.id);
    const first = await iceConfigForOpenVisit(v.patient, loaded);
    expect(first?.iceServers.find((s) => s.username)?.username).toMatch(new RegExp(`:${v.patient.id}$`));
    for (let i = 1; i < 30; i++) expect(await iceConfigForOpenVisit(v.patient, loaded)).not.toBeNull();
    expect(await iceConfigForOpenVisit(v.patient, loaded)).toBeNull();
    // The page's call then asks, and is told why.
    expect((await asUser(v.patient, () => iceServers(get(), params(v.id)))).status).toBe(429);
  });

  it("is an empty list with nothing configured: no public STUN", async () => {
    const v = await visit();
    const config = {
      STUN_URLS: [],
      TURN_URLS: [],
      TURN_SECRET: undefined,
      TURN_CREDENTIAL_TTL_SECONDS: 3600,
      ICE_TRANSPORT_POLICY: "all" as const,
    };
    expect(await iceConfigFor(v.provider, v.id, { config })).toEqual({
      iceServers: [],
      iceTransportPolicy: "all",
      expiresAt: null,
      warmMax: 0,
    });
  });

  it("is 404 for anyone but the participants, 401 signed out, 409 outside the window", async () => {
    const v = await visit();
    const [stranger, otherProvider] = [await createPatient(db), await createProvider(db)];
    expect((await asUser(stranger, () => iceServers(get(), params(v.id)))).status).toBe(404);
    expect((await asUser(otherProvider, () => iceServers(get(), params(v.id)))).status).toBe(404);
    expect((await asUser(null, () => iceServers(get(), params(v.id)))).status).toBe(401);
    expect((await asUser(v.patient, () => iceServers(get(), params("no-such-visit")))).status).toBe(404);
    const later = await visit({ startsInMinutes: 24 * 60 });
    const early = await asUser(later.patient, () => iceServers(get(), params(later.id)));
    expect(early.status).toBe(409);
    expect((await early.json()).error).toMatch(/not open yet/);
  });
});

describe("POST /api/visits/{id}/quality", () => {
  it("stores a sample as a QUALITY event, then refuses the next within 3 s with 429 and Retry-After", async () => {
    const v = await visit({ admitted: true });
    const first = await postQuality(v.patient, v.id, { ...sample, localCandidateType: "relay", remoteCandidateType: "host" });
    expect(first.status).toBe(201);
    const again = await postQuality(v.patient, v.id);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(again.headers.get("retry-after"))).toBeLessThanOrEqual(3);
    // The limit is per participant: the provider's sample goes in.
    expect((await postQuality(v.provider, v.id)).status).toBe(201);
    const events = await db.visitEvent.findMany({ where: { appointmentId: v.id, type: "QUALITY" }, orderBy: { id: "asc" } });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      actorId: v.patient.id,
      data: { ...sample, localCandidateType: "relay", remoteCandidateType: "host", relayed: true },
    });
    expect(events[1]).toMatchObject({ actorId: v.provider.id, data: { relayed: false } });
  });

  it("lets exactly one of several simultaneous samples through, and the next one after the interval", async () => {
    const v = await visit({ admitted: true });
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => postQuality(v.patient, v.id)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    await expect(recordQuality(v.patient, v.id, sample as never, new Date(Date.now() + 3100))).resolves.toBeDefined();
  });

  it("validates the sample with 422 naming the bad fields", async () => {
    const v = await visit({ admitted: true });
    const bad = await postQuality(v.patient, v.id, {
      ...sample,
      rttMs: -1,
      packetLossPct: 101,
      quality: "great",
      localCandidateType: "lan",
      width: 1.5,
    });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields)).toEqual(
      expect.arrayContaining(["rttMs", "packetLossPct", "quality", "localCandidateType", "width"]),
    );
    expect((await postQuality(v.patient, v.id, { ...sample, email: "x@y" })).status).toBe(422);
    expect((await postQuality(v.patient, v.id, "{not json")).status).toBe(400);
    expect(await db.visitEvent.count({ where: { appointmentId: v.id, type: "QUALITY" } })).toBe(0);
  });

  it("is 404 for strangers and 409 before admission and after the end", async () => {
    const v = await visit();
    expect((await postQuality(await createPatient(db), v.id)).status).toBe(404);
    expect((await postQuality(v.patient, v.id)).status).toBe(409);
    await actions.checkIn(v.patient, v.id);
    expect((await postQuality(v.patient, v.id)).status).toBe(409);
    await actions.admit(v.provider, v.id);
    expect((await postQuality(v.patient, v.id)).status).toBe(201);
    await actions.endVisit(v.provider, v.id);
    expect((await postQuality(v.provider, v.id)).status).toBe(409);
  });
});

describe("POST /api/visits/{id}/connection", () => {
  const session = (n: number) => `session${String(n).padStart(8, "0")}`;

  it("records CONNECTED once per peer session with candidate types and whether it is relayed", async () => {
    const v = await visit({ admitted: true });
    const connected = { event: "CONNECTED", session: session(1), localCandidateType: "host", remoteCandidateType: "host" };
    expect((await postConnection(v.patient, v.id, connected)).status).toBe(201);
    const repeat = await postConnection(v.patient, v.id, connected);
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ recorded: false });
    // The other participant's CONNECTED for their own session is theirs to record.
    expect((await postConnection(v.provider, v.id, { ...connected, session: session(2) })).status).toBe(201);
    expect((await postConnection(v.patient, v.id, { event: "RECONNECTING", session: session(1) })).status).toBe(201);
    const relayed = { event: "RECONNECTED", session: session(3), localCandidateType: "relay", remoteCandidateType: "relay" };
    expect((await postConnection(v.patient, v.id, relayed)).status).toBe(201);
    const events = await db.visitEvent.findMany({
      where: { appointmentId: v.id, type: { in: ["CONNECTED", "RECONNECTING", "RECONNECTED"] } },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ["CONNECTED", v.patient.id],
      ["CONNECTED", v.provider.id],
      ["RECONNECTING", v.patient.id],
      ["RECONNECTED", v.patient.id],
    ]);
    expect(events[0]!.data).toEqual({ session: session(1), localCandidateType: "host", remoteCandidateType: "host", relayed: false });
    expect(events[2]!.data).toEqual({ session: session(1) });
    expect(events[3]!.data).toMatchObject({ relayed: true });
  });

  it("validates, and is for participants of an admitted visit only", async () => {
    const v = await visit({ admitted: true });
    expect((await postConnection(v.patient, v.id, { event: "HACKED", session: session(1) })).status).toBe(422);
    expect((await postConnection(v.patient, v.id, { event: "CONNECTED", session: "short" })).status).toBe(422);
    expect((await postConnection(await createProvider(db), v.id, { event: "CONNECTED", session: session(1) })).status).toBe(404);
    const waiting = await visit();
    expect((await postConnection(waiting.patient, waiting.id, { event: "CONNECTED", session: session(1) })).status).toBe(409);
    expect(await db.visitEvent.count({ where: { appointmentId: { in: [v.id, waiting.id] }, type: "CONNECTED" } })).toBe(0);
  });
});
