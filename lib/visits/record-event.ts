import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import type { VisitEventType } from "@/lib/visits/visit-state";

type Tx = Prisma.TransactionClient;

/** Appends one visit event; the database refuses to change it afterwards. */
export function recordVisitEvent(
  event: { appointmentId: string; type: VisitEventType; actorId: string | null; data?: Prisma.InputJsonValue; at?: Date },
  tx: Tx = db,
) {
  return tx.visitEvent.create({
    data: {
      appointmentId: event.appointmentId,
      type: event.type,
      actorId: event.actorId,
      data: event.data ?? {},
      ...(event.at ? { at: event.at } : {}),
    },
    select: { id: true, at: true },
  });
}
