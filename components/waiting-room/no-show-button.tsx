"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { visitsApi } from "@/lib/api-client/visits";

export function NoShowButton({ appointmentId, patientName }: { appointmentId: string; patientName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function mark() {
    const result = await visitsApi.markNoShow(appointmentId);
    if (!result.ok) return setError(result.error);
    router.refresh();
  }
  return (
    <>
      <button
        type="button"
        className="text-amber-900 underline"
        onClick={() => void mark()}
        aria-label={`Mark ${patientName} as a no-show`}
      >
        Mark no-show
      </button>
      {error && <span className="ml-2 text-red-700">{error}</span>}
    </>
  );
}
