import "../support/mock-session";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp } from "../support/integration-app";
import { createPatient, createProvider } from "../support/factories";

let app: TestApp;
let db: typeof import("@/lib/db").db;
let auth: typeof import("@/app/api/pusher/auth/route").POST;
let webhook: typeof import("@/app/api/pusher/webhook/route").POST;

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  ({ POST: auth } = await import("@/app/api/pusher/auth/route"));
  ({ POST: webhook } = await import("@/app/api/pusher/webhook/route"));
});
afterAll(async () => app?.close());

const form = (channel: string, socketId = "123.456") =>
  new Request("http://test/api/pusher/auth", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ socket_id: socketId, channel_name: channel }).toString(),
  });

describe("POST /api/pusher/auth", () => {
  it("signs a user's own channel with the app secret", async () => {
    const patient = await createPatient(db);
    const r = await asUser(patient, () => auth(form(`private-user-${patient.id}`), undefined));
    expect(r.status).toBe(200);
    const { auth: signature } = (await r.json()) as { auth: string };
    const expected = createHmac("sha256", "test-secret").update(`123.456:private-user-${patient.id}`).digest("hex");
    expect(signature).toBe(`test-key:${expected}`);
  });

  it("refuses other users', other providers' and unknown channels with 403", async () => {
    const [patient, other] = [await createPatient(db), await createPatient(db)];
    const [provider, otherProvider] = [await createProvider(db), await createProvider(db)];
    const refused = [
      [patient, `private-user-${other.id}`],
      [patient, `private-provider-${provider.id}`],
      [provider, `private-provider-${otherProvider.id}`],
      [patient, "private-anything"],
      [patient, "presence-visit-nope"],
    ] as const;
    for (const [user, channel] of refused) {
      const r = await asUser(user, () => auth(form(channel), undefined));
      expect(r.status, channel).toBe(403);
    }
    expect((await asUser(provider, () => auth(form(`private-provider-${provider.id}`), undefined))).status).toBe(200);
  });

  it("needs a signed-in user and a well-formed request", async () => {
    expect((await asUser(null, () => auth(form("private-user-x"), undefined))).status).toBe(401);
    const patient = await createPatient(db);
    expect((await asUser(patient, () => auth(form(`private-user-${patient.id}`, "not-a-socket"), undefined))).status).toBe(422);
  });
});

describe("POST /api/pusher/webhook", () => {
  const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: "channel_occupied", channel: "private-user-x" }] });
  const signed = (raw: string, secret: string) =>
    new Request("http://test/api/pusher/webhook", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-pusher-key": "test-key",
        "x-pusher-signature": createHmac("sha256", secret).update(raw).digest("hex"),
      },
      body: raw,
    });

  it("accepts a correctly signed webhook", async () => {
    expect((await webhook(signed(body, "test-secret"), undefined)).status).toBe(200);
  });

  it("answers 401 to a forged or unsigned one", async () => {
    expect((await webhook(signed(body, "wrong-secret"), undefined)).status).toBe(401);
    expect(
      (await webhook(new Request("http://test", { method: "POST", headers: { "content-type": "application/json" }, body }), undefined))
        .status,
    ).toBe(401);
  });
});
