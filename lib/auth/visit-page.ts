import { forbidden, redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { currentVisitLinkSession } from "@/lib/auth/visit-link-session";
import type { VisitUser } from "@/lib/users/find-user";

/** The visit room page: a signed-in patient or provider, or the holder of a join link for this very visit. */
export async function requireVisitPageUser(appointmentId: string): Promise<{ user: VisitUser; viaLink: boolean }> {
  const user = await currentUser();
  if (user) {
    if (user.role !== "PATIENT" && user.role !== "PROVIDER") forbidden();
    return { user, viaLink: false };
  }
  const link = await currentVisitLinkSession();
  if (link && link.appointmentId === appointmentId) return { user: link.user, viaLink: true };
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/visits/${appointmentId}`)}`);
}
