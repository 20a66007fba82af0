/**
 * The rule of a warm connection's video gate (docs/decisions/0009-warm-connections.md): the camera's frames
 * are encoded before Admit so that the encoder is running when Admit comes, and every one of them is
 * dropped in this browser until the gate opens. Pure: media-gate.worker.ts feeds it the encoder's frames.
 *
 * At Admit the other side asks for a key frame (the decoder can start only from one), and the gate passes
 * frames from the first key frame on. The request travels beside the Admit message, so the key frame
 * can reach the gate a moment before the gate hears that it may open: a key frame that came within
 * the gate's `recentKeyMs` before the opening is sent, with the frames that followed it. A browser that
 * cannot ask for a key frame gets the frames that follow anyway after KEY_WAIT_MS, and its decoder asks by itself.
 *
 * The two sides of a warm pair differ (WARM_GATE_RULES). The patient's gate sends only a key frame of a
 * moment before the Admit reached their page (RECENT_KEY_MS). The provider's page opens its gate at their
 * own click, before the patient's page has heard of it, so a key frame asked for then is a round trip away:
 * instead the patient's page asks for one every KEY_TICK_MS while warm, and the provider's gate sends the
 * latest, made at most PROVIDER_RECENT_KEY_MS before the click.
 */
export const RECENT_KEY_MS = 100;
export const KEY_WAIT_MS = 300;
/** Chromium's encoder answers at most one key-frame request per 300 ms: a tick just over that is never dropped. */
export const KEY_TICK_MS = 320;
/** A tick, plus the camera's next frame and its encoding. */
export const PROVIDER_RECENT_KEY_MS = 400;
/** A key frame's chain longer than this (a stalled clock, a camera far above 30 per second) is dropped. */
const MAX_CHAIN = 30;

/** A gate's sending side (`recentKeyMs`), and how often its receiving side asks the other for a key frame while warm. */
export type GateRule = { recentKeyMs: number; askKeyEveryMs: number | null };
export const WARM_GATE_RULES = {
  provider: { recentKeyMs: PROVIDER_RECENT_KEY_MS, askKeyEveryMs: null },
  patient: { recentKeyMs: RECENT_KEY_MS, askKeyEveryMs: KEY_TICK_MS },
} as const satisfies Record<string, GateRule>;

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

  constructor(private readonly recentKeyMs = RECENT_KEY_MS) {}

  /** An encoded frame: the frames to send now (none while closed). */
  frame(frame: F, key: boolean, now: number): F[] {
    if (!this.opened) {
      if (key) {
        this.chain = [frame];
        this.keyAt = now;
      } else if (this.chain.length > 0 && this.chain.length < MAX_CHAIN && now - this.keyAt <= this.recentKeyMs) this.chain.push(frame);
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
    const recent = this.chain.length > 0 && now - this.keyAt <= this.recentKeyMs ? this.chain : [];
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
