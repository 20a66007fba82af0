/**
 * Part of the Admit hand-off (admit-handoff.ts): the provider's camera and microphone, opened a moment
 * before Admit (the pointer or focus on the button, at the latest the click itself) and handed to the call
 * that Admit starts, so the offer does not wait for them. Released after WARM_MS if no call takes them:
 * the camera is never held for a patient who is not being admitted.
 */
import "client-only";
import { LIFETIMES } from "@/lib/admit-handoff/lifetimes";
// What the call asks of the camera: the same as the call engine asks when it opens one itself.
import { CALL_VIDEO } from "@/lib/call-engine/local-media";

export const WARM_MS = LIFETIMES.warmCameraMs;

/** `opened`: the stream once getUserMedia has answered, so a page can take it without waiting a tick. */
type Warm = { stream: Promise<MediaStream | null>; opened?: MediaStream | null; timer?: ReturnType<typeof setTimeout> };
let warm: Warm | null = null;

/** Closes the entry's camera after WARM_MS, unless a call has taken it by then. */
function expireLater(entry: Warm): void {
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => warm === entry && close(entry), WARM_MS);
}

/** The entry leaves the warm slot: to a call that now owns it (take), or stopped (close). */
function take(entry: Warm): void {
  clearTimeout(entry.timer);
  warm = null;
}

function close(entry: Warm): void {
  take(entry);
  void entry.stream.then((s) => s?.getTracks().forEach((t) => t.stop()));
}

/** Opens camera and microphone unless already open; they close again after WARM_MS unless taken. */
export function warmCamera(): void {
  if (warm || typeof navigator === "undefined" || !navigator.mediaDevices?.getUserMedia) return;
  // Both or nothing: a partial grant is the call's own business (it explains what is missing).
  const entry: Warm = { stream: navigator.mediaDevices.getUserMedia({ audio: true, video: CALL_VIDEO }).catch(() => null) };
  void entry.stream.then((opened) => void (entry.opened = opened));
  expireLater(entry);
  warm = entry;
}

/** The warmed stream, now owned by the caller (who must stop its tracks), or null if none was opened. */
export function takeWarmCamera(): Promise<MediaStream | null> | null {
  if (!warm) return null;
  const { stream } = warm;
  take(warm);
  return stream;
}

/** The warmed stream if getUserMedia has already answered with camera and microphone (now owned by the caller), else null. */
export function takeOpenedCamera(): MediaStream | null {
  const opened = warm?.opened;
  if (!warm || !opened || opened.getAudioTracks().length === 0 || opened.getVideoTracks().length === 0) return null;
  take(warm);
  return opened;
}

/** The opened warm camera's video track, not taken: a warm connection primes its encoder with it. */
export function warmCameraVideo(): MediaStreamTrack | null {
  const track = warm?.opened?.getVideoTracks()[0];
  return track && track.readyState === "live" ? track : null;
}

/**
 * Keeps camera and microphone open (no WARM_MS limit) until released: the dashboard's own preview while a
 * patient waits. `release()` (the preview going away) leaves them warm for WARM_MS, because Admit unmounts
 * the preview a moment before the call takes the camera; `release({ now: true })` (the provider turning the
 * camera off) stops them at once. Either leaves alone a stream a call has already taken.
 */
export function holdCamera(): { stream: Promise<MediaStream | null> | null; release: (options?: { now?: boolean }) => void } {
  warmCamera();
  const held = warm;
  if (held) clearTimeout(held.timer);
  return {
    stream: held?.stream ?? null,
    release: ({ now = false } = {}) => {
      if (!held || warm !== held) return;
      if (now) close(held);
      else expireLater(held);
    },
  };
}
