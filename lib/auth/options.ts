import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { env } from "@/lib/env";
import { authenticate } from "@/lib/auth/authenticate";
import { findActiveUserByEmail } from "@/lib/users/find-user";
import { endUserSessions } from "@/lib/auth/end-sessions";

function oauthProviders(): Provider[] {
  const e = env();
  const providers: Provider[] = [];
  if (e.GITHUB_ID && e.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }));
  if (e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET)
    providers.push(GoogleProvider({ clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET }));
  return providers;
}

export function enabledOAuthProviders(): { id: string; name: string }[] {
  return oauthProviders().map((p) => ({ id: p.id, name: p.name }));
}

let cached: NextAuthOptions | undefined;

/** Built on first use so that `next build` needs no secrets. */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const e = env();
  const idleSeconds = e.SESSION_IDLE_MINUTES * 60;
  cached = {
    secret: e.NEXTAUTH_SECRET,
    // The JWT's expiry slides forward on activity; untouched for idleSeconds, the session ends.
    session: { strategy: "jwt", maxAge: idleSeconds, updateAge: Math.min(300, Math.floor(idleSeconds / 4)) },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: async (credentials) => authenticate(credentials ?? {}),
      }),
      ...oauthProviders(),
    ],
    events: {
      // Signing out on this device: its open visits record LEFT ("signed-out"); its tabs hear it from the
      // sign-out button (same browser) or at their next request (401).
      async signOut({ token }) {
        if (token?.userId) await endUserSessions(token.userId, new Date(), "signed-out");
      },
    },
    callbacks: {
      // OAuth only signs in people who already have an active account with that email: a clinic decides who is staff.
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        if (!user.email) return false;
        return (await findActiveUserByEmail(user.email)) !== null;
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "credentials") {
          token.userId = user.id;
          token.role = user.role;
          token.sessionVersion = user.sessionVersion;
        } else if (user?.email && account) {
          const found = await findActiveUserByEmail(user.email);
          if (found) {
            token.userId = found.id;
            token.role = found.role;
            token.sessionVersion = found.sessionVersion;
            token.name = found.name;
            token.email = found.email;
          }
        }
        return token;
      },
      session({ session, token }) {
        if (token.userId && token.role) {
          session.user = {
            id: token.userId,
            role: token.role,
            name: token.name ?? "",
            email: token.email ?? "",
            sessionVersion: token.sessionVersion ?? 0,
          };
        }
        return session;
      },
    },
  };
  return cached;
}
