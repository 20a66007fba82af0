"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { SlotPicker } from "@/components/booking/slot-picker";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { sendJson } from "@/lib/api-client/send-json";

type Props = { appointmentId: string; provider: { id: string; timeZone: string }; viewerTimeZone: string };

export function RescheduleForm({ appointmentId, provider, viewerTimeZone }: Props) {
  const router = useRouter();
  const [start, setStart] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  async function move(event: React.FormEvent) {
    event.preventDefault();
    if (!start) return;
    setPending(true);
    const result = await sendJson<unknown>(`/api/appointments/${appointmentId}/reschedule`, "POST", { start });
    setPending(false);
    if (result.ok) {
      router.push(`/appointments?moved=${appointmentId}`);
      router.refresh();
      return;
    }
    setError(result.error);
    setStart(null);
    setReloadKey((k) => k + 1);
  }

  return (
    <form onSubmit={move} className="space-y-6">
      <SlotPicker
        providerId={provider.id}
        providerTimeZone={provider.timeZone}
        viewerTimeZone={viewerTimeZone}
        selected={start}
        onSelect={setStart}
        reloadKey={reloadKey}
      />
      {error && <Alert>{error}</Alert>}
      <Button type="submit" disabled={pending || !start}>
        {pending ? "Moving…" : "Move my visit to this time"}
      </Button>
    </form>
  );
}
