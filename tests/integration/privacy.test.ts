// Privacy at integration level:
//   - what the server publishes through Pusher, as real pusher-js clients receive it on their own channels
//     (authorised by the app's own /api/pusher/auth): ids and kinds of change only, never an email, a reason
//     or a name; presence members carry a name and a role, never an email; nobody hears about others' visits;
//   - logs: operations that log (a CSP report, an email the mail server refuses, a database error that echoes
//     its query) write no email address and no visit reason;
//   - /api/health: reachability and timings only, no hosts, ports, keys or secrets;
//   - chat: there is nowhere in the database or the API to keep it.
import "../support/mock-session";
import { createServer, type Server, type Socket } from "node:net";
import { readdir } from "node:fs/promises";
import PusherJS, { type Channel, type PresenceChannel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asUser, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider, slotInHours } from "../support/factories";
import { createAppointmentNow } from "../support/visit-factory";
import { once, Recorder, subscribe } from "./local-pusher/harness";

type Db = typeof import("@/lib/db").db;
type Route = (request: Request, context: never) => Promise<Response>;
let app: TestApp;
let db: Db;
let smtp: FakeSmtp;
const r: Record<string, Route> = {};
const clients: PusherJS[] = [];

const SECRET_REASON = "Recurring chest pain since the divorce";
const CANCEL_REASON = "Patient asked by phone: feeling ashamed";

beforeAll(async () => {
  smtp = await startFakeSmtp();
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`; // read once by lib/env, before any mail is sent
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  Object.assign(r, {
    auth: (await import("@/app/api/pusher/auth/route")).POST,
    book: (await import("@/app/api/appointments/route")).POST,
    reschedule: (await import("@/app/api/appointments/[id]/reschedule/route")).POST,
    cancel: (await import("@/app/api/appointments/[id]/cancel/route")).POST,
    checkIn: (await import("@/app/api/visits/[id]/check-in/route")).POST,
    deviceCheck: (await import("@/app/api/visits/[id]/device-check/route")).POST,
    admit: (await import("@/app/api/visits/[id]/admit/route")).POST,
    late: (await import("@/app/api/visits/[id]/running-late/route")).POST,
    end: (await import("@/app/api/visits/[id]/end/route")).POST,
    health: (await import("@/app/api/health/route")).GET,
    csp: (await import("@/app/api/csp-report/route")).POST,
  } satisfies Record<string, unknown>);
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  delete process.env.SMTP_URL;
  await app?.close();
  await smtp?.close();
});

const ORIGIN = "http://127.0.0.1:3999";
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const post = (body: unknown = {}) =>
  new Request(`${ORIGIN}/api`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** A pusher-js client in Node on the app's Pusher server, authorised as `user` by the app's own endpoint. */
async function connect(user: TestUser): Promise<PusherJS> {
  const client = new PusherJS("test-key", {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: app.pusher.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const form = new Request(`${ORIGIN}/api/pusher/auth`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }).toString(),
        });
        asUser(user, () => r.auth!(form, undefined as never))
          .then(async (response) =>
            response.ok
              ? callback(null, (await response.json()) as { auth: string; channel_data?: string })
              : callback(new Error(`auth ${response.status}`), null),
          )
          .catch((error: Error) => callback(error, null));
      },
    },
  });
  clients.push(client);
  if (client.connection.state !== "connected") await once(client.connection, "connected");
  return client;
}

type Received = { receiver: string; channel: string; event: string; data: Record<string, unknown> };
function listen(channel: Channel, receiver: string, into: Recorder<Received>): void {
  channel.bind_global((event: string, data: unknown) => {
    if (!event.startsWith("pusher:")) into.push({ receiver, channel: channel.name, event, data: data as Record<string, unknown> });
  });
}

/** Every console line written while fn runs (still printed), for the log checks. */
async function capturingLogs<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spies = (["log", "warn"] as const).map((level) => {
    const original = console[level].bind(console);
    return vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
      original(...args);
    });
  });
  try {
    return { result: await fn(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe("Pusher payloads", () => {
  it("carry ids and kinds of change only, to the people concerned, through booking, the waiting room and cancelling", async () => {
    const patient = await createPatient(db, { name: "Priya Privatepatient" });
    const stranger = await createPatient(db, { name: "Sam Stranger" });
    const provider = await createProvider(db);
    await db.user.update({ where: { id: provider.id }, data: { name: "Dr Dora Distinctname" } });
    const providerUser = { ...provider, name: "Dr Dora Distinctname" };

    const received = new Recorder<Received>();
    const [p, d, x] = await Promise.all([connect(patient), connect(providerUser), connect(stranger)]);
    listen(await subscribe(p, `private-user-${patient.id}`), "patient", received);
    listen(await subscribe(d, `private-user-${provider.id}`), "provider", received);
    listen(await subscribe(d, `private-provider-${provider.id}`), "provider", received);
    listen(await subscribe(x, `private-user-${stranger.id}`), "stranger", received);
    // Nobody can listen in on someone else's channel.
    await expect(subscribe(x, `private-user-${patient.id}`)).rejects.toThrow(/subscription to private-user-.* failed/);
    await expect(subscribe(p, `private-provider-${provider.id}`)).rejects.toThrow(/failed/);

    const { lines } = await capturingLogs(async () => {
      // Book, move, cancel with a reason: appointment-changed to both parties each time.
      const booked = await asUser(patient, () =>
        r.book!(post({ providerId: provider.id, start: slotInHours(30), reason: SECRET_REASON }), undefined as never),
      );
      expect(booked.status).toBe(201);
      const { id } = (await booked.json()) as { id: string };
      expect((await asUser(patient, () => r.reschedule!(post({ start: slotInHours(32) }), params(id) as never))).status).toBe(200);
      expect((await asUser(providerUser, () => r.cancel!(post({ reason: CANCEL_REASON }), params(id) as never))).status).toBe(200);

      // A visit now: device check, check-in, admission, running late, the end.
      const visit = await createAppointmentNow(db, patient, provider, -1);
      const device = {
        camera: "ok",
        microphone: "ok",
        speaker: "heard",
        network: "direct",
        relayAvailable: true,
        cameraLabel: "Priya's MacBook camera",
      };
      expect((await asUser(patient, () => r.deviceCheck!(post(device), params(visit.id) as never))).status).toBe(201);
      expect((await asUser(patient, () => r.checkIn!(post(), params(visit.id) as never))).status).toBe(200);

      // Presence on the visit channel: each sees the other's name and role, never an email.
      const room = `presence-visit-${visit.id}`;
      const patientRoom = (await subscribe(p, room)) as PresenceChannel;
      const joined = once(patientRoom, "pusher:member_added");
      const providerRoom = (await subscribe(d, room)) as PresenceChannel;
      const member = (await joined) as { id: string; info: unknown };
      expect(member).toEqual({ id: provider.id, info: { name: "Dr Dora Distinctname", role: "PROVIDER" } });
      const infos: unknown[] = [];
      providerRoom.members.each((m: { info: unknown }) => infos.push(m.info));
      expect(infos).toEqual(
        expect.arrayContaining([
          { name: patient.name, role: "PATIENT" },
          { name: "Dr Dora Distinctname", role: "PROVIDER" },
        ]),
      );
      expect(JSON.stringify(infos)).not.toMatch(/@/);

      expect((await asUser(providerUser, () => r.admit!(post(), params(visit.id) as never))).status).toBe(200);
      expect((await asUser(providerUser, () => r.late!(post({ minutes: 5 }), params(visit.id) as never))).status).toBe(200);
      expect((await asUser(providerUser, () => r.end!(post(), params(visit.id) as never))).status).toBe(200);

      // patient: 3 appointment-changed + admitted, running-late, ended; provider: 3 appointment-changed on their
      // user channel + device-check, checked-in, admitted, ended in the waiting room.
      await received.waitFor(13, 5000);
      await new Promise((resolve) => setTimeout(resolve, 300)); // anything extra would arrive now
      return visit.id;
    });

    const events = received.items;
    const summary = events.map(
      (e) =>
        `${e.receiver} ${e.channel.startsWith("private-provider-") ? "private-provider" : "private-user"} ${e.event} ${String(e.data.change)}`,
    );
    expect(summary.filter((s) => s.startsWith("stranger"))).toEqual([]);
    expect(summary.filter((s) => s.startsWith("patient")).sort()).toEqual(
      [
        "patient private-user appointment-changed booked",
        "patient private-user appointment-changed rescheduled",
        "patient private-user appointment-changed cancelled",
        "patient private-user visit-state admitted",
        "patient private-user visit-state running-late",
        "patient private-user visit-state ended",
      ].sort(),
    );
    expect(summary.filter((s) => s.startsWith("provider")).sort()).toEqual(
      [
        "provider private-user appointment-changed booked",
        "provider private-user appointment-changed rescheduled",
        "provider private-user appointment-changed cancelled",
        "provider private-provider waiting-room device-check",
        "provider private-provider waiting-room checked-in",
        "provider private-provider waiting-room admitted",
        "provider private-provider waiting-room ended",
      ].sort(),
    );
    // Only ids, kinds, times and statuses: the receiver re-reads anything else through the API.
    const allowed: Record<string, string[]> = {
      "appointment-changed": ["appointmentId", "byId", "change", "start", "status"],
      "waiting-room": ["appointmentId", "at", "change"],
      "visit-state": ["appointmentId", "at", "change"],
    };
    for (const e of events) expect(Object.keys(e.data).sort(), `${e.event} on ${e.channel}`).toEqual(allowed[e.event]);
    const wire = JSON.stringify(events.map((e) => e.data));
    for (const secret of [
      patient.email,
      provider.email,
      stranger.email,
      "@",
      patient.name,
      "Priya",
      "Distinctname",
      SECRET_REASON,
      CANCEL_REASON,
      "chest",
      "MacBook",
      "reason",
    ]) {
      expect(wire, secret).not.toContain(secret);
    }
    // Nor did anything logged meanwhile carry an email or a reason.
    for (const line of lines) {
      for (const secret of [patient.email, provider.email, SECRET_REASON, CANCEL_REASON]) expect(line).not.toContain(secret);
    }
  });
});

describe("logs", () => {
  it("redact emails and reasons in structured data", async () => {
    const { log } = await import("@/lib/log");
    const { lines } = await capturingLogs(async () => {
      log.info("booked", {
        email: "ana@clinic.test",
        reason: SECRET_REASON,
        nested: { to: "Ana <ana@clinic.test>", cancelReason: CANCEL_REASON, list: ["bob@x.org"] },
      });
      log.warn("odd", { note: `mail to ana@clinic.test failed, reason: "${SECRET_REASON}"` });
    });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toMatch(/ana@clinic\.test|bob@x\.org/);
      expect(line).not.toContain(SECRET_REASON);
      expect(line).not.toContain(CANCEL_REASON);
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "info",
      message: "booked",
      email: "[redacted]",
      reason: "[redacted]",
      nested: { to: "Ana <[email]>", cancelReason: "[redacted]", list: ["[email]"] },
    });
  });

  it("redact an email in a CSP report that a browser sends", async () => {
    const report = {
      "csp-report": {
        "document-uri": "https://consult.test/visits/x?invite=ana.person%40clinic.test&email=ana.person@clinic.test",
        "violated-directive": "img-src",
      },
    };
    const { result, lines } = await capturingLogs(() =>
      r.csp!(new Request(`${ORIGIN}/api/csp-report`, { method: "POST", body: JSON.stringify(report) }), undefined as never),
    );
    expect(result.status).toBe(204);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("content security policy violation");
    expect(lines[0]).not.toContain("ana.person@clinic.test");
    expect(lines[0]).toContain("[email]");
  });

  it("redact the address when the mail server refuses a recipient (the error names it)", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(" ")));
    const patient = await createPatient(db, { id: `refuse_${Date.now().toString(36)}` });
    expect(patient.email).toMatch(/^refuse_/);
    const provider = await createProvider(db);
    const booked = await asUser(patient, () =>
      r.book!(post({ providerId: provider.id, start: slotInHours(40), reason: SECRET_REASON }), undefined as never),
    );
    expect(booked.status).toBe(201); // email is a queued job and never undoes a booking
    // The queue's workers, as every app instance runs them, take the email job (and retry it later).
    const { startWorkers } = await import("@/lib/jobs/start-workers");
    const { stopJobQueue } = await import("@/lib/jobs/boss");
    await startWorkers();
    for (let waited = 0; errors.length === 0 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await stopJobQueue();
    expect(smtp.refused).toContain(patient.email);
    expect(errors).toHaveLength(1);
    const line = JSON.parse(errors[0]!) as { message: string; error: { message: string } };
    expect(line.message).toBe("email could not be sent");
    expect(line.error.message).toMatch(/recipients were rejected/);
    expect(line.error.message).toContain("[email]");
    expect(errors[0]).not.toContain(patient.email);
    expect(errors[0]).not.toContain(SECRET_REASON);
  });

  it("redact a reason that a database error echoes back from its query", async () => {
    const patient = await createPatient(db);
    const provider = await createProvider(db);
    // A bug that sends an invalid value makes Prisma print the whole call, arguments and all.
    const error = (await db.appointment
      .create({
        data: {
          patientId: patient.id,
          providerId: provider.id,
          startsAt: new Date(Number.NaN),
          endsAt: new Date(),
          blockedUntil: new Date(),
          reason: SECRET_REASON,
          cancelReason: CANCEL_REASON,
        },
      })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(SECRET_REASON); // what would reach the log unredacted
    const { log } = await import("@/lib/log");
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(" ")));
    log.error("unhandled error in route", { path: "/api/appointments", error });
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toContain(SECRET_REASON);
    expect(errors[0]).not.toContain(CANCEL_REASON);
    expect(errors[0]).toContain("PrismaClientValidationError");
  });
});

describe("GET /api/health", () => {
  it("reports database and Pusher reachability with timings, and nothing about where or how to reach them", async () => {
    const response = await r.health!(new Request(`${ORIGIN}/api/health`), undefined as never);
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = JSON.parse(text) as unknown;
    expect(body).toEqual({ ok: true, database: { ok: true, ms: expect.any(Number) }, realtime: { ok: true, ms: expect.any(Number) } });
    const database = new URL(process.env.DATABASE_URL!);
    const secrets = [
      process.env.DATABASE_URL!,
      database.hostname,
      database.username,
      database.password,
      database.pathname.slice(1),
      process.env.PUSHER_KEY!,
      process.env.PUSHER_SECRET!,
      process.env.PUSHER_APP_ID!,
      process.env.PUSHER_HOST!,
      process.env.NEXTAUTH_SECRET!,
      "postgres",
      "localhost",
      "version",
    ].filter((s) => s.length > 0);
    for (const secret of secrets) expect(text, secret).not.toContain(secret);
    expect(text).not.toMatch(new RegExp(`\\b(${database.port}|${app.pusher.port})\\b`));
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("server")).toBeNull();
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});

describe("chat", () => {
  it("has nowhere to be stored: no event type, column or API route for it", async () => {
    const kinds = await db.$queryRaw<
      { value: string }[]
    >`SELECT e.enumlabel AS value FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'VisitEventType'`;
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.map((k) => k.value).filter((v) => /chat|message|text/i.test(v))).toEqual([]);
    const columns = await db.$queryRaw<{ name: string }[]>`
      SELECT table_name || '.' || column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND (column_name ILIKE '%chat%' OR column_name ILIKE '%message%' OR column_name ILIKE '%transcript%')`;
    expect(columns).toEqual([]);
    const routes = (await readdir("app/api", { recursive: true })).filter((f) => /chat|message/i.test(f));
    expect(routes).toEqual([]);
  });
});

// ─── A mail server that refuses recipients whose address starts with "refuse" ─────────────────────────────
type FakeSmtp = { port: number; refused: string[]; close(): Promise<void> };

async function startFakeSmtp(): Promise<FakeSmtp> {
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffer = "";
    let inData = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 fake.test ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            reply("250 2.0.0 queued");
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 fake.test");
        else if (verb === "MAIL") reply("250 2.1.0 ok");
        else if (verb === "RCPT") {
          const address = /<([^>]*)>/.exec(line)?.[1] ?? "";
          if (address.startsWith("refuse")) {
            refused.push(address);
            reply(`550 5.1.1 <${address}>: Recipient address rejected: user unknown`);
          } else reply("250 2.1.5 ok");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 go ahead");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("250 ok");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
