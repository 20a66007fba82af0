"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { LocalMedia, LocalMediaState } from "@/lib/call-engine/local-media";

/** The call's local media as the controls use it: its state and the engine's commands. */
export type MediaControls = LocalMediaState & Pick<LocalMedia, "toggleMute" | "toggleCamera" | "switchDevice" | "startShare" | "stopShare">;

function DeviceSelect(props: {
  label: string;
  value: string;
  options: { deviceId: string; label: string }[];
  onChange(deviceId: string): void;
}) {
  if (props.options.length < 2) return null;
  const id = `device-${props.label.toLowerCase()}`;
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="text-slate-700">
        {props.label}
      </label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className="max-w-48 rounded-md border border-slate-300 bg-white px-2 py-1"
      >
        {props.options.map((o) => (
          <option key={o.deviceId} value={o.deviceId}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CallControls(props: {
  media: MediaControls;
  canEnd: boolean;
  onEnd(): Promise<string | null>;
  onLeave?: () => Promise<string | null>;
}) {
  const { media } = props;
  const [confirming, setConfirming] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [ending, setEnding] = useState(false);
  const [endError, setEndError] = useState<string | null>(null);

  const end = async () => {
    setEnding(true);
    setEndError(null);
    const error = await props.onEnd();
    setEnding(false);
    if (error) setEndError(error);
    else setConfirming(false);
  };

  return (
    <div className="space-y-3">
      <div role="group" aria-label="Call controls" className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" aria-pressed={media.muted} onClick={media.toggleMute} disabled={!media.outgoing.audio}>
          {media.muted ? "Unmute" : "Mute"}
        </Button>
        <Button variant="secondary" aria-pressed={media.cameraOff} onClick={media.toggleCamera} disabled={!media.camera}>
          {media.cameraOff ? "Turn camera on" : "Turn camera off"}
        </Button>
        {media.canShare && (
          <Button
            variant="secondary"
            aria-pressed={media.sharing}
            onClick={media.sharing ? media.stopShare : () => void media.startShare()}
          >
            {media.sharing ? "Stop sharing" : "Share screen"}
          </Button>
        )}
        {props.onLeave && !leaving && (
          <Button variant="danger" onClick={() => setLeaving(true)}>
            Leave
          </Button>
        )}
        {props.canEnd && !confirming && (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            End visit
          </Button>
        )}
      </div>
      {confirming && (
        <div
          role="group"
          aria-label="End the visit"
          className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-900"
        >
          <span>End the visit for both of you? The appointment will be marked completed.</span>
          <Button variant="danger" onClick={() => void end()} disabled={ending}>
            {ending ? "Ending…" : "Yes, end the visit"}
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(false)} disabled={ending}>
            Keep talking
          </Button>
        </div>
      )}
      {leaving && props.onLeave && (
        <div
          role="group"
          aria-label="Leave the call"
          className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 p-2 text-red-900"
        >
          <span>Leave the call? Your camera and microphone will turn off. You can rejoin while the visit is open.</span>
          <Button variant="danger" onClick={() => void props.onLeave?.()}>
            Yes, leave
          </Button>
          <Button variant="secondary" onClick={() => setLeaving(false)}>
            Stay in the call
          </Button>
        </div>
      )}
      {endError && (
        <p role="alert" className="text-sm text-red-700">
          {endError}
        </p>
      )}
      <div className="flex flex-wrap gap-4">
        <DeviceSelect
          label="Camera"
          value={media.selectedCamera}
          options={media.devices.cameras}
          onChange={(id) => void media.switchDevice("video", id)}
        />
        <DeviceSelect
          label="Microphone"
          value={media.selectedMicrophone}
          options={media.devices.microphones}
          onChange={(id) => void media.switchDevice("audio", id)}
        />
      </div>
    </div>
  );
}
