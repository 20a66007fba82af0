"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { SlotPicker } from "@/components/booking/slot-picker";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

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
    const response = await fetch(`/api/appointments/${appointmentId}/reschedule`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ start }),
    });
    setPending(false);
    if (response.ok) {
      router.push(`/appointments?moved=${appointmentId}`);
      router.refresh();
      return;
    }
    setError(((await response.json().catch(() => ({}))) as { error?: string }).error ?? "The visit could not be moved.");
    setStart(null);
    setReloadKey((k) => k + 1);
  }

  return (
    <form onSubmit={move} className="space-y-6">
      <SlotPicker providerId={provider.id} providerTimeZone={provider.timeZone} viewerTimeZone={viewerTimeZone} selected={start} onSelect={setStart} reloadKey={reloadKey} />
      {error && <Alert>{error}</Alert>}
      <Button type="submit" disabled={pending || !start}>
        {pending ? "Moving…" : "Move my visit to this time"}
      </Button>
    </form>
  );
}
