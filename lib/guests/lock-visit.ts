import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Row lock on a still-scheduled appointment: guest changes of one visit happen one at a time. */
export async function lockScheduledVisit(tx: Prisma.TransactionClient, appointmentId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Appointment" WHERE id = ${appointmentId} AND status = 'SCHEDULED' FOR UPDATE`;
  return rows.length === 1;
}
