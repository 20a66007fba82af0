"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";

export function NoShowButton({ appointmentId, patientName }: { appointmentId: string; patientName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function mark() {
    const response = await fetch(`/api/visits/${appointmentId}/no-show`, { method: "POST" });
    if (!response.ok) return setError(((await response.json().catch(() => ({}))) as { error?: string }).error ?? "Could not mark.");
    router.refresh();
  }
  return (
    <>
      <button type="button" className="text-amber-900 underline" onClick={() => void mark()} aria-label={`Mark ${patientName} as a no-show`}>
        Mark no-show
      </button>
      {error && <span className="ml-2 text-red-700">{error}</span>}
    </>
  );
}
