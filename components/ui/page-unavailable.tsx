"use client";

import { startTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";

/**
 * What a page shows when the server could not render it (most often the database briefly unreachable):
 * words instead of a stack trace or a blank screen, and a button that renders the page again in place.
 */
export function PageUnavailable({ reset }: { reset: () => void }) {
  const router = useRouter();
  return (
    <section role="alert" className="mx-auto max-w-md space-y-3 text-center">
      <h1 className="text-2xl font-semibold">This page is briefly unavailable</h1>
      <p className="text-slate-700">We could not load it just now. This usually passes within a minute: please try again shortly.</p>
      <Button
        type="button"
        onClick={() =>
          startTransition(() => {
            router.refresh();
            reset();
          })
        }
      >
        Try again
      </Button>
    </section>
  );
}
