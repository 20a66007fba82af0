/**
 * How long each thing the Admit hand-off warms is kept, in one place (see admit-handoff.ts for what each is).
 * Everything is dropped sooner when its owner goes (the waiting card unmounts, a call takes the camera).
 */
export const LIFETIMES = {
  /** A settled Admit that no visit page took (the page never opened) is forgotten after this. */
  admitOutcomeMs: 30_000,
  /** A prefetched channel signature: a presence one carries the user's name as it was. */
  channelSignatureMs: 10 * 60_000,
  /** At most this many signatures are kept (one per waiting patient). */
  channelSignaturesKept: 50,
  /** The camera opened just before Admit is closed after this unless a call takes it. */
  warmCameraMs: 15_000,
  /** The dashboard is being left for the call: no refresh competes with opening it for this long. */
  leavingPauseMs: 5000,
  /** A page that leaves keeps its Pusher connection this long for the next page (the call) to take over. */
  realtimeHandoverMs: 5000,
  /** ICE configurations: refreshed this long before their TURN credentials expire... */
  iceRefreshBeforeExpiryMs: 60_000,
  /** ...but never sooner than this (a misconfigured TTL must not loop)... */
  iceMinRefreshMs: 10_000,
  /** ...and retried this soon after a failed fetch. */
  iceRetryMs: 3000,
} as const;
