"use client";

import Link from "next/link";
import { useCallback, useState } from "react";
import { useSignOutElsewhere } from "@/components/auth/session-end";
import { ActivityKeepAlive } from "@/components/auth/activity-keep-alive";
import { headerLink } from "@/components/auth/header-link";

/**
 * Who is signed in, and their links. Signed out in another tab, the header says so at once instead of
 * naming someone who is gone (on a shared computer the next person reads it).
 */
export function HeaderAccount({ name, roleLabel, isPatient }: { name: string; roleLabel: string; isPatient: boolean }) {
  const [signedOut, setSignedOut] = useState(false);
  useSignOutElsewhere(useCallback(() => setSignedOut(true), []));
  if (signedOut) {
    return (
      <div className="flex items-center gap-2 text-sm" data-testid="header-signed-out">
        <span className="text-slate-700">Signed out</span>
        <Link href="/sign-in" className={headerLink}>
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center justify-end gap-x-1 text-sm">
      <span className="mr-2 hidden sm:inline" data-testid="header-name">
        {name} <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">{roleLabel}</span>
      </span>
      {isPatient ? (
        <>
          <Link href="/appointments" className={headerLink}>
            My visits
          </Link>
          <Link href="/account" className={headerLink}>
            Account
          </Link>
        </>
      ) : null}
      <Link href="/sign-out" className={headerLink}>
        Sign out
      </Link>
      <ActivityKeepAlive />
    </div>
  );
}
