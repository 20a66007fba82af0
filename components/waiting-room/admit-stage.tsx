"use client";
/**
 * The first moment of a call opened from the dashboard's Admit over a warm connection: the patient's
 * picture, in the call's own frame (.call-layout), and nothing else. Building the whole call view takes a
 * few hundred ms of the page's main thread on a slow machine; done in the click, the patient's first frame
 * waited for it. So the host shows this first, builds the call view once the first frame is on screen (or
 * after SHOWN_WITHIN_MS: a patient with the camera off sends none), and this stays over it on a phone until
 * the call view's own picture is playing, so that the picture never blinks.
 */
import { useEffect } from "react";
import { useStream } from "@/components/call/video-stage";

const SHOWN_WITHIN_MS = 1000;
const COVER_AT_MOST_MS = 1000;

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
  useEffect(() => {
    const video = ref.current;
    if (!video || over) return;
    return onFirstFrame(video, SHOWN_WITHIN_MS, onShown);
  }, [ref, over, onShown]);
  useEffect(() => {
    if (!over) return;
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
    if (!video) return onCovered();
    return onFirstFrame(video, COVER_AT_MOST_MS, onCovered);
  }, [over, onCovered]);
  return (
    <section aria-hidden data-admit-stage={over ? "over" : "shown"} className="call-layout admit-stage">
      <header className="call-top">
        <p className="font-semibold text-white">Opening the call with {name}…</p>
      </header>
      <div className="call-stage relative overflow-hidden rounded-lg bg-black">
        <video ref={ref} data-testid="admit-stage-video" autoPlay playsInline muted className="h-full w-full object-contain" />
      </div>
    </section>
  );
}
