"use client";
/**
 * The local side of a call: camera and microphone, mute, camera off, device switching and screen share.
 *
 * `outgoing` is what should be sent right now ({ audio, video }, video = the screen while sharing); the
 * peer hook hands it to each new peer and swaps it into the running one with replaceTrack, so none of
 * these controls renegotiates. Mute and camera off disable the track (the other side gets silence and
 * black frames, plus an indicator through the data channel) rather than stopping it, so turning them
 * back on is instant. Every track is stopped on unmount.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { CALL_VIDEO, takeOpenedCamera, takeWarmCamera } from "@/lib/call/camera-warmup";

export type Outgoing = { audio: MediaStreamTrack | null; video: MediaStreamTrack | null };
export type DeviceOption = { deviceId: string; label: string };

const VIDEO = CALL_VIDEO;

async function firstStream(): Promise<{ stream: MediaStream | null; problem: string | null }> {
  // Opened a moment before Admit (camera-warmup.ts): take it rather than open the camera a second time.
  const warmed = await takeWarmCamera();
  if (warmed && warmed.getAudioTracks().length > 0 && warmed.getVideoTracks().length > 0) return { stream: warmed, problem: null };
  warmed?.getTracks().forEach((t) => t.stop());
  const attempts: [MediaStreamConstraints, string | null][] = [
    [{ audio: true, video: VIDEO }, null],
    [{ audio: true }, "Your camera is not available: the other side will hear you but not see you."],
    [{ video: VIDEO }, "Your microphone is not available: the other side will see you but not hear you."],
  ];
  for (const [constraints, problem] of attempts) {
    try {
      return { stream: await navigator.mediaDevices.getUserMedia(constraints), problem };
    } catch {
      // try the next, smaller request
    }
  }
  return { stream: null, problem: "Your camera and microphone are not available: check the browser's permissions." };
}

function enable(track: MediaStreamTrack | null, on: boolean): void {
  if (track) track.enabled = on;
}

export function useLocalMedia() {
  // Opened at Admit a moment ago (camera-warmup.ts): ready from the first render, so the offer need not wait a render.
  const [adopted] = useState(() => (typeof window === "undefined" ? null : takeOpenedCamera()));
  const adoptedRef = useRef(adopted);
  const [ready, setReady] = useState(adopted !== null);
  const [problem, setProblem] = useState<string | null>(null);
  const [mic, setMic] = useState<MediaStreamTrack | null>(adopted?.getAudioTracks()[0] ?? null);
  const [camera, setCamera] = useState<MediaStreamTrack | null>(adopted?.getVideoTracks()[0] ?? null);
  const [screen, setScreen] = useState<MediaStreamTrack | null>(null);
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [devices, setDevices] = useState<{ cameras: DeviceOption[]; microphones: DeviceOption[] }>({ cameras: [], microphones: [] });
  const owned = useRef(new Set<MediaStreamTrack>());

  const own = useCallback((track: MediaStreamTrack | null | undefined) => {
    if (track) owned.current.add(track);
    return track ?? null;
  }, []);
  const release = useCallback((track: MediaStreamTrack | null) => {
    if (!track) return;
    track.stop();
    owned.current.delete(track);
  }, []);

  const listDevices = useCallback(async () => {
    const all = await navigator.mediaDevices.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
    const pick = (kind: MediaDeviceKind, fallback: string) =>
      all.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
    setDevices({ cameras: pick("videoinput", "Camera"), microphones: pick("audioinput", "Microphone") });
  }, []);

  useEffect(() => {
    let cancelled = false;
    const tracks = owned.current;
    const taken = adoptedRef.current;
    adoptedRef.current = null; // once: after a cleanup (unmount, or React's development double run) it is stopped
    if (taken && taken.getTracks().every((t) => t.readyState === "live")) {
      taken.getTracks().forEach((t) => own(t));
      void listDevices();
    } else {
      void firstStream().then(({ stream, problem }) => {
        if (cancelled) return stream?.getTracks().forEach((t) => t.stop());
        setMic(own(stream?.getAudioTracks()[0]));
        setCamera(own(stream?.getVideoTracks()[0]));
        setProblem(problem);
        setReady(true);
        void listDevices();
      });
    }
    return () => {
      cancelled = true;
      for (const track of tracks) track.stop();
      tracks.clear();
    };
  }, [own, listDevices]);

  // Also applies to a track that a device switch just brought in.
  useEffect(() => enable(mic, !muted), [mic, muted]);
  useEffect(() => enable(camera, !cameraOff), [camera, cameraOff]);
  const toggleMute = useCallback(() => setMuted((was) => !was), []);
  const toggleCamera = useCallback(() => setCameraOff((was) => !was), []);

  const switchDevice = useCallback(
    async (kind: "audio" | "video", deviceId: string) => {
      const constraints = kind === "audio" ? { audio: { deviceId: { exact: deviceId } } } : { video: { ...VIDEO, deviceId: { exact: deviceId } } };
      try {
        const stream = await navigator.mediaDevices.getUserMedia(constraints);
        const track = own(kind === "audio" ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0]);
        if (!track) return;
        if (kind === "audio") {
          release(mic);
          setMic(track);
        } else {
          release(camera);
          setCamera(track);
        }
        setProblem(null);
      } catch {
        setProblem(kind === "audio" ? "That microphone could not be started." : "That camera could not be started.");
      }
    },
    [own, release, mic, camera],
  );

  const stopShare = useCallback(() => {
    release(screen);
    setScreen(null);
  }, [release, screen]);

  const startShare = useCallback(async () => {
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const track = own(stream.getVideoTracks()[0]);
      if (!track) return;
      // The browser's own "Stop sharing" ends the track: back to the camera.
      track.addEventListener("ended", () => {
        release(track);
        setScreen((current) => (current === track ? null : current));
      });
      release(screen);
      setScreen(track);
    } catch {
      // The person closed the picker or the browser refused: nothing changes.
    }
  }, [own, release, screen]);

  /** The visit is over: camera and microphone off now, not when the page closes. */
  const stopAll = useCallback(() => {
    for (const track of owned.current) track.stop();
    owned.current.clear();
  }, []);

  const outgoing: Outgoing = { audio: mic, video: screen ?? camera };
  return {
    ready,
    problem,
    outgoing,
    camera,
    screen,
    muted,
    cameraOff,
    sharing: screen !== null,
    devices,
    selectedCamera: camera?.getSettings().deviceId ?? "",
    selectedMicrophone: mic?.getSettings().deviceId ?? "",
    stopAll,
    toggleMute,
    toggleCamera,
    switchDevice,
    startShare,
    stopShare,
    canShare: typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getDisplayMedia === "function",
  };
}

export type LocalMedia = ReturnType<typeof useLocalMedia>;
