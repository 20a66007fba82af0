"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { MicMeter } from "@/components/visit/mic-meter";
import {
  listDevices,
  mediaErrorStatus,
  playTestTone,
  testConnectivity,
  type DeviceStatus,
  type NetworkResult,
} from "@/components/visit/media-devices";

export type DeviceCheckResult = {
  camera: DeviceStatus;
  microphone: DeviceStatus;
  speaker: "heard" | "not-confirmed";
  network: NetworkResult["network"];
  relayAvailable: boolean;
  cameraLabel?: string;
  microphoneLabel?: string;
};

const blockedHelp =
  "Your browser is blocking the camera or microphone. Click the camera icon in the address bar (or the padlock), choose Allow for camera and microphone, then press “Test again”.";

/** Camera preview, microphone level, speaker tone and a network test, ending in one plain-words result. */
export function DeviceCheck({ appointmentId, onDone }: { appointmentId: string; onDone: (result: DeviceCheckResult) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [camera, setCamera] = useState<DeviceStatus | null>(null);
  const [microphone, setMicrophone] = useState<DeviceStatus | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [microphones, setMicrophones] = useState<MediaDeviceInfo[]>([]);
  const [cameraId, setCameraId] = useState<string>("");
  const [microphoneId, setMicrophoneId] = useState<string>("");
  const [speaker, setSpeaker] = useState<"heard" | "not-confirmed">("not-confirmed");
  const [network, setNetwork] = useState<NetworkResult | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let acquired: MediaStream | null = null;
    async function start() {
      const video = cameraId ? { deviceId: { exact: cameraId } } : true;
      const audio = microphoneId ? { deviceId: { exact: microphoneId } } : true;
      let cam: DeviceStatus = "ok";
      let mic: DeviceStatus = "ok";
      try {
        acquired = await navigator.mediaDevices.getUserMedia({ video, audio });
      } catch (error) {
        // Try each device alone, so one missing device does not hide the other.
        cam = await navigator.mediaDevices
          .getUserMedia({ video })
          .then((s) => (s.getTracks().forEach((t) => t.stop()), "ok" as const), mediaErrorStatus);
        mic = await navigator.mediaDevices
          .getUserMedia({ audio })
          .then((s) => (s.getTracks().forEach((t) => t.stop()), "ok" as const), mediaErrorStatus);
        if (cam === "ok" && mic === "ok") cam = mediaErrorStatus(error);
      }
      if (cancelled) return acquired?.getTracks().forEach((t) => t.stop());
      setCamera(cam);
      setMicrophone(mic);
      setStream(acquired);
      setCameras(await listDevices("videoinput"));
      setMicrophones(await listDevices("audioinput"));
    }
    void start();
    return () => {
      cancelled = true;
      acquired?.getTracks().forEach((t) => t.stop());
    };
  }, [cameraId, microphoneId, attempt]);

  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
  }, [stream]);

  useEffect(() => {
    let cancelled = false;
    void testConnectivity(appointmentId).then((result) => {
      if (!cancelled) setNetwork(result);
    });
    return () => {
      cancelled = true;
    };
  }, [appointmentId, attempt]);

  const blocked = camera === "blocked" || microphone === "blocked";
  const ready = camera !== null && microphone !== null && network !== null;
  const finish = () =>
    onDone({
      camera: camera ?? "missing",
      microphone: microphone ?? "missing",
      speaker,
      network: network?.network ?? "failed",
      relayAvailable: network?.relayAvailable ?? false,
      cameraLabel: stream?.getVideoTracks()[0]?.label.slice(0, 200),
      microphoneLabel: stream?.getAudioTracks()[0]?.label.slice(0, 200),
    });

  return (
    <section aria-labelledby="device-check-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="device-check-title" className="text-lg font-semibold">
        Check your camera, microphone and connection
      </h2>
      {blocked && <Alert>{blockedHelp}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <video
          ref={video}
          autoPlay
          muted
          playsInline
          aria-label="Your camera preview"
          className="aspect-video max-h-[40svh] w-full rounded bg-slate-900"
        />
        <div className="space-y-3">
          <DeviceSelect label="Camera" devices={cameras} value={cameraId} onChange={setCameraId} />
          <DeviceSelect label="Microphone" devices={microphones} value={microphoneId} onChange={setMicrophoneId} />
          <MicMeter stream={stream} />
          <div className="flex flex-wrap items-center gap-2">
            <Button type="button" variant="secondary" onClick={() => void playTestTone()}>
              Play test sound
            </Button>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={speaker === "heard"}
                onChange={(e) => setSpeaker(e.target.checked ? "heard" : "not-confirmed")}
              />
              I heard the sound
            </label>
          </div>
          <ul className="space-y-1 text-sm" aria-live="polite">
            <li>Camera: {camera === null ? "checking…" : camera === "ok" ? "working" : camera === "blocked" ? "blocked" : "not found"}</li>
            <li>
              Microphone:{" "}
              {microphone === null ? "checking…" : microphone === "ok" ? "working" : microphone === "blocked" ? "blocked" : "not found"}
            </li>
            <li>
              Connection:{" "}
              {network === null
                ? "testing…"
                : network.network === "failed"
                  ? "could not reach the network"
                  : network.network === "relay"
                    ? "may need a relay server"
                    : "ready"}
              {network?.relayAvailable ? " (relay available)" : ""}
            </li>
          </ul>
        </div>
      </div>
      {/* Continue stays in view while the patient scrolls through the checks on a small screen. */}
      <div className="sticky bottom-0 -mx-4 -mb-4 flex flex-wrap gap-2 rounded-b-lg border-t border-slate-200 bg-white px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))]">
        <Button type="button" disabled={!ready} onClick={finish}>
          Continue
        </Button>
        <Button type="button" variant="secondary" onClick={() => setAttempt((a) => a + 1)}>
          Test again
        </Button>
      </div>
    </section>
  );
}

function DeviceSelect({
  label,
  devices,
  value,
  onChange,
}: {
  label: string;
  devices: MediaDeviceInfo[];
  value: string;
  onChange: (id: string) => void;
}) {
  const id = `device-${label.toLowerCase()}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        <option value="">Default</option>
        {devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}
