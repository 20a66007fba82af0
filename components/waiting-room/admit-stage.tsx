"use client";
/**
 * The first moment of a call opened from the dashboard's Admit over a warm connection: the patient's
 * picture, in the call's own frame (.call-layout), and nothing else. Building the whole call view takes a
 * few hundred ms of the page's main thread on a slow machine; done in the click, the patient's first frame
 * waited for it. So the host shows this first, builds the call view once the first frame is on screen (or
 * after SHOWN_WITHIN_MS: a patient with the camera off sends none). Then this picture moves onto the call
 * view's own, still empty, video box and stays there until that video has played for a moment, so that the
 * picture never blinks to "Connecting to …'s video…" or black, and the controls are there at once.
 */
import { useEffect, useLayoutEffect, useState, type CSSProperties } from "react";
import { useStream } from "@/components/call/video-stage";

const SHOWN_WITHIN_MS = 1000;
// The stage shows the same live stream, so covering a slow call view longer costs nothing.
const COVER_AT_MOST_MS = 3000;
const PLAYING_FOR_MS = 500;

/**
 * Calls `then(true)` at the first real frame the video shows (one with an RTP timestamp), or `then(false)`
 * after `ms`; `enough`, when given, is asked at each real frame whether to call it yet.
 */
function onFirstFrame(video: HTMLVideoElement, ms: number, then: (framed: boolean) => void, enough?: (now: number) => boolean): () => void {
  let done = false;
  const finish = (framed: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    then(framed);
  };
  const timer = setTimeout(() => finish(false), ms);
  const wait = () =>
    video.requestVideoFrameCallback((now, meta) =>
      done ? undefined : meta.rtpTimestamp === undefined || (enough && !enough(now)) ? wait() : finish(true),
    );
  if ("requestVideoFrameCallback" in video) wait();
  return () => {
    done = true;
    clearTimeout(timer);
  };
}

/**
 * Calls `then(true)` once the video has played real frames for PLAYING_FOR_MS, or `then(false)` after `ms`.
 * A first frame is no sign that it is on screen: on a busy computer a new <video> showed black for up to
 * half a second after it said it had presented one (seen in a screencast of the page). So the cover over the
 * call view's box stays this much longer (it shows the same live picture: staying costs nothing), and so do
 * the words under the stage's own picture.
 */
function onPlaying(video: HTMLVideoElement, ms: number, then: (framed: boolean) => void): () => void {
  let first: number | null = null;
  return onFirstFrame(video, ms, then, (now) => now - (first ??= now) >= PLAYING_FOR_MS);
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
  const [played, setPlayed] = useState(false);
  const [cover, setCover] = useState<CSSProperties | null>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video || over) return;
    return onFirstFrame(video, SHOWN_WITHIN_MS, onShown);
  }, [ref, over, onShown]);
  // The words lie under the picture (below), so they show exactly until its first frame is drawn over
  // them; they go once it has played a while (a narrow picture, a phone's, would leave their ends showing).
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    return onPlaying(video, COVER_AT_MOST_MS, (framed) => framed && setPlayed(true));
  }, [ref]);
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
    const stop = onPlaying(video, COVER_AT_MOST_MS, onCovered);
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
        {/* Under the video, which is see-through until its first frame: a busy computer draws that frame up to
            half a second after the page hears of it, and the box must not be blank and black meanwhile. */}
        {!played && (
          <p
            data-testid="stage-picture-coming"
            className="absolute inset-0 flex items-center justify-center p-4 text-center text-lg text-slate-200"
          >
            {`Connecting to ${name}'s video…`}
          </p>
        )}
        <video ref={ref} data-testid="admit-stage-video" autoPlay playsInline muted className="relative h-full w-full object-contain" />
      </div>
    </section>
  );
}
