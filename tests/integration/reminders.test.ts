// Reminders on the real queue: rows planned with bookings, moved by reschedules, dropped by cancels, and two
// worker processes (scripts/job-worker.ts, the same workers every app instance runs) sending each of 200 due
// reminders once, also when one of them is killed (SIGKILL) in the middle of a batch.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider, slotInHours } from "../support/factories";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let sink: SmtpSink;
let store: typeof import("@/lib/reminders/reminder-store");
const workers: ChildProcess[] = [];

beforeAll(async () => {
  app = await startTestApp();
  sink = await startSmtpSink({ delayMs: 15 });
  process.env.SMTP_URL = sink.url;
  db = (await import("@/lib/db")).db;
  store = await import("@/lib/reminders/reminder-store");
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  delete process.env.SMTP_URL;
  await sink?.close();
  await app?.close();
});

const messageIdOf = (reminderId: string) => `<${createHash("sha256").update(`reminder:${reminderId}`).digest("hex").slice(0, 32)}@consult>`;

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/job-worker.ts"], {
    // The lease must outlast the slowest single send on a loaded machine, or a live worker's claim is taken back.
    env: {
      ...process.env,
      SMTP_URL: sink.url,
      REMINDER_LEASE_SECONDS: "60",
      JOB_POLL_SECONDS: "0.5",
      JOB_BATCH_SIZE: "10",
      JOB_WORKERS: "2",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      output += c.toString();
      if (output.includes("ready")) resolve(child);
    });
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** 200 visits of one pair in consecutive half hours, each with one reminder due a second ago, all queued. */
async function dueReminders(patient: TestUser, provider: TestUser, count: number, firstHour: number): Promise<string[]> {
  const first = new Date(slotInHours(firstHour)).getTime();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = new Date(first + i * 30 * 60_000);
    const end = new Date(start.getTime() + 30 * 60_000);
    const row = await db.appointment.create({
      data: {
        patientId: patient.id,
        providerId: provider.id,
        startsAt: start,
        endsAt: end,
        blockedUntil: end,
        reason: "Check-up",
        reminders: { create: { offsetMinutes: 60, startsAt: start, dueAt: new Date(Date.now() - 1000) } },
      },
      select: { reminders: { select: { id: true, dueAt: true } } },
    });
    ids.push(row.reminders[0]!.id);
  }
  await store.queueReminderJobs(
    await db.reminder.findMany({ where: { id: { in: ids } }, select: { id: true, dueAt: true, attempts: true } }),
  );
  return ids;
}

async function checkExactlyOnce(ids: string[]) {
  const rows = await db.reminder.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, attempts: true } });
  expect(rows.filter((r) => r.status !== "SENT")).toEqual([]);
  // The record: one REMINDER_SENT per reminder on its visit's timeline.
  const events = await db.visitEvent.findMany({ where: { type: "REMINDER_SENT" }, select: { data: true } });
  const perReminder = new Map<string, number>();
  for (const e of events) {
    const id = (e.data as { reminderId?: string }).reminderId ?? "";
    perReminder.set(id, (perReminder.get(id) ?? 0) + 1);
  }
  expect(ids.filter((id) => perReminder.get(id) !== 1)).toEqual([]);
  // What arrived: every reminder's message, each with its own stable Message-ID.
  const wanted = new Set(ids.map(messageIdOf));
  const arrived = sink.received.filter((m) => wanted.has(m.messageId));
  expect(new Set(arrived.map((m) => m.messageId)).size).toBe(ids.length);
  return { arrived: arrived.length, retried: rows.filter((r) => r.attempts > 1).length };
}

describe("reminder rows follow the appointment", () => {
  it("plans 24 h and 1 h at booking, moves them on reschedule, drops them on cancel, and sends nothing for a cancelled visit", async () => {
    const { bookAppointment } = await import("@/lib/appointments/book-appointment");
    const { rescheduleAppointment, cancelAppointment } = await import("@/lib/appointments/change-appointment");
    const { sendReminders } = await import("@/lib/reminders/send-reminders");
    const [patient, provider] = [await createPatient(db), await createProvider(db)];
    const booked = await bookAppointment({
      patientId: patient.id,
      providerId: provider.id,
      start: new Date(slotInHours(48)),
      reason: "Rash",
    });
    const pending = () =>
      db.reminder.findMany({
        where: { appointmentId: booked.id, status: "PENDING" },
        orderBy: { dueAt: "asc" },
        select: { offsetMinutes: true, dueAt: true },
      });
    const at = (start: Date, minutes: number) => new Date(start.getTime() - minutes * 60_000).toISOString();
    expect((await pending()).map((r) => [r.offsetMinutes, r.dueAt.toISOString()])).toEqual([
      [1440, at(booked.startsAt, 1440)],
      [60, at(booked.startsAt, 60)],
    ]);

    const moved = await rescheduleAppointment({ user: patient, appointmentId: booked.id, start: new Date(slotInHours(72)) });
    expect((await pending()).map((r) => [r.offsetMinutes, r.dueAt.toISOString()])).toEqual([
      [1440, at(moved.startsAt, 1440)],
      [60, at(moved.startsAt, 60)],
    ]);

    await cancelAppointment({ user: patient, appointmentId: booked.id, reason: "" });
    expect(await pending()).toEqual([]);
    const all = await db.reminder.findMany({ where: { appointmentId: booked.id }, select: { id: true, status: true } });
    expect(all.map((r) => r.status)).toEqual(["CANCELLED", "CANCELLED"]);
    const before = sink.received.length;
    expect(
      (
        await sendReminders(
          all.map((r) => r.id),
          { leaseSeconds: 60 },
        )
      ).map((o) => o.result),
    ).toEqual(["not-mine", "not-mine"]);
    expect(sink.received.length).toBe(before);
  });

  it("new reminder times in the schedule reach the visits already booked, and are queued", async () => {
    const { bookAppointment } = await import("@/lib/appointments/book-appointment");
    const { saveWeeklySchedule } = await import("@/lib/working-hours/save-weekly-schedule");
    const { getSchedule } = await import("@/lib/working-hours/get-schedule");
    const { weeklyScheduleSchema } = await import("@/lib/working-hours/working-hours-input");
    const [patient, provider] = [await createPatient(db), await createProvider(db)];
    const booked = await bookAppointment({
      patientId: patient.id,
      providerId: provider.id,
      start: new Date(slotInHours(72)),
      reason: "Rash",
    });
    const rows = () =>
      db.reminder.findMany({
        where: { appointmentId: booked.id, status: "PENDING" },
        orderBy: { dueAt: "asc" },
        select: { id: true, offsetMinutes: true },
      });
    const [day, hour] = await rows();
    expect([day?.offsetMinutes, hour?.offsetMinutes]).toEqual([1440, 60]);

    // 48 h and 1 h now: the 1 h row is the same row (its job stays valid), the 24 h one is gone, 48 h is new.
    const { weekly, settings } = await getSchedule(provider.id);
    await saveWeeklySchedule(provider.id, weeklyScheduleSchema.parse({ weekly, settings: { ...settings, reminderMinutes: [2880, 60] } }));
    const after = await rows();
    expect(after.map((r) => r.offsetMinutes)).toEqual([2880, 60]);
    expect(after[1]?.id).toBe(hour?.id);
    const added = await db.reminder.findFirstOrThrow({ where: { appointmentId: booked.id, offsetMinutes: 2880 }, select: { id: true } });
    const queued = await db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'reminder' AND data->>'reminderId' = ${added.id}`;
    expect(Number(queued[0]?.n)).toBe(1);
  });

  it("emails carry the clinic's contact details once the clinic has set them", async () => {
    const { bookAppointment } = await import("@/lib/appointments/book-appointment");
    const { reminderEmail } = await import("@/lib/mail/appointment-emails");
    const { saveClinicContact } = await import("@/lib/clinic/contact");
    const [patient, provider] = [await createPatient(db), await createProvider(db)];
    const booked = await bookAppointment({
      patientId: patient.id,
      providerId: provider.id,
      start: new Date(slotInHours(50)),
      reason: "Cough",
    });
    const reminder = await db.reminder.findFirstOrThrow({ where: { appointmentId: booked.id }, select: { id: true, appointmentId: true } });
    expect((await reminderEmail(reminder)).text).toContain("Contact the clinic that booked your visit.");
    await saveClinicContact(provider, { phone: "+44 20 7946 0000", email: "reception@clinic.example", hours: "Mon-Fri 9-5" });
    const mail = await reminderEmail(reminder);
    expect(mail.text).toContain("+44 20 7946 0000");
    expect(mail.text).toContain("reception@clinic.example");
    await db.clinicContact.deleteMany({});
  });

  it("skips a due reminder whose visit has already started, and one for a time the visit no longer has", async () => {
    const { sendReminders } = await import("@/lib/reminders/send-reminders");
    const [patient, provider] = [await createPatient(db), await createProvider(db)];
    const start = new Date(Date.now() - 60_000);
    const end = new Date(start.getTime() + 30 * 60_000);
    const row = await db.appointment.create({
      data: {
        patientId: patient.id,
        providerId: provider.id,
        startsAt: start,
        endsAt: end,
        blockedUntil: end,
        reason: "x",
        reminders: {
          create: [
            { offsetMinutes: 60, startsAt: start, dueAt: new Date(start.getTime() - 3600_000) },
            { offsetMinutes: 30, startsAt: new Date(start.getTime() + 86_400_000), dueAt: new Date(Date.now() - 1000) },
          ],
        },
      },
      select: { reminders: { select: { id: true } } },
    });
    const outcomes = await sendReminders(
      row.reminders.map((r) => r.id),
      { leaseSeconds: 60 },
    );
    expect(outcomes.map((o) => o.result)).toEqual(["skipped", "skipped"]);
    expect(
      (await db.reminder.findMany({ where: { id: { in: row.reminders.map((r) => r.id) } } })).every((r) => r.status === "CANCELLED"),
    ).toBe(true);
  });
});

describe("two worker instances on one queue", () => {
  it("send each of 200 due reminders exactly once", { timeout: 120_000 }, async () => {
    const [patient, provider] = [await createPatient(db), await createProvider(db, { horizonDays: 365 })];
    await Promise.all([startWorker(), startWorker()]);
    const ids = await dueReminders(patient, provider, 200, 24);
    await until(
      async () => (await db.reminder.count({ where: { id: { in: ids }, status: "SENT" } })) === ids.length,
      90_000,
      "200 reminders sent",
    );
    const { arrived } = await checkExactlyOnce(ids);
    expect(arrived).toBe(ids.length);
  });

  it(
    "still send each once when one instance is killed mid-batch: its claims are taken back after the lease",
    { timeout: 150_000 },
    async () => {
      const [patient, provider] = [await createPatient(db), await createProvider(db, { horizonDays: 365 })];
      for (const w of workers) if (w.exitCode === null) w.kill("SIGTERM");
      const [victim] = await Promise.all([startWorker(), startWorker()]);
      const before = sink.received.length;
      const ids = await dueReminders(patient, provider, 200, 24 * 10);
      await until(async () => sink.received.length - before >= 30, 60_000, "the first messages");
      victim!.kill("SIGKILL");
      // The survivor drains what it can; what the killed one had claimed stays SENDING until a sweep with a short
      // lease (5 s, from here: the workers use 60 s) takes it back.
      await new Promise((r) => setTimeout(r, 6_000));
      await until(
        async () => {
          await store.sweepReminders({ leaseSeconds: 5 });
          return (await db.reminder.count({ where: { id: { in: ids }, status: "SENT" } })) === ids.length;
        },
        90_000,
        "every reminder sent after the kill",
      );
      const { arrived, retried } = await checkExactlyOnce(ids);
      // A reminder the killed worker handed to SMTP in its last milliseconds, before recording it, goes out a
      // second time with the same Message-ID (mail clients fold it); never more than the reminders taken back.
      expect(arrived - ids.length).toBeLessThanOrEqual(retried);
      console.log(`killed mid-batch: ${ids.length} reminders, ${arrived} deliveries, ${retried} taken back after the kill`);
    },
  );
});
