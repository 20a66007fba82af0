"use client";

import "./globals.css";
import { PageUnavailable } from "@/components/ui/page-unavailable";

/** The last resort, when even the root layout failed: it replaces the layout, so it brings its own html and body. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8">
          <PageUnavailable reset={reset} />
        </main>
      </body>
    </html>
  );
}
