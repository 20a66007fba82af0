import "server-only";
import { db } from "@/lib/db";
import { recordVisitEvent } from "@/lib/visits/record-event";
import { notifyParticipant, notifyProvider } from "@/lib/visits/notify";
import type { LeaveReason } from "@/lib/visits/visit-input";

const HOUR = 3_600_000;

/**
 * A user's sign-in ended (signed out, deactivated, role changed): every open visit they are in records
 * LEFT with the reason, and the other participant hears of it. Their tabs stop their calls themselves.
 */
export async function leaveOpenVisits(userId: string, reason: LeaveReason, now = new Date()): Promise<number> {
  const open = await db.appointment.findMany({
    where: {
      status: "SCHEDULED",
      OR: [{ patientId: userId }, { providerId: userId }],
      startsAt: { lte: new Date(now.getTime() + HOUR) },
      endsAt: { gte: new Date(now.getTime() - HOUR) },
      visitEvents: { some: { type: "CHECKED_IN" } },
    },
    select: {
      id: true,
      patientId: true,
      providerId: true,
      visitEvents: {
        where: { actorId: userId, type: { in: ["JOINED", "LEFT"] } },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: 1,
        select: { type: true },
      },
    },
  });
  const inRoom = open.filter((a) => a.visitEvents[0]?.type === "JOINED");
  for (const a of inRoom) {
    await recordVisitEvent({ appointmentId: a.id, type: "LEFT", actorId: userId, data: { reason } });
    const other = a.patientId === userId ? a.providerId : a.patientId;
    await Promise.all([notifyProvider(a.providerId, a.id, "left"), notifyParticipant(other, a.id, "left")]);
  }
  return inRoom.length;
}
