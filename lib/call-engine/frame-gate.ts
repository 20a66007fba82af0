/**
 * The rule of a warm connection's video gate (docs/decisions/0009-warm-connections.md): the camera's frames
 * are encoded before Admit so that the encoder is running when Admit comes, and every one of them is
 * dropped in this browser until the gate opens. Pure: media-gate.worker.ts feeds it the encoder's frames.
 *
 * At Admit the other side asks for a key frame (the decoder can start only from one), and the gate passes
 * frames from the first key frame on. The request travels beside the Admit message, so the key frame
 * can reach the gate a moment before the gate hears that it may open: a key frame that came within
 * RECENT_KEY_MS before the opening is sent, with the frames that followed it. A browser that cannot ask
 * for a key frame gets the frames that follow anyway after KEY_WAIT_MS, and its decoder asks by itself.
 *
 * The provider's gate (the one Admit opens at the click) keeps a key frame ready instead: the patient's
 * page asks for one every KEPT_KEY_EVERY_MS while warm, and the gate sends one made within KEPT_KEY_MS
 * before the click, with the frames after it, so the patient need not ask and wait after the Admit.
 */
export const RECENT_KEY_MS = 100;
export const KEY_WAIT_MS = 300;
/** Chromium's encoder answers at most one key frame request per 300 ms. */
export const KEPT_KEY_EVERY_MS = 320;
export const KEPT_KEY_MS = 400;
/** Frames at up to 30 per second after a key frame of the window; a longer chain is an older key frame's. */
const maxChain = (recentMs: number) => Math.ceil(recentMs / 33) + 2;

/** How the first frames after the opening went: a key frame of a moment before, the next one, or any after KEY_WAIT_MS. */
export type GatePassage = "recent" | "key" | "fallback";

export class FrameGate<F> {
  /** Set when the first frame after the opening is let through. */
  passedBy: GatePassage | null = null;
  private opened = false;
  private openedAt = 0;
  private waitingForKey = true;
  private chain: F[] = [];
  private keyAt = -Infinity;
  private readonly maxChain: number;

  /** `recentMs`: how old a key frame may be at the opening and still be sent (RECENT_KEY_MS, or KEPT_KEY_MS). */
  constructor(private readonly recentMs = RECENT_KEY_MS) {
    this.maxChain = maxChain(recentMs);
  }

  /** An encoded frame: the frames to send now (none while closed). */
  frame(frame: F, key: boolean, now: number): F[] {
    if (!this.opened) {
      if (key) {
        this.chain = [frame];
        this.keyAt = now;
      } else if (this.chain.length > 0 && this.chain.length < this.maxChain) this.chain.push(frame);
      else this.chain = [];
      return [];
    }
    if (this.waitingForKey) {
      if (!key && now - this.openedAt < KEY_WAIT_MS) return [];
      this.waitingForKey = false;
      this.passedBy = key ? "key" : "fallback";
    }
    return [frame];
  }

  /** Admit: the gate opens; returns a key frame of a moment ago and the frames after it, if there is one. */
  open(now: number): F[] {
    if (this.opened) return [];
    this.opened = true;
    this.openedAt = now;
    const recent = this.chain.length > 0 && now - this.keyAt <= this.recentMs ? this.chain : [];
    this.chain = [];
    if (recent.length > 0) {
      this.waitingForKey = false;
      this.passedBy = "recent";
    }
    return recent;
  }

  get isOpen(): boolean {
    return this.opened;
  }
}
