"use client";

import { useEffect } from "react";
import { getSession } from "next-auth/react";

const REFRESH_EVERY_MS = 4 * 60 * 1000;

/**
 * Sessions end after a period of no activity. Reading the session re-issues its cookie with a later
 * expiry, so we do that (at most every few minutes) while the person is actually using the page.
 */
export function ActivityKeepAlive() {
  useEffect(() => {
    let last = Date.now();
    const onActivity = () => {
      if (Date.now() - last < REFRESH_EVERY_MS) return;
      last = Date.now();
      void getSession();
    };
    const events = ["pointerdown", "keydown", "scroll"] as const;
    events.forEach((e) => window.addEventListener(e, onActivity, { passive: true }));
    return () => events.forEach((e) => window.removeEventListener(e, onActivity));
  }, []);
  return null;
}
