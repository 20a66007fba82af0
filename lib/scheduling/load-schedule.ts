import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { FreeSlotQuery } from "@/lib/scheduling/list-free-slots";
import type { ScheduleException } from "@/lib/scheduling/types";

export type ProviderSchedule = Omit<FreeSlotQuery, "now" | "from" | "to"> & {
  providerId: string;
  providerName: string;
  cancelNoticeMinutes: number;
};

/**
 * Everything the pure slot rules need for one provider, in two queries. Busy times are read only for the
 * window asked about (plus a day each side for buffers), so a month of slots stays cheap however long the history.
 */
export async function loadSchedule(
  providerId: string,
  window: { from: Date; to: Date },
  options: { ignoreAppointmentId?: string } = {},
): Promise<ProviderSchedule> {
  const provider = await db.user.findFirst({
    where: { id: providerId, role: "PROVIDER", active: true },
    select: {
      name: true,
      timeZone: true,
      provider: { include: { weeklyRules: true, exceptions: true } },
    },
  });
  if (!provider?.provider) throw new AppError("NOT_FOUND", "That provider does not exist.");
  const profile = provider.provider;
  const day = 24 * 3600_000;
  const busy = await db.appointment.findMany({
    where: {
      providerId,
      status: { not: "CANCELLED" },
      startsAt: { lt: new Date(window.to.getTime() + day) },
      blockedUntil: { gt: new Date(window.from.getTime() - day) },
      ...(options.ignoreAppointmentId ? { id: { not: options.ignoreAppointmentId } } : {}),
    },
    select: { startsAt: true, endsAt: true },
  });
  return {
    providerId,
    providerName: provider.name,
    cancelNoticeMinutes: profile.cancelNoticeMinutes,
    rules: profile.weeklyRules.map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute })),
    exceptions: profile.exceptions.map(toException),
    busy: busy.map((b) => ({ start: b.startsAt, end: b.endsAt })),
    booking: {
      timeZone: provider.timeZone,
      visitMinutes: profile.visitMinutes,
      bufferMinutes: profile.bufferMinutes,
      minNoticeMinutes: profile.minNoticeMinutes,
      horizonDays: profile.horizonDays,
    },
  };
}

function toException(x: {
  date: Date;
  kind: "TIME_OFF" | "EXTRA";
  startMinute: number | null;
  endMinute: number | null;
}): ScheduleException {
  const date = x.date.toISOString().slice(0, 10);
  return x.kind === "EXTRA"
    ? { kind: "EXTRA", date, startMinute: x.startMinute ?? 0, endMinute: x.endMinute ?? 0 }
    : { kind: "TIME_OFF", date, startMinute: x.startMinute ?? undefined, endMinute: x.endMinute ?? undefined };
}
