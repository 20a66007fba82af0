import "server-only";
import { forbidden, redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import type { Role } from "@/lib/schemas/user";
import type { SessionUser } from "@/lib/users/find-user";

/** For pages: signed-out visitors go to sign-in and come back; a signed-in user of another role gets 403. */
export async function requirePageUser(allowed: Role[], returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!allowed.includes(user.role)) forbidden();
  return user;
}
