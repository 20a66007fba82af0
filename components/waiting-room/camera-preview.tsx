"use client";

import { useEffect, useRef, useState } from "react";
import { holdCamera } from "@/lib/admit-handoff/admit-handoff";
import { Button } from "@/components/ui/button";

/**
 * The provider's own picture while someone waits: a last look before Admit, and the camera the call then
 * takes already open, so the patient sees the provider from the first moment. It can be switched off; the
 * camera then opens at Admit instead (a fraction of a second later).
 */
export function CameraPreview() {
  const [on, setOn] = useState(true);
  const [problem, setProblem] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const turnOff = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!on) return;
    const { stream, release } = holdCamera();
    turnOff.current = () => release({ now: true });
    let live = true;
    void stream?.then((opened) => {
      if (!live) return;
      setProblem(opened === null);
      if (video.current && opened) video.current.srcObject = opened;
    });
    return () => {
      live = false;
      release(); // stays warm a moment: Admit removes this preview just before the call takes the camera
    };
  }, [on]);
  function toggle() {
    if (on) turnOff.current();
    setOn(!on);
  }
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-3">
      {on && !problem ? (
        <video
          ref={video}
          autoPlay
          muted
          playsInline
          aria-label="Your camera, as the patient will see you"
          className="h-24 w-32 rounded bg-slate-900 object-cover"
        />
      ) : null}
      <div className="space-y-1 text-sm text-slate-700">
        <p>
          {on
            ? problem
              ? "Your camera could not be opened; the call will ask again when you admit."
              : "Your camera is ready for the call."
            : "Your camera is off until you admit someone."}
        </p>
        <Button variant="secondary" className="!px-2 !py-1" onClick={toggle}>
          {on ? "Turn camera off until I admit" : "Show my camera"}
        </Button>
      </div>
    </div>
  );
}
