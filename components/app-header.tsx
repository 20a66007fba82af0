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
        <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between px-4 py-3">
          <Link href="/" className="text-lg font-semibold text-brand-700">
            Consult
          </Link>
        </nav>
      </header>
    );
  }
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between px-4 py-3">
        <Link href={user ? homePathFor(user.role) : "/"} className="text-lg font-semibold text-brand-700">
          Consult
        </Link>
        {user ? (
          <div className="flex items-center gap-4 text-sm">
            <span>
              {user.name} <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">{roleLabel[user.role]}</span>
            </span>
            <Link href="/sign-out" className="text-brand-700 underline-offset-2 hover:underline">
              Sign out
            </Link>
            <ActivityKeepAlive />
          </div>
        ) : (
          <div className="flex items-center gap-4 text-sm">
            <Link href="/sign-in" className="text-brand-700 hover:underline">Sign in</Link>
            <Link href="/sign-up" className="rounded bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
              Create account
            </Link>
          </div>
        )}
      </nav>
    </header>
  );
}
