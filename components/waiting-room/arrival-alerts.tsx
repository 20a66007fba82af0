"use client";

import { useCallback, useState, useSyncExternalStore } from "react";
import { useChannelEvent } from "@/components/realtime/realtime-provider";

function chime() {
  const context = new AudioContext();
  const now = context.currentTime;
  for (const [i, freq] of [660, 880].entries()) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.12, now + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.18 + 0.35);
    osc.connect(gain).connect(context.destination);
    osc.start(now + i * 0.18);
    osc.stop(now + i * 0.18 + 0.4);
  }
  setTimeout(() => void context.close(), 1000);
}

const permission = () => (typeof Notification === "undefined" ? "unsupported" : Notification.permission);

/** A sound and a desktop notification when a patient checks in; permission is asked once, by a button. */
export function ArrivalAlerts({ providerId }: { providerId: string }) {
  const current = useSyncExternalStore(
    () => () => undefined,
    permission,
    () => "default",
  );
  const [asked, setAsked] = useState<string | null>(null);
  const state = asked ?? current;
  const onEvent = useCallback((data: { change?: string }) => {
    if (data.change !== "checked-in") return;
    try {
      chime();
    } catch {
      // Autoplay rules may block sound until the page is clicked once; the card still appears.
    }
    if (permission() === "granted")
      new Notification("A patient has checked in", { body: "Open Consult to admit them.", tag: "consult-arrival" });
  }, []);
  useChannelEvent(`private-provider-${providerId}`, "waiting-room", onEvent);
  if (state === "unsupported" || state === "granted") return null;
  if (state === "denied") {
    // Not a button: nothing on the page can undo the browser's block, so say where it can be undone.
    return (
      <p className="max-w-sm text-sm text-slate-600" data-alerts="blocked">
        Desktop alerts are blocked for this site. The arrival sound still plays; to get alerts too, allow notifications in the
        browser&apos;s site settings (the icon left of the address).
      </p>
    );
  }
  return (
    <button
      type="button"
      className="min-h-11 text-sm text-brand-700 underline"
      onClick={() => void Notification.requestPermission().then((p) => setAsked(p))}
    >
      Turn on desktop alerts for arrivals
    </button>
  );
}
