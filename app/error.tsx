"use client";

import { PageUnavailable } from "@/components/ui/page-unavailable";

/** Any page that failed to render on the server (e.g. the database is briefly away), under the app's header. */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageUnavailable reset={reset} />;
}
