import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { isDatabaseDown } from "@/lib/http/route";
import { homePathFor } from "@/lib/auth/home";
import { ActivityKeepAlive } from "@/components/auth/activity-keep-alive";

const roleLabel = { PATIENT: "Patient", PROVIDER: "Provider", ADMIN: "Admin" } as const;

export async function AppHeader() {
  // With the database briefly away, the header still renders (without the account links) so that the
  // page's own error boundary can say so; thrown here, in the root layout, it would blank the whole page.
  const user = await currentUser().catch((error: unknown) => {
    if (isDatabaseDown(error)) return undefined;
    throw error;
  });
  if (user === undefined) {
    return (
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between gap-2 px-4 py-1">
          <Link href="/" className="tap-link text-lg font-semibold text-brand-700">
            Consult
          </Link>
        </nav>
      </header>
    );
  }
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between gap-2 px-4 py-1">
        <Link href={user ? homePathFor(user.role) : "/"} className="tap-link text-lg font-semibold text-brand-700">
          Consult
        </Link>
        {user ? (
          <div className="flex flex-wrap items-center justify-end gap-x-1 text-sm">
            <span className="mr-2 hidden sm:inline">
              {user.name} <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">{roleLabel[user.role]}</span>
            </span>
            {user.role === "PATIENT" ? (
              <>
                <Link href="/appointments" className="tap-link px-2 text-brand-700 underline-offset-2 hover:underline">
                  My visits
                </Link>
                <Link href="/account" className="tap-link px-2 text-brand-700 underline-offset-2 hover:underline">
                  Account
                </Link>
              </>
            ) : null}
            <Link href="/sign-out" className="tap-link px-2 text-brand-700 underline-offset-2 hover:underline">
              Sign out
            </Link>
            <ActivityKeepAlive />
          </div>
        ) : (
          <div className="flex items-center gap-2 text-sm">
            <Link href="/sign-in" className="tap-link px-2 text-brand-700 hover:underline">
              Sign in
            </Link>
            <Link href="/sign-up" className="tap-button bg-brand-600 px-3 font-medium text-white hover:bg-brand-700">
              Create account
            </Link>
          </div>
        )}
      </nav>
    </header>
  );
}
