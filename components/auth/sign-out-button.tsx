"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { announceSignOut } from "@/components/auth/session-end";

export function SignOutButton() {
  return (
    <Button className="w-full" onClick={() => {
        // Calls and cameras in this browser's other tabs stop now, not at their next request.
        announceSignOut();
        void signOut({ callbackUrl: "/sign-in" });
      }}>
      Sign out
    </Button>
  );
}
