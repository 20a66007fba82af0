"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { announceSignOut } from "@/components/auth/session-end";

export function SignOutButton() {
  const signOutEverywhere = async () => {
    // The server records LEFT ("signed-out") for open visits first; then this browser's other tabs stop
    // their calls and cameras at once, rather than at their next request.
    await signOut({ redirect: false }).catch(() => undefined);
    announceSignOut();
    // A full load, not a client navigation: nothing of the signed-in pages (camera, channels, cached
    // state) may survive on a shared computer.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/sign-in");
  };
  return (
    <Button className="w-full" onClick={() => void signOutEverywhere()}>
      Sign out
    </Button>
  );
}
