import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { appUrl } from "@/lib/app-url";
import { getClinicContact } from "@/lib/clinic/contact";
import { enqueue } from "@/lib/jobs/boss";
import { appointmentIcs } from "@/lib/calendar/appointment-ics";
import { checkChangeNotice } from "@/lib/appointments/state-machine";
import { composeVisitEmail, type EmailKind } from "@/lib/mail/compose";
import { mintVisitLink } from "@/lib/visit-links/mint-link";
import type { Mail } from "@/lib/mail/send-mail";
import { guestInvitationEmail, type GuestInvitationJob } from "@/lib/mail/guest-email";

/** What the "email" queue carries: an appointment's email to its patient or provider, or a guest's invitation. */
export type AppointmentEmailJob = VisitEmailJob | GuestInvitationJob;

export type VisitEmailJob = {
  kind: Exclude<EmailKind, "reminder">;
  appointmentId: string;
  role: "PATIENT" | "PROVIDER";
  sequence: number;
  /** Tells apart two emails of one kind at one sequence (two new links), so each has its own Message-ID. */
  key?: string;
};

/** The clinic's contact details as one line of an email, or null while none are set. */
async function clinicContactLine(): Promise<string | null> {
  const { phone, email, hours } = await getClinicContact();
  if (!phone && !email) return null;
  const ways = [phone ? `phone ${phone}` : "", email ? `email ${email}` : ""].filter(Boolean).join(", ");
  return hours ? `${ways} (${hours})` : ways;
}

/**
 * Queues the emails for a change to an appointment: one job per recipient, keyed by the change and the
 * appointment's sequence, so a repeated request or a second instance queues nothing more.
 */
export async function queueAppointmentEmails(row: { id: string; sequence: number }, kind: VisitEmailJob["kind"]): Promise<void> {
  await Promise.all(
    (["PATIENT", "PROVIDER"] as const).map((role) => {
      const job: VisitEmailJob = {
        kind: role === "PROVIDER" && kind === "invitation" ? "booked" : kind,
        appointmentId: row.id,
        role,
        sequence: row.sequence,
      };
      return enqueue("email", `${kind}:${row.id}:${row.sequence}:${role}`, job);
    }),
  );
}

const contextSelect = {
  id: true,
  patientId: true,
  startsAt: true,
  endsAt: true,
  status: true,
  sequence: true,
  cancelReason: true,
  patient: { select: { name: true, email: true, timeZone: true, passwordHash: true } },
  provider: { select: { name: true, email: true, timeZone: true, provider: { select: { cancelNoticeMinutes: true } } } },
  bookedById: true,
} as const;

/** The names of the staff who booked, for "booked for you by …" (bookedById is a plain column, not a relation). */
async function staffNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** What emails about these appointments need, in three queries, whatever their number. */
async function contextsOf(appointmentIds: string[]) {
  const rows = await db.appointment.findMany({ where: { id: { in: appointmentIds } }, select: contextSelect });
  const [names, clinicLine] = await Promise.all([staffNames(rows.map((r) => r.bookedById)), clinicContactLine()]);
  return rows.map((r) => ({ ...r, bookedByName: names.get(r.bookedById ?? "") ?? null, clinicLine }));
}

async function emailContext(appointmentId: string): Promise<EmailContext> {
  const [context] = await contextsOf([appointmentId]);
  if (!context) throw new Error(`no appointment ${appointmentId} to write an email about`);
  return context;
}

/** A batch of reminders' contexts, by appointment id. */
export async function emailContexts(appointmentIds: string[]): Promise<Map<string, EmailContext>> {
  return new Map((await contextsOf(appointmentIds)).map((c) => [c.id, c]));
}

export type EmailContext = Awaited<ReturnType<typeof contextsOf>>[number];
type Context = EmailContext;
const stableId = (key: string) => `<${createHash("sha256").update(key).digest("hex").slice(0, 32)}@consult>`;

async function buildMail(ctx: Context, kind: EmailKind, role: "PATIENT" | "PROVIDER", messageKey: string, now: Date): Promise<Mail> {
  const person = role === "PATIENT" ? ctx.patient : ctx.provider;
  const linkOnly = ctx.patient.passwordHash === "";
  const joinUrl =
    role === "PATIENT" && kind !== "cancelled"
      ? await mintVisitLink({ appointmentId: ctx.id, userId: ctx.patientId, purpose: kind })
      : appUrl(`/visits/${ctx.id}`);
  const mayChange =
    role === "PATIENT" &&
    !linkOnly &&
    checkChangeNotice({ by: "PATIENT", start: ctx.startsAt, now, cancelNoticeMinutes: ctx.provider.provider?.cancelNoticeMinutes ?? 0 }).ok;
  const composed = composeVisitEmail({
    kind,
    recipientName: person.name,
    recipientTimeZone: person.timeZone,
    otherName: role === "PATIENT" ? ctx.provider.name : ctx.patient.name,
    start: ctx.startsAt,
    joinUrl,
    rescheduleUrl: mayChange ? appUrl(`/appointments/${ctx.id}/reschedule`) : undefined,
    cancelUrl: mayChange ? appUrl("/appointments") : undefined,
    cancelReason: ctx.cancelReason,
    bookedByName: ctx.bookedByName ?? undefined,
    clinicContact: ctx.clinicLine,
    passwordNote: role === "PATIENT" && linkOnly,
  });
  const ics = appointmentIcs(
    {
      id: ctx.id,
      start: ctx.startsAt,
      end: ctx.endsAt,
      status: ctx.status,
      sequence: ctx.sequence,
      providerName: ctx.provider.name,
      patientName: ctx.patient.name,
      visitUrl: joinUrl,
    },
    { timeZone: person.timeZone, forRole: role },
  );
  return {
    to: person.email,
    ...composed,
    messageId: stableId(messageKey),
    attachments: [
      {
        filename: "visit.ics",
        content: ics,
        contentType: `text/calendar; charset=utf-8; method=${ctx.status === "CANCELLED" ? "CANCEL" : "REQUEST"}`,
      },
    ],
  };
}

/** The email of one queued job, made at send time (the join link inside is minted now, never queued). */
export async function appointmentEmail(job: AppointmentEmailJob, now = new Date()): Promise<Mail | null> {
  if (job.kind === "guest-invitation") return guestInvitationEmail(job);
  const ctx = await emailContext(job.appointmentId);
  // A later change (sequence moved on) sends its own email; this one would describe a stale time.
  if (ctx.sequence !== job.sequence) return null;
  return buildMail(
    ctx,
    job.kind,
    job.role,
    `${job.kind}:${job.appointmentId}:${job.sequence}:${job.role}${job.key ? `:${job.key}` : ""}`,
    now,
  );
}

export async function reminderEmail(
  reminder: { id: string; appointmentId: string },
  now = new Date(),
  context?: EmailContext,
): Promise<Mail> {
  return buildMail(context ?? (await emailContext(reminder.appointmentId)), "reminder", "PATIENT", `reminder:${reminder.id}`, now);
}
