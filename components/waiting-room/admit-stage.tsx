"use client";
/**
 * The first moment of a call opened from the dashboard's Admit over a warm connection: the patient's
 * picture, in the call's own frame (.call-layout), and nothing else. Building the whole call view takes a
 * few hundred ms of the page's main thread on a slow machine; done in the click, the patient's first frame
 * waited for it. So the host shows this first, builds the call view once the first frame is on screen (or
 * after SHOWN_WITHIN_MS: a patient with the camera off sends none). Then this picture moves onto the call
 * view's own, still empty, video box and stays there until that video plays, so that the picture never
 * blinks to "Connecting to …'s video…" and the controls are there at once.
 */
import { useEffect, useLayoutEffect, useState, type CSSProperties } from "react";
import { useStream } from "@/components/call/video-stage";

const SHOWN_WITHIN_MS = 1000;
// The stage shows the same live stream, so covering a slow call view longer costs nothing.
const COVER_AT_MOST_MS = 3000;

/** Calls `then` at the first real frame the video shows (one with an RTP timestamp), or after `ms`. */
function onFirstFrame(video: HTMLVideoElement, ms: number, then: () => void): () => void {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    then();
  };
  const timer = setTimeout(finish, ms);
  const wait = () =>
    video.requestVideoFrameCallback((_now, meta) => (done ? undefined : meta.rtpTimestamp === undefined ? wait() : finish()));
  if ("requestVideoFrameCallback" in video) wait();
  return () => {
    done = true;
    clearTimeout(timer);
  };
}

/**
 * Calls `then` once the call view's video box no longer says "Connecting to …'s video…" (video-stage.tsx
 * takes the words away at its first frame), or after `ms`.
 */
function onPictured(video: HTMLVideoElement, ms: number, then: () => void): () => void {
  const until = performance.now() + ms;
  let frame = 0;
  const check = () => {
    const waiting = video.parentElement?.querySelector('[data-testid="picture-coming"]');
    if (!waiting || performance.now() > until) return then();
    frame = requestAnimationFrame(check);
  };
  frame = requestAnimationFrame(check);
  return () => cancelAnimationFrame(frame);
}

/** Where the call view's video box is on screen, for the stage to sit exactly over it. */
function coverOf(video: HTMLVideoElement): CSSProperties {
  const box = video.getBoundingClientRect();
  return { top: box.top, left: box.left, width: box.width, height: box.height };
}

export function AdmitStage(props: {
  stream: MediaStream;
  name: string;
  /** The call view is mounted underneath. */
  over: boolean;
  /** The patient is on screen (or the wait is over): build the call view now. */
  onShown: () => void;
  /** The call view's picture plays: this can go. */
  onCovered: () => void;
}) {
  const { stream, name, over, onShown, onCovered } = props;
  const ref = useStream(stream);
  const [cover, setCover] = useState<CSSProperties | null>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video || over) return;
    return onFirstFrame(video, SHOWN_WITHIN_MS, onShown);
  }, [ref, over, onShown]);
  // Before paint, so that the picture never shows unplaced.
  useLayoutEffect(() => {
    if (!over) return;
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
    // No picture of its own yet (the wait ran out): a black cover would hide the call view's honest words.
    if (!video || !ref.current?.videoWidth) return onCovered();
    const place = () => setCover(coverOf(video));
    place();
    const resized = new ResizeObserver(place);
    resized.observe(video);
    window.addEventListener("scroll", place, { passive: true });
    const stop = onPictured(video, COVER_AT_MOST_MS, onCovered);
    return () => {
      stop();
      resized.disconnect();
      window.removeEventListener("scroll", place);
    };
  }, [ref, over, onCovered]);
  return (
    <section
      aria-hidden
      data-admit-stage={over ? "over" : "shown"}
      style={over ? (cover ?? undefined) : undefined}
      className="call-layout admit-stage"
    >
      <header className="call-top">
        <p className="font-semibold text-white">Opening the call with {name}…</p>
      </header>
      <div className="call-stage relative overflow-hidden rounded-lg bg-black">
        <video ref={ref} data-testid="admit-stage-video" autoPlay playsInline muted className="h-full w-full object-contain" />
      </div>
    </section>
  );
}
