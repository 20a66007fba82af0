import "server-only";
import { db } from "@/lib/db";

export async function findBookableProvider(providerId: string) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(providerId)) return null;
  const user = await db.user.findFirst({
    where: { id: providerId, role: "PROVIDER", active: true },
    select: {
      id: true,
      name: true,
      timeZone: true,
      provider: { select: { specialty: true, visitMinutes: true, cancelNoticeMinutes: true } },
    },
  });
  if (!user?.provider) return null;
  return {
    id: user.id,
    name: user.name,
    timeZone: user.timeZone,
    specialty: user.provider.specialty,
    visitMinutes: user.provider.visitMinutes,
    cancelNoticeMinutes: user.provider.cancelNoticeMinutes,
  };
}
