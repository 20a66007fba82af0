"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CallIcon, type CallIconName } from "@/components/call/call-icons";
import type { LocalMedia, LocalMediaState } from "@/lib/call-engine/local-media";

/** The call's local media as the controls use it: its state and the engine's commands. */
export type MediaControls = LocalMediaState & Pick<LocalMedia, "toggleMute" | "toggleCamera" | "switchDevice" | "startShare" | "stopShare">;

/** A control big enough for a thumb (at least 56 px tall), an icon over its name in words. */
function ControlButton(props: {
  icon: CallIconName;
  label: string;
  name?: string;
  pressed?: boolean;
  expanded?: boolean;
  danger?: boolean;
  disabled?: boolean;
  className?: string;
  badge?: number;
  onClick(): void;
}) {
  const tone = props.danger
    ? "bg-red-700 text-white hover:bg-red-800"
    : props.pressed
      ? "bg-white text-slate-900 hover:bg-slate-100"
      : "bg-slate-700 text-white hover:bg-slate-600";
  return (
    <button
      type="button"
      aria-label={props.name}
      aria-pressed={props.pressed}
      aria-expanded={props.expanded}
      disabled={props.disabled}
      onClick={props.onClick}
      className={`relative flex min-h-14 flex-col items-center justify-center gap-0.5 rounded-lg px-1 py-1 text-xs font-medium leading-tight focus:outline-none focus-visible:ring-2 focus-visible:ring-white disabled:bg-slate-800 disabled:text-slate-500 ${tone} ${props.className ?? ""}`}
    >
      <CallIcon name={props.icon} />
      <span className="text-center">{props.label}</span>
      {props.badge ? (
        <span aria-hidden="true" className="absolute right-1 top-1 rounded-full bg-amber-400 px-1.5 text-xs font-bold text-slate-950">
          {props.badge}
        </span>
      ) : null}
    </button>
  );
}

/** A question over the call that must be answered before anything happens (leave, end). */
function Confirm(props: { name: string; children: React.ReactNode }) {
  return (
    <div className="absolute inset-0 z-10 flex items-center justify-center bg-slate-950/75 p-4">
      <div
        role="group"
        aria-label={props.name}
        className="w-full max-w-sm space-y-3 rounded-lg bg-white p-4 text-base text-slate-900 shadow-lg"
      >
        {props.children}
      </div>
    </div>
  );
}

export function CallControls(props: {
  media: MediaControls;
  canEnd: boolean;
  onEnd(): Promise<string | null>;
  onLeave?: () => Promise<string | null>;
  chat: { open: boolean; unread: number; toggle(): void };
}) {
  const { media, chat } = props;
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
    <>
      <div className="call-controls space-y-2">
        <div role="group" aria-label="Call controls" className="call-controls-group">
          <ControlButton
            icon={media.muted ? "micOff" : "mic"}
            label={media.muted ? "Unmute" : "Mute"}
            pressed={media.muted}
            onClick={media.toggleMute}
            disabled={!media.outgoing.audio}
          />
          <ControlButton
            icon={media.cameraOff ? "cameraOff" : "camera"}
            label={media.cameraOff ? "Camera on" : "Camera off"}
            name={media.cameraOff ? "Turn camera on" : "Turn camera off"}
            pressed={media.cameraOff}
            onClick={media.toggleCamera}
            disabled={!media.camera}
          />
          {media.canShare && (
            <ControlButton
              icon="screen"
              label={media.sharing ? "Stop sharing" : "Share screen"}
              pressed={media.sharing}
              onClick={media.sharing ? media.stopShare : () => void media.startShare()}
            />
          )}
          <ControlButton
            icon="chat"
            label="Chat"
            name={chat.unread > 0 ? `Chat (${chat.unread} new)` : "Chat"}
            expanded={chat.open}
            pressed={chat.open}
            badge={chat.unread}
            onClick={chat.toggle}
            className="call-phone-only"
          />
          {props.onLeave && <ControlButton icon="leave" label="Leave" danger onClick={() => setLeaving(true)} />}
          {props.canEnd && <ControlButton icon="leave" label="End visit" danger onClick={() => setConfirming(true)} />}
        </div>
        {endError && (
          <p role="alert" className="rounded bg-red-50 px-2 py-1 text-sm text-red-800">
            {endError}
          </p>
        )}
      </div>
      {confirming && (
        <Confirm name="End the visit">
          <p>End the visit for both of you? The appointment will be marked completed.</p>
          <div className="flex flex-col gap-2">
            <Button variant="danger" onClick={() => void end()} disabled={ending}>
              {ending ? "Ending…" : "Yes, end the visit"}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={ending}>
              Keep talking
            </Button>
          </div>
        </Confirm>
      )}
      {leaving && props.onLeave && (
        <Confirm name="Leave the call">
          <p>Leave the call? Your camera and microphone will turn off. You can rejoin while the visit is open.</p>
          <div className="flex flex-col gap-2">
            <Button variant="danger" onClick={() => void props.onLeave?.()}>
              Yes, leave
            </Button>
            <Button variant="secondary" onClick={() => setLeaving(false)}>
              Stay in the call
            </Button>
          </div>
        </Confirm>
      )}
    </>
  );
}

/** Which camera and microphone the call uses, when there is a choice. */
export function DeviceChoices({ media }: { media: MediaControls }) {
  if (media.devices.cameras.length < 2 && media.devices.microphones.length < 2) return null;
  return (
    <div className="space-y-2 border-t border-slate-200 p-2">
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
  );
}

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
      <label htmlFor={id} className="w-24 shrink-0 text-slate-700">
        {props.label}
      </label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-slate-900"
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
