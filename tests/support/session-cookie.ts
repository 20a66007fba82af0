import { encode } from "next-auth/jwt";

type Signed = { id: string; role: string; name: string; email: string; sessionVersion: number };

/**
 * What `cookies()` from next/headers returns in a request signed in as `user`: a real next-auth session
 * cookie, encrypted with the app's secret, so lib/auth/session.ts decodes it exactly as in production.
 */
export async function sessionCookies(user: Signed | null) {
  const all: { name: string; value: string }[] = [];
  if (user) {
    const token = { userId: user.id, role: user.role as never, sessionVersion: user.sessionVersion, name: user.name, email: user.email };
    all.push({ name: "next-auth.session-token", value: await encode({ token, secret: process.env.NEXTAUTH_SECRET ?? "" }) });
  }
  return { getAll: () => all, get: (name: string) => all.find((c) => c.name === name) };
}
