import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { currentVisitLinkSession } from "@/lib/auth/visit-link-session";
import { isDatabaseDown } from "@/lib/http/route";
import { homePathFor } from "@/lib/auth/home";
import { HeaderAccount } from "@/components/auth/header-account";
import { headerLink } from "@/components/auth/header-link";

const roleLabel = { PATIENT: "Patient", PROVIDER: "Provider", ADMIN: "Admin" } as const;

/** The bar every page has: the name linking home, and whatever the visitor may do from here. */
function HeaderBar({ home, children }: { home: string; children?: React.ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between gap-2 px-4 py-1">
        <Link href={home} className="tap-link text-lg font-semibold text-brand-700">
          Consult
        </Link>
        {children}
      </nav>
    </header>
  );
}

export async function AppHeader() {
  // With the database briefly away, the header still renders (without the account links) so that the
  // page's own error boundary can say so; thrown here, in the root layout, it would blank the whole page.
  const user = await currentUser().catch((error: unknown) => {
    if (isDatabaseDown(error)) return undefined;
    throw error;
  });
  if (user === undefined) return <HeaderBar home="/" />;
  if (user) {
    return (
      <HeaderBar home={homePathFor(user.role)}>
        <HeaderAccount name={user.name} roleLabel={roleLabel[user.role]} isPatient={user.role === "PATIENT"} />
      </HeaderBar>
    );
  }
  // Came in by a join link: they are in, for this one visit. Offering "Create account" here would suggest
  // they are not; the way to their other visits is a full sign-in, offered quietly.
  const link = await currentVisitLinkSession().catch(() => null);
  if (link) {
    const visit = `/visits/${link.appointmentId}`;
    const guest = link.user.role === "GUEST";
    return (
      <HeaderBar home={visit}>
        <div className="flex items-center gap-x-1 text-sm" data-testid="header-link-session">
          <span className="mr-2 hidden sm:inline">{link.user.name}</span>
          <Link href={visit} className={headerLink}>
            Your visit
          </Link>
          {/* A guest (an interpreter, a caregiver) has no account and no other visits: nothing to sign in to. */}
          {!guest && (
            <Link href="/sign-in" className={headerLink}>
              Sign in for all visits
            </Link>
          )}
        </div>
      </HeaderBar>
    );
  }
  return (
    <HeaderBar home="/">
      <div className="flex items-center gap-2 text-sm">
        <Link href="/sign-in" className="tap-link px-2 text-brand-700 hover:underline">
          Sign in
        </Link>
        <Link href="/sign-up" className="tap-button bg-brand-600 px-3 font-medium text-white hover:bg-brand-700">
          Create account
        </Link>
      </div>
    </HeaderBar>
  );
}
