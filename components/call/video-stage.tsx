"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { MediaState } from "@/lib/call/data-messages";

/** Plays a stream in a <video>; if the browser blocks sound without a click, plays muted and says so. */
export function useStream(stream: MediaStream | null, onBlocked?: () => void) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (!stream) return;
    video.play().catch((error: unknown) => {
      if (!(error instanceof DOMException) || error.name !== "NotAllowedError" || !onBlocked) return;
      video.muted = true;
      onBlocked();
      void video.play().catch(() => undefined);
    });
  }, [stream, onBlocked]);
  return ref;
}

/**
 * A remote person's picture with its sound: when the browser blocks playing it with sound until a tap,
 * `soundBlocked` says so and `turnOnSound` (from that tap) plays it unmuted. `pictured`: this stream's first
 * frame has been shown (a connection is up a moment before its picture: the page must not show a blank box
 * as if that were the picture).
 */
export function useRemoteSound(stream: MediaStream | null) {
  const [soundBlocked, setSoundBlocked] = useState(false);
  const onBlocked = useMemo(() => () => setSoundBlocked(true), []);
  const ref = useStream(stream, onBlocked);
  const [pictured, setPictured] = useState<MediaStream | null>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video || !stream) return;
    // The first frame gives the element its size.
    const seen = () => video.videoWidth > 0 && setPictured(stream);
    seen();
    video.addEventListener("resize", seen);
    return () => video.removeEventListener("resize", seen);
  }, [ref, stream]);
  const turnOnSound = () => {
    const video = ref.current;
    if (!video) return;
    video.muted = false;
    void video.play().then(
      () => setSoundBlocked(false),
      () => undefined,
    );
  };
  return { ref, soundBlocked, turnOnSound, pictured: stream !== null && pictured === stream };
}

export function VideoStage(props: {
  remoteStream: MediaStream | null;
  localVideo: MediaStreamTrack | null;
  otherName: string;
  remote: MediaState;
  local: MediaState;
}) {
  const { remoteStream, localVideo, otherName, remote, local } = props;
  const { ref: remoteRef, soundBlocked, turnOnSound, pictured } = useRemoteSound(remoteStream);
  const localStream = useMemo(() => (localVideo ? new MediaStream([localVideo]) : null), [localVideo]);

  const noPicture = (remote.cameraOff || remote.noCamera) && !remote.sharing;
  const notes = [
    remote.noMicrophone ? `${otherName} has no microphone: you can see but not hear them` : null,
    remote.muted ? `${otherName} is muted` : null,
    remote.cameraOff ? `${otherName}'s camera is off` : null,
    remote.sharing ? `${otherName} is sharing their screen` : null,
  ].filter((n): n is string => n !== null);

  // Two cells of the call's grid (see .call-layout in app/globals.css): the remote picture, letterboxed in
  // its own cell, and the self-view in a cell beside it, so that nothing of a shared screen is covered.
  return (
    <>
      {/* What the other side is doing sits above the picture, not on it: a shared screen shows whole. */}
      <div data-testid="call-stage" className="call-stage relative flex flex-col gap-1 overflow-hidden">
        <ul
          aria-live="polite"
          data-testid="remote-indicators"
          data-remote-muted={remote.muted}
          data-remote-camera-off={remote.cameraOff}
          data-remote-sharing={remote.sharing}
          className="flex flex-wrap gap-1"
        >
          {notes.map((note) => (
            <li key={note} className="rounded bg-slate-800 px-2 py-1 text-sm text-white">
              {note}
            </li>
          ))}
        </ul>
        <div className="relative min-h-0 flex-1 overflow-hidden rounded-lg bg-black">
          <video
            ref={remoteRef}
            data-testid="remote-video"
            aria-label={`Video of ${otherName}`}
            autoPlay
            playsInline
            className={`h-full w-full object-contain ${noPicture ? "invisible" : ""}`}
          />
          {!noPicture && !pictured && (
            <p
              role="status"
              data-testid="picture-coming"
              className="absolute inset-0 flex items-center justify-center p-4 text-center text-lg text-slate-200"
            >
              {`Connecting to ${otherName}'s video…`}
            </p>
          )}
          {noPicture && (
            <p
              data-testid="no-picture"
              className="absolute inset-0 flex items-center justify-center p-4 text-center text-lg text-slate-200"
            >
              {remote.noCamera ? `${otherName} has no camera: you can hear them, but not see them` : `${otherName}'s camera is off`}
            </p>
          )}
          {soundBlocked && (
            <button
              type="button"
              onClick={turnOnSound}
              className="absolute bottom-2 left-2 rounded-md bg-white px-4 text-base font-semibold text-slate-900 shadow"
            >
              Turn on sound
            </button>
          )}
        </div>
      </div>
      <SelfView video={localStream} local={local} />
    </>
  );
}

/** This side's picture in its own cell of the call's grid (.call-self), with what it sends in words. */
export function SelfView({ video, local }: { video: MediaStream | null; local: MediaState }) {
  const ref = useStream(video);
  return (
    <figure data-testid="self-view" className="call-self overflow-hidden rounded-lg border border-slate-600 bg-slate-800">
      <video
        ref={ref}
        data-testid="local-video"
        aria-label="Your video"
        autoPlay
        playsInline
        muted
        className={`aspect-[4/3] w-full object-cover lg:aspect-video ${local.sharing ? "" : "-scale-x-100"}`}
      />
      <figcaption className="bg-slate-950/80 px-1.5 py-0.5 text-xs leading-tight text-white">
        You{local.muted ? " · muted" : ""}
        {local.noCamera ? " · no camera" : local.cameraOff && !local.sharing ? " · camera off" : ""}
        {local.noMicrophone ? " · no microphone" : ""}
        {local.sharing ? " · sharing screen" : ""}
      </figcaption>
    </figure>
  );
}

/** The patient's own picture while waiting to be admitted: the camera is on, and it shows only here until then. */
export function SelfPreview({ video, otherName }: { video: MediaStreamTrack | null; otherName: string }) {
  const stream = useMemo(() => (video ? new MediaStream([video]) : null), [video]);
  const ref = useStream(stream);
  return (
    <figure className="w-full max-w-xs space-y-1">
      {video && (
        <video
          ref={ref}
          data-testid="self-preview"
          aria-label="Your camera preview"
          autoPlay
          playsInline
          muted
          className="aspect-video w-full rounded bg-slate-900 object-cover"
        />
      )}
      {video && (
        <figcaption className="text-sm text-slate-600">Your camera is ready. {otherName} sees you once they let you in.</figcaption>
      )}
    </figure>
  );
}
