/** Monotonic time and one-shot timers, injected so the signalling runs (and is tested) anywhere. Pure. */

export interface Clock {
  now(): number;
  /** Runs callback once after ms; returns a function that cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(), // monotonic: a wall-clock jump must not stall or burst the pacing
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};
