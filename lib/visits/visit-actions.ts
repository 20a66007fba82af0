import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordVisitEvent } from "@/lib/visits/record-event";
import { loadOpenVisit, loadVisit, type LoadedVisit } from "@/lib/visits/load-visit";
import { notifyGuests, notifyParticipant, notifyProvider, notifyVisit } from "@/lib/visits/notify";
import { summarizeDeviceCheck } from "@/lib/visits/device-check";
import { transition } from "@/lib/appointments/state-machine";
import { dropPendingReminders } from "@/lib/reminders/reminder-store";
import type { DeviceCheckInput, LeaveReason } from "@/lib/visits/visit-input";
import type { SessionUser } from "@/lib/users/find-user";

type Actor = Pick<SessionUser, "id">;

function asPatientOrGuest(visit: { role: string }) {
  if (visit.role !== "PATIENT" && visit.role !== "GUEST") throw new AppError("FORBIDDEN", "Only the patient or a guest can do this.");
}
function asProvider(visit: { role: string }) {
  if (visit.role !== "PROVIDER") throw new AppError("FORBIDDEN", "Only the provider can do this.");
}

export async function recordDeviceCheck(user: Actor, appointmentId: string, check: DeviceCheckInput) {
  const visit = await loadOpenVisit(user, appointmentId);
  asPatientOrGuest(visit);
  const summary = summarizeDeviceCheck(check);
  const guest = visit.role === "GUEST";
  await recordVisitEvent({
    appointmentId,
    type: "DEVICE_CHECK",
    actorId: user.id,
    data: { ...check, summary, ...(guest ? { guest } : {}) },
  });
  if (guest) await notifyVisit(appointmentId, "device-check");
  else await notifyProvider(visit.appointment.providerId, appointmentId, "device-check");
  return { summary };
}

/** Idempotent: checking in twice (a reload, a double click) keeps the first time, so the wait is measured honestly. */
export async function checkIn(user: Actor, appointmentId: string) {
  const visit = await loadOpenVisit(user, appointmentId);
  asPatientOrGuest(visit);
  if (visit.role === "GUEST") {
    if (!visit.own.checkedInAt) {
      const recorded = await db.$transaction(async (tx) => {
        if (!(await lockScheduled(tx, appointmentId))) throw new AppError("CONFLICT", "This visit is no longer scheduled.");
        if (await hasGuestEvent(tx, appointmentId, "CHECKED_IN", user.id)) return false;
        await recordVisitEvent({ appointmentId, type: "CHECKED_IN", actorId: user.id, data: { guest: true } }, tx);
        return true;
      });
      if (recorded) await notifyVisit(appointmentId, "checked-in");
    }
    return loadVisit(user, appointmentId);
  }
  if (!visit.state.checkedInAt) {
    const recorded = await db.$transaction(async (tx) => {
      if (!(await lockScheduled(tx, appointmentId))) throw new AppError("CONFLICT", "This visit is no longer scheduled.");
      // A simultaneous check-in (two tabs, a double click) may have taken the lock first: keep its time.
      if (await hasPatientEvent(tx, appointmentId, "CHECKED_IN")) return false;
      await recordVisitEvent({ appointmentId, type: "CHECKED_IN", actorId: user.id }, tx);
      return true;
    });
    if (recorded) await notifyProvider(visit.appointment.providerId, appointmentId, "checked-in");
  }
  return loadVisit(user, appointmentId);
}

export async function sendRunningLate(user: Actor, appointmentId: string, minutes: number) {
  const visit = await loadOpenVisit(user, appointmentId);
  asProvider(visit);
  await recordVisitEvent({ appointmentId, type: "RUNNING_LATE", actorId: user.id, data: { minutes } });
  await notifyParticipant(visit.appointment.patientId, appointmentId, "running-late");
  return loadVisit(user, appointmentId);
}

/** `guestId` (a guest's user id): let that guest in, on their own or beside the patient; else the patient. */
export async function admit(user: Actor, appointmentId: string, guestId?: string) {
  const visit = await loadOpenVisit(user, appointmentId);
  asProvider(visit);
  if (guestId !== undefined) return admitGuest(user, visit, guestId);
  if (!visit.state.checkedInAt) throw new AppError("CONFLICT", "The patient has not checked in yet.");
  if (!visit.state.admittedAt) {
    const recorded = await db.$transaction(async (tx) => {
      if (!(await lockScheduled(tx, appointmentId))) throw new AppError("CONFLICT", "This visit is no longer scheduled.");
      // Admitting twice at once (two tabs, a double click) records one admission.
      if (await hasPatientEvent(tx, appointmentId, "ADMITTED")) return false;
      await recordVisitEvent({ appointmentId, type: "ADMITTED", actorId: user.id }, tx);
      return true;
    });
    if (recorded) {
      await Promise.all([
        notifyParticipant(visit.appointment.patientId, appointmentId, "admitted"),
        notifyProvider(visit.appointment.providerId, appointmentId, "admitted"),
      ]);
    }
  }
  return loadVisit(user, appointmentId);
}

async function admitGuest(user: Actor, visit: LoadedVisit, guestUserId: string) {
  const appointmentId = visit.appointment.id;
  const guest = visit.guests.find((g) => g.userId === guestUserId);
  if (!guest) throw new AppError("NOT_FOUND", "That guest is not invited to this visit.");
  const own = visit.state.guests[guestUserId];
  if (!own?.checkedInAt) throw new AppError("CONFLICT", `${guest.name} has not checked in yet.`);
  if (!own.admittedAt) {
    const recorded = await db.$transaction(async (tx) => {
      if (!(await lockScheduled(tx, appointmentId))) throw new AppError("CONFLICT", "This visit is no longer scheduled.");
      if (await hasGuestEvent(tx, appointmentId, "ADMITTED", guestUserId)) return false;
      await recordVisitEvent({ appointmentId, type: "ADMITTED", actorId: user.id, data: { guestId: guestUserId, guest: true } }, tx);
      return true;
    });
    if (recorded) await notifyVisit(appointmentId, "admitted");
  }
  return loadVisit(user, appointmentId);
}

/**
 * The patient leaves the call (Leave, or this tab handing the visit to another): recorded as LEFT with a
 * reason the provider and the timeline show; the visit stays open, so the patient can rejoin.
 */
export async function leaveVisit(user: Actor, appointmentId: string, reason: LeaveReason = "left") {
  const visit = await loadOpenVisit(user, appointmentId);
  asPatientOrGuest(visit);
  if (!visit.own.checkedInAt) throw new AppError("CONFLICT", "You have not checked in to this visit.");
  if (visit.role === "GUEST") {
    await recordVisitEvent({ appointmentId, type: "LEFT", actorId: user.id, data: { reason, guest: true } });
    await notifyVisit(appointmentId, "left");
    return loadVisit(user, appointmentId);
  }
  await recordVisitEvent({ appointmentId, type: "LEFT", actorId: user.id, data: { reason } });
  await Promise.all([
    notifyProvider(visit.appointment.providerId, appointmentId, "left"),
    notifyParticipant(visit.appointment.providerId, appointmentId, "left"),
  ]);
  return loadVisit(user, appointmentId);
}

/** The provider ends the visit: the appointment is completed and both sides see the summary. */
export async function endVisit(user: Actor, appointmentId: string) {
  const visit = await loadVisit(user, appointmentId);
  asProvider(visit);
  const allowed = transition(visit.appointment.status, "complete");
  if (!allowed.ok) throw new AppError("CONFLICT", allowed.reason);
  if (!visit.state.admittedAt) throw new AppError("CONFLICT", "The visit has not started.");
  await db.$transaction(async (tx) => {
    const updated = await tx.appointment.updateMany({ where: { id: appointmentId, status: "SCHEDULED" }, data: { status: "COMPLETED" } });
    if (updated.count === 0) throw new AppError("CONFLICT", "This visit has already ended.");
    await recordVisitEvent({ appointmentId, type: "ENDED", actorId: user.id }, tx);
  });
  // The patient, the provider and every guest see the summary.
  await Promise.all([
    notifyParticipant(visit.appointment.patientId, appointmentId, "ended"),
    notifyProvider(visit.appointment.providerId, appointmentId, "ended"),
    notifyGuests(appointmentId, "ended"),
  ]);
  return loadVisit(user, appointmentId);
}

/** By hand, once the no-show grace has passed with no check-in. */
export async function markNoShow(user: Actor, appointmentId: string, now = new Date()) {
  const visit = await loadVisit(user, appointmentId, now);
  asProvider(visit);
  if (visit.state.checkedInAt) throw new AppError("CONFLICT", "The patient checked in, so this is not a no-show.");
  if (now < visit.window.noShowAfter) throw new AppError("CONFLICT", "It is too early to mark a no-show: the patient may still arrive.");
  const marked = await markNoShowIfUnchanged(appointmentId, user.id);
  if (!marked)
    throw new AppError(
      "CONFLICT",
      transition(visit.appointment.status, "mark-no-show").ok
        ? "This visit changed meanwhile."
        : `This visit is already ${visit.state.phase}.`,
    );
  return loadVisit(user, appointmentId, now);
}

/** Marks a no-show only if still scheduled with no check-in, in one transaction (safe against a late check-in). */
export async function markNoShowIfUnchanged(appointmentId: string, actorId: string | null): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await lockScheduled(tx, appointmentId))) return false;
    // A guest's check-in does not make the patient present.
    if (await hasPatientEvent(tx, appointmentId, "CHECKED_IN")) return false;
    const updated = await tx.appointment.updateMany({ where: { id: appointmentId, status: "SCHEDULED" }, data: { status: "NO_SHOW" } });
    if (updated.count === 0) return false;
    await recordVisitEvent({ appointmentId, type: "NO_SHOW", actorId, data: { automatic: actorId === null } }, tx);
    await dropPendingReminders(tx, appointmentId, "marked as a no-show");
    return true;
  });
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** The patient's own CHECKED_IN, or the patient's ADMITTED: a guest's (data.guest = true) does not count. */
async function hasPatientEvent(tx: Tx, appointmentId: string, type: "CHECKED_IN" | "ADMITTED"): Promise<boolean> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "VisitEvent"
    WHERE "appointmentId" = ${appointmentId} AND type = ${type}::"VisitEventType" AND NOT coalesce(data -> 'guest' = 'true'::jsonb, false)`;
  return (rows[0]?.n ?? 0) > 0;
}

/** This guest's own CHECKED_IN, or the provider's ADMITTED naming them. */
async function hasGuestEvent(tx: Tx, appointmentId: string, type: "CHECKED_IN" | "ADMITTED", guestUserId: string): Promise<boolean> {
  const rows =
    type === "CHECKED_IN"
      ? await tx.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM "VisitEvent" WHERE "appointmentId" = ${appointmentId} AND type = 'CHECKED_IN' AND "actorId" = ${guestUserId}`
      : await tx.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM "VisitEvent"
          WHERE "appointmentId" = ${appointmentId} AND type = 'ADMITTED' AND data ->> 'guestId' = ${guestUserId}`;
  return (rows[0]?.n ?? 0) > 0;
}

/** Row lock on a still-scheduled appointment, so a check-in and a no-show cannot both win. */
async function lockScheduled(tx: Tx, appointmentId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Appointment" WHERE id = ${appointmentId} AND status = 'SCHEDULED' FOR UPDATE`;
  return rows.length === 1;
}
