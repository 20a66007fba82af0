// The local Pusher-protocol server against the real `pusher` (server) and `pusher-js` (client) SDKs.

import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import type { PresenceChannel } from "pusher-js";
import { describe, expect, it, vi } from "vitest";
import { RateWindow } from "../../lib/local-pusher/rate-window";
import { APP, dataOf, once, record, startHarness, subscribe, type Frame } from "./local-pusher/harness";
import { eventsOf, startWebhookReceiver } from "./local-pusher/webhook-receiver";
import { freePort } from "../../scripts/free-port.ts";
import { startLocalPusher } from "../../lib/local-pusher/server";

const is = (event: string) => (frame: Frame) => frame.event === event;
const pusherError = (frame: Frame) => frame.event === "pusher:error";

async function rejection(promise: Promise<unknown>): Promise<{ status?: number; body?: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the SDK should have thrown").toBeInstanceOf(Error);
  return error as { status?: number; body?: string };
}

describe("connection (protocol 7)", () => {
  it("sends connection_established with socket_id and activity_timeout, answers pusher:ping", async () => {
    const h = await startHarness({ activityTimeout: 30 });
    const raw = await h.raw();
    const established = await raw.next(is("pusher:connection_established"));
    expect(dataOf(established)).toEqual({ socket_id: expect.stringMatching(/^\d+\.\d+$/), activity_timeout: 30 });
    raw.send({ event: "pusher:ping", data: {} });
    await raw.next(is("pusher:pong"));

    const pusher = await h.client();
    expect(pusher.connection.socket_id).toMatch(/^\d+\.\d+$/);
    expect(h.server.url).toBe(`http://127.0.0.1:${h.server.port}`);
  });

  it("rejects an unknown app key with 4001 and a wrong or missing protocol with 4007/4008", async () => {
    const h = await startHarness();
    const cases = [
      { path: "/app/nope?protocol=7", code: 4001 },
      { path: `/app/${APP.key}?protocol=3`, code: 4007 },
      { path: `/app/${APP.key}?protocol=8`, code: 4007 },
      { path: `/app/${APP.key}?protocol=seven`, code: 4007 },
      { path: `/app/${APP.key}`, code: 4008 },
    ];
    for (const { path, code } of cases) {
      const raw = await h.raw(path);
      const error = await raw.next(pusherError);
      expect(error.data).toMatchObject({ code });
      await raw.whenClosed();
      expect(raw.closeCode).toBe(code);
      expect(raw.count(is("pusher:connection_established"))).toBe(0);
    }
  });

  it("closes a client that stops answering pings with 4201", async () => {
    const h = await startHarness({ activityTimeout: 0.2 });
    const silent = await h.raw(undefined, { autoPong: false });
    const healthy = await h.raw();
    await silent.whenClosed();
    expect(silent.closeCode).toBe(4201);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
  });
});

// Clients other than pusher-js, as hosted Pusher accepts them: the Android SDK speaks protocol 5 by
// default, Python's pysher 6. Each is played by a bare WebSocket that signs its own subscriptions with
// HMAC-SHA256 as the protocol reference describes, not with any Pusher SDK.
describe.each([
  { name: "Android SDK (protocol 5)", query: "protocol=5&client=java&version=2.4.4" },
  { name: "pysher (protocol 6)", query: "protocol=6&client=pysher&version=1.0.8" },
])("an older client: $name", ({ query }) => {
  const sign = (text: string): string => createHmac("sha256", APP.secret).update(text).digest("hex");

  it("connects, joins private and presence channels, gets REST events from a numeric app id and exchanges client events", async () => {
    const h = await startHarness();
    const old = await h.raw(`/app/${APP.key}?${query}`);
    const socketId = await old.established();
    expect(APP.appId).toMatch(/^\d+$/);

    old.send({ event: "pusher:subscribe", data: { channel: "private-old", auth: `${APP.key}:${sign(`${socketId}:private-old`)}` } });
    await old.next((f) => f.channel === "private-old" && f.event === "pusher_internal:subscription_succeeded");
    await h.rest().trigger("private-old", "greet", { hello: "old client" });
    expect(dataOf(await old.next((f) => f.event === "greet"))).toEqual({ hello: "old client" });

    const channelData = JSON.stringify({ user_id: "u-old", user_info: { name: "Old" } });
    const auth = `${APP.key}:${sign(`${socketId}:presence-old:${channelData}`)}`;
    old.send({ event: "pusher:subscribe", data: { channel: "presence-old", auth, channel_data: channelData } });
    const joined = await old.next((f) => f.channel === "presence-old" && f.event === "pusher_internal:subscription_succeeded");
    expect(dataOf(joined)).toMatchObject({ presence: { count: 1, ids: ["u-old"] } });

    const modern = await h.client({ id: "u-new" });
    const channel = await subscribe(modern, "presence-old");
    const fromOld = record(channel, "client-hi");
    old.send({ event: "client-hi", channel: "presence-old", data: { n: 1 } });
    expect(await fromOld.waitFor(1)).toEqual([{ n: 1 }]);
    channel.trigger("client-hi", { n: 2 });
    const toOld = await old.next((f) => f.event === "client-hi");
    expect(toOld).toMatchObject({ channel: "presence-old", user_id: "u-new" });
    expect(dataOf(toOld)).toEqual({ n: 2 });
  });
});

describe("configuration", () => {
  it("refuses a non-numeric app id, as hosted Pusher and its SDKs in other languages do", async () => {
    await expect(startLocalPusher({ ...APP, appId: "consult-local", port: 0 })).rejects.toThrow(/appId must be numeric/);
  });
});

describe("subscriptions", () => {
  it("delivers REST events on a public channel and excludes socket_id", async () => {
    const h = await startHarness();
    const [a, b] = [await h.client(), await h.client()];
    const [ca, cb] = [await subscribe(a, "room-1"), await subscribe(b, "room-1")];
    const gotA = record(ca, "greet");
    const gotB = record(cb, "greet");
    await h.rest().trigger("room-1", "greet", { n: 1 }, { socket_id: a.connection.socket_id });
    await h.rest().trigger("room-1", "greet", { n: 2 });
    expect(await gotB.waitFor(2)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await gotA.waitFor(1)).toEqual([{ n: 2 }]);
  });

  it("accepts a private subscription signed with the secret and refuses a bad signature without dropping the connection", async () => {
    const h = await startHarness();
    const good = await h.client();
    await subscribe(good, "private-ok");

    const bad = await h.client(undefined, "wrong-secret");
    const channel = bad.subscribe("private-denied");
    const error = await once(channel, "pusher:subscription_error");
    expect(error).toMatchObject({ status: 401, error: expect.stringContaining("Invalid signature") });
    expect(bad.connection.state).toBe("connected");
    await subscribe(bad, "public-still-works");

    const raw = await h.raw();
    const unsigned = await raw.subscribe("private-x", { auth: "" });
    expect(unsigned).toMatchObject({ event: "pusher:subscription_error", data: { status: 401 } });
    const otherKey = await raw.subscribe("private-y", { auth: "other-key:" + "0".repeat(64) });
    expect(otherKey.event).toBe("pusher:subscription_error");
  });

  it("presence: members snapshot, member_added/removed to others, a user with two connections counts once", async () => {
    const h = await startHarness();
    const alice = await h.client({ id: "alice", info: { role: "provider" } });
    const aliceChannel = (await subscribe(alice, "presence-visit")) as PresenceChannel;
    expect(aliceChannel.members.count).toBe(1);
    expect(aliceChannel.members.me).toEqual({ id: "alice", info: { role: "provider" } });
    const added = record(aliceChannel, "pusher:member_added");
    const removed = record(aliceChannel, "pusher:member_removed");

    const bobTab1 = await h.client({ id: "bob", info: { role: "patient" } });
    const bob1 = (await subscribe(bobTab1, "presence-visit")) as PresenceChannel;
    expect(bob1.members.count).toBe(2);
    expect(bob1.members.get("alice")).toEqual({ id: "alice", info: { role: "provider" } });
    expect(await added.waitFor(1)).toEqual([{ id: "bob", info: { role: "patient" } }]);

    const bobTab2 = await h.client({ id: "bob", info: { role: "patient" } });
    await subscribe(bobTab2, "presence-visit");
    const info = await h.rest().get({ path: "/channels/presence-visit", params: { info: "user_count,subscription_count" } });
    expect(await info.json()).toEqual({ occupied: true, user_count: 2, subscription_count: 3 });

    bobTab1.disconnect();
    await expect(removed.waitFor(1, 200)).rejects.toThrow(/timed out/); // bob still has a tab open
    bobTab2.unsubscribe("presence-visit");
    expect(await removed.waitFor(1)).toEqual([{ id: "bob", info: { role: "patient" } }]);
    expect(added.items).toHaveLength(1);
    const users = await h.rest().get({ path: "/channels/presence-visit/users" });
    expect(await users.json()).toEqual({ users: [{ id: "alice" }] });
  });

  it("presence: refuses user_info over 1 KB and a 101st member", async () => {
    const h = await startHarness();
    const raw = await h.raw();
    const big = await raw.subscribe("presence-big", { user: { id: "u", info: { blob: "x".repeat(1100) } } });
    expect(big).toMatchObject({ event: "pusher:subscription_error", data: { error: expect.stringContaining("1024") } });

    const members = await Promise.all(Array.from({ length: 100 }, () => h.raw()));
    const answers = await Promise.all(members.map((m, i) => m.subscribe("presence-full", { user: { id: `user-${i}` } })));
    expect(answers.every((a) => a.event === "pusher_internal:subscription_succeeded")).toBe(true);
    const last = answers[99];
    expect(dataOf(last ?? { event: "" }).presence).toMatchObject({ count: 100 });

    const extra = await h.raw();
    expect(await extra.subscribe("presence-full", { user: { id: "user-100" } })).toMatchObject({ event: "pusher:subscription_error" });
    // An existing user joining from another connection is not a new member, so it still fits.
    expect(await extra.subscribe("presence-full", { user: { id: "user-0" } })).toMatchObject({
      event: "pusher_internal:subscription_succeeded",
    });
  });

  it("unsubscribe stops delivery and vacates the channel", async () => {
    const h = await startHarness();
    const pusher = await h.client();
    const channel = await subscribe(pusher, "private-chat");
    const got = record(channel, "msg");
    pusher.unsubscribe("private-chat");
    await vi.waitFor(async () => {
      const res = await h.rest().get({ path: "/channels/private-chat" });
      expect(await res.json()).toEqual({ occupied: false });
    });
    await h.rest().trigger("private-chat", "msg", "lost");
    const sentinel = await subscribe(pusher, "sentinel");
    const done = once(sentinel, "done");
    await h.rest().trigger("sentinel", "done", {});
    await done;
    expect(got.items).toEqual([]);
  });
});

describe("client events", () => {
  it("reach other subscribers, never the sender, and carry user_id on presence channels", async () => {
    const h = await startHarness();
    const a = await h.client({ id: "alice" });
    const b = await h.client({ id: "bob" });
    const [pa, pb] = [await subscribe(a, "presence-call"), await subscribe(b, "presence-call")];
    const echo = record(pa, "client-offer");
    const received = once(pb, "client-offer");
    const metadata = new Promise<unknown>((resolve) => pb.bind("client-offer", (_data: unknown, meta: unknown) => resolve(meta)));
    pa.trigger("client-offer", { sdp: "v=0" });
    expect(await received).toEqual({ sdp: "v=0" });
    expect(await metadata).toEqual({ user_id: "alice" });

    const [qa, qb] = [await subscribe(a, "private-call"), await subscribe(b, "private-call")];
    const privateGot = once(qb, "client-candidate");
    qa.trigger("client-candidate", { c: 1 });
    expect(await privateGot).toEqual({ c: 1 });
    // The sender's own events would have arrived before b's copy of a later REST event.
    const flushed = once(pa, "flush");
    await h.rest().trigger("presence-call", "flush", {});
    await flushed;
    expect(echo.items).toEqual([]);
  });

  it("are refused on public channels, without a subscription, and without the client- prefix", async () => {
    const h = await startHarness();
    const sender = await h.raw();
    const listener = await h.raw();
    await listener.subscribe("public-room");
    await listener.subscribe("private-room");
    await sender.subscribe("public-room");

    sender.send({ event: "client-hi", channel: "public-room", data: {} });
    expect((await sender.next(pusherError)).data).toMatchObject({ message: expect.stringContaining("private and presence") });
    sender.send({ event: "client-hi", channel: "private-room", data: {} });
    await vi.waitFor(() => expect(sender.count(pusherError)).toBe(2));
    sender.send({ event: "not-client", channel: "private-room", data: {} });
    await vi.waitFor(() => expect(sender.count(pusherError)).toBe(3));

    await h.rest().trigger(["public-room", "private-room"], "sentinel", {});
    await listener.next((f) => f.event === "sentinel" && f.channel === "private-room");
    expect(listener.count((f) => f.event === "client-hi" || f.event === "not-client")).toBe(0);
  });

  it("enforce the 10 KB data limit (pusher:error) and 10 per second (4301), dropping the excess", async () => {
    const h = await startHarness();
    const sender = await h.raw();
    const receiver = await h.raw();
    await sender.subscribe("private-sig");
    await receiver.subscribe("private-sig");

    // 10240 bytes of JSON-encoded data is the largest accepted event.
    sender.send({ event: "client-big", channel: "private-sig", data: "x".repeat(10240) });
    sender.send({ event: "client-big", channel: "private-sig", data: "x".repeat(10241) });
    const tooLarge = await sender.next(pusherError);
    expect(tooLarge.data).toEqual({ code: null, message: expect.stringContaining("exceeds the allowed maximum (10240 bytes)") });

    for (let i = 0; i < 10; i++) sender.send({ event: "client-n", channel: "private-sig", data: { i } });
    const limited = await sender.next((f) => pusherError(f) && dataOf(f).code === 4301);
    expect(dataOf(limited).message).toMatch(/10/);

    await h.rest().trigger("private-sig", "sentinel", {});
    await receiver.next(is("sentinel"));
    expect(receiver.count(is("client-big"))).toBe(1);
    // 1 big + 9 small fill the window of 10; the 10th small event is the dropped one.
    expect(receiver.frames.items.filter(is("client-n")).map((f) => dataOf(f).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("uses the configured limits and pusher-js surfaces 4301 as a connection error", async () => {
    const h = await startHarness({ maxEventBytes: 100, maxClientEventsPerSecond: 2 });
    const pusher = await h.client();
    const channel = await subscribe(pusher, "private-tight");
    const errors = record(pusher.connection, "error");
    channel.trigger("client-a", { pad: "y".repeat(120) });
    channel.trigger("client-a", 1);
    channel.trigger("client-a", 2);
    channel.trigger("client-a", 3);
    const [first, second] = await errors.waitFor(2);
    expect(first).toMatchObject({ type: "PusherError", data: { code: null, message: expect.stringContaining("(100 bytes)") } });
    expect(second).toMatchObject({ type: "PusherError", data: { code: 4301 } });
    await expect(h.rest().trigger("private-tight", "big", "z".repeat(101))).rejects.toMatchObject({ status: 413 });
  });

  it("rate window frees budget after one second and does not count rejected events", () => {
    let now = 0;
    const window = new RateWindow(10, 1000, () => now);
    for (let i = 0; i < 10; i++) expect(window.tryTake()).toBe(true);
    expect(window.tryTake()).toBe(false);
    now = 999;
    expect(window.tryTake()).toBe(false);
    now = 1000;
    expect(window.tryTake()).toBe(true);
  });
});

describe("REST API with the pusher SDK", () => {
  it("triggers to several channels, batches up to 10 events and reads channel info", async () => {
    const h = await startHarness();
    const pusher = await h.client({ id: "carol" });
    const [one, two] = [await subscribe(pusher, "one"), await subscribe(pusher, "presence-two")];
    const gotOne = record(one, "e");
    const gotTwo = record(two, "e");
    await h.rest().trigger(["one", "presence-two"], "e", "plain string");
    const batch = Array.from({ length: 10 }, (_, i) => ({ channel: i % 2 ? "one" : "presence-two", name: "e", data: { i } }));
    await h.rest().triggerBatch(batch);
    expect(await gotOne.waitFor(6)).toEqual(["plain string", { i: 1 }, { i: 3 }, { i: 5 }, { i: 7 }, { i: 9 }]);
    expect(await gotTwo.waitFor(6)).toEqual(["plain string", { i: 0 }, { i: 2 }, { i: 4 }, { i: 6 }, { i: 8 }]);

    const all = await h.rest().get({ path: "/channels" });
    expect(await all.json()).toEqual({ channels: { one: {}, "presence-two": {} } });
    const presence = await h.rest().get({ path: "/channels", params: { filter_by_prefix: "presence-", info: "user_count" } });
    expect(await presence.json()).toEqual({ channels: { "presence-two": { user_count: 1 } } });
    const single = await h.rest().get({ path: "/channels/one", params: { info: "subscription_count" } });
    expect(await single.json()).toEqual({ occupied: true, subscription_count: 1 });
  });

  it("answers bad requests with real 4xx statuses the SDK throws on", async () => {
    const h = await startHarness();
    const batch11 = Array.from({ length: 11 }, () => ({ channel: "c", name: "e", data: "d" }));
    expect(await rejection(h.rest().triggerBatch(batch11))).toMatchObject({ status: 400 });
    expect(await rejection(h.rest("wrong-secret").trigger("c", "e", {}))).toMatchObject({ status: 401 });
    expect(await rejection(h.rest().trigger("c", "e", "x".repeat(10241)))).toMatchObject({
      status: 413,
      body: expect.stringContaining("exceeds the allowed maximum (10240 bytes)"),
    });
    await h.rest().trigger("c", "e", "x".repeat(10240));
    expect(await rejection(h.rest().get({ path: "/channels/public/users" }))).toMatchObject({ status: 400 });
    expect(await rejection(h.rest().get({ path: "/channels/public", params: { info: "user_count" } }))).toMatchObject({ status: 400 });

    // The SDK signs synchronously inside trigger(), so shifting the clock only for that call
    // produces a request whose signature is valid but whose timestamp is 11 minutes old.
    const spy = vi.spyOn(Date, "now").mockReturnValue(Date.now() - 660_000);
    const stale = h.rest().trigger("c", "e", {});
    spy.mockRestore();
    expect(await rejection(stale)).toMatchObject({ status: 401, body: expect.stringContaining("Timestamp expired") });
  });

  it("checks body_md5, auth_key and JSON syntax on hand-signed requests", async () => {
    const h = await startHarness();
    const sdk = h.rest();
    const path = `/apps/${APP.appId}/events`;
    const send = (query: string, body: string) =>
      fetch(`${h.server.url}${path}?${query}`, { method: "POST", body, headers: { "content-type": "application/json" } });

    const malformed = "{not json";
    const signedMalformed = sdk.createSignedQueryString({ method: "POST", path, body: malformed });
    expect((await send(signedMalformed, malformed)).status).toBe(400);

    const body = JSON.stringify({ name: "e", channels: ["c"], data: "{}" });
    const signed = sdk.createSignedQueryString({ method: "POST", path, body });
    expect((await send(signed, body)).status).toBe(200);
    expect((await send(signed, body.replace('"e"', '"f"'))).status).toBe(401); // body_md5 no longer matches
    expect((await send(signed.replace(`auth_key=${APP.key}`, "auth_key=other"), body)).status).toBe(401);
    expect((await send(signed.replace("auth_version=1.0", "auth_version=2.0"), body)).status).toBe(401);
    expect((await fetch(`${h.server.url}/apps/999/events?${signed}`, { method: "POST", body })).status).toBe(404);
  });
});

describe("webhooks", () => {
  it("batches lifecycle events in order and signs them so pusher.webhook().isValid() accepts them", async () => {
    const receiver = await startWebhookReceiver();
    const h = await startHarness({ webhookUrl: receiver.url, webhookBatchMs: 20 });
    const raw = await h.raw();
    await raw.subscribe("presence-room", { user: { id: "dana" } });
    const [joined] = await receiver.received.waitFor(1);
    if (!joined) throw new Error("no webhook");
    expect(eventsOf(joined)).toEqual([
      { name: "channel_occupied", channel: "presence-room" },
      { name: "member_added", channel: "presence-room", user_id: "dana" },
    ]);
    expect(joined.headers["x-pusher-key"]).toBe(APP.key);
    const sdk = h.rest();
    expect(sdk.webhook({ headers: joined.headers, rawBody: joined.rawBody }).isValid()).toBe(true);
    expect(sdk.webhook({ headers: joined.headers, rawBody: joined.rawBody.replace("dana", "eve") }).isValid()).toBe(false);
    expect(h.rest("wrong-secret").webhook({ headers: joined.headers, rawBody: joined.rawBody }).isValid()).toBe(false);
    expect(Math.abs(sdk.webhook({ headers: joined.headers, rawBody: joined.rawBody }).getTime().getTime() - Date.now())).toBeLessThan(5000);

    await raw.close();
    const [, left] = await receiver.received.waitFor(2);
    if (!left) throw new Error("no webhook");
    expect(eventsOf(left)).toEqual([
      { name: "member_removed", channel: "presence-room", user_id: "dana" },
      { name: "channel_vacated", channel: "presence-room" },
    ]);
  });

  it("caps a batch at 20 events like hosted Pusher", async () => {
    const receiver = await startWebhookReceiver();
    const h = await startHarness({ webhookUrl: receiver.url, webhookBatchMs: 50 });
    const raw = await h.raw();
    const socketId = await raw.established();
    expect(socketId).not.toBe("");
    for (let i = 0; i < 11; i++) raw.send({ event: "pusher:subscribe", data: { channel: `room-${i}` } });
    await raw.next((f) => f.channel === "room-10" && f.event === "pusher_internal:subscription_succeeded");
    await raw.close();
    const hooks = await receiver.received.waitFor(2);
    const sizes = hooks.map((hook) => eventsOf(hook).length);
    expect(sizes.slice(0, 2)).toEqual([20, 2]);
    expect(
      hooks
        .flatMap(eventsOf)
        .map((e) => e.name)
        .slice(0, 11),
    ).toEqual(Array(11).fill("channel_occupied"));
  });

  it("retries a failed delivery with the same signed body and delivers later batches after it", async () => {
    const receiver = await startWebhookReceiver([500, 503]);
    const h = await startHarness({ webhookUrl: receiver.url, webhookBatchMs: 10, webhookRetryDelaysMs: [30, 30, 30] });
    const raw = await h.raw();
    await raw.subscribe("first");
    await receiver.received.waitFor(1);
    await raw.subscribe("second"); // queued while the first batch waits for its retry
    const hooks = await receiver.received.waitFor(4);
    expect(hooks.map((hook) => hook.status)).toEqual([500, 503, 200, 200]);
    const [failed, failedAgain, delivered, next] = hooks;
    expect(failedAgain?.rawBody).toBe(failed?.rawBody);
    expect(delivered?.rawBody).toBe(failed?.rawBody);
    expect(delivered && eventsOf(delivered)).toEqual([{ name: "channel_occupied", channel: "first" }]);
    expect(next && eventsOf(next)).toEqual([{ name: "channel_occupied", channel: "second" }]);
  });

  it("keeps serving when the webhook target is down", async () => {
    const deadPort = await freePort();
    const logs: string[] = [];
    const h = await startHarness({
      webhookUrl: `http://127.0.0.1:${deadPort}/hooks`,
      webhookBatchMs: 5,
      webhookRetryDelaysMs: [10],
      log: (line) => logs.push(line),
    });
    const pusher = await h.client();
    const channel = await subscribe(pusher, "still-up");
    const got = once(channel, "ping");
    await h.rest().trigger("still-up", "ping", { ok: true });
    expect(await got).toEqual({ ok: true });
    await vi.waitFor(() => expect(logs.some((line) => line.includes("webhook dropped after 2 attempt(s)"))).toBe(true));
  });
});

describe("latency and CLI", () => {
  it("measures trigger->receive and client-event latency", async () => {
    const h = await startHarness({ maxClientEventsPerSecond: 1000 });
    const [a, b] = [await h.client(), await h.client()];
    const [ca, cb] = [await subscribe(a, "private-lat"), await subscribe(b, "private-lat")];
    const rest = h.rest();
    const triggerMs: number[] = [];
    const clientMs: number[] = [];
    for (let i = 0; i < 40; i++) {
      const got = once(cb, "server-tick");
      const start = performance.now();
      await Promise.all([rest.trigger("private-lat", "server-tick", { i }), got]);
      triggerMs.push(performance.now() - start);
      const gotClient = once(cb, "client-tick");
      const startClient = performance.now();
      ca.trigger("client-tick", { i });
      await gotClient;
      clientMs.push(performance.now() - startClient);
    }
    const p50 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
    console.info(`local-pusher latency p50: trigger->receive ${p50(triggerMs).toFixed(2)} ms, client event ${p50(clientMs).toFixed(2)} ms`);
    expect(p50(triggerMs)).toBeLessThan(50);
    expect(p50(clientMs)).toBeLessThan(50);
  });

  it("scripts/local-pusher.ts prints one clear line when the port is taken", async () => {
    const h = await startHarness();
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/local-pusher.ts"], {
      env: {
        ...process.env,
        PUSHER_APP_ID: APP.appId,
        PUSHER_KEY: APP.key,
        PUSHER_SECRET: APP.secret,
        LOCAL_PUSHER_PORT: String(h.server.port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `local-pusher: port ${h.server.port} on 127.0.0.1 is already in use (another local-pusher? set LOCAL_PUSHER_PORT)`,
    );
  }, 15_000);
});
