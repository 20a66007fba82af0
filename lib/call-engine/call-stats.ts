/**
 * Every ~5 s while a link is connected: getStats() on its current peer, a quality sample for the interval
 * (good/fair/poor, direct or relayed), handed to the session and posted to the quality endpoint. A first
 * reading comes a second after connecting so "Direct"/"Relayed" shows up quickly.
 */
import { sampleBetween, snapshotFromStats, type QualitySample, type StatsSnapshot } from "@/lib/call/quality";
import type { CallPeer, EngineClock } from "@/lib/call-engine/types";

export const STATS_INTERVAL_MS = 5000;
const FIRST_READING_MS = 1000;
/** The server refuses samples closer than 3 s; stay clear of it after a reconnect restarts the timer. */
const MIN_REPORT_GAP_MS = 4500;

export class CallStats {
  private cancel: (() => void) | null = null;
  private lastReport = -Infinity;

  constructor(
    private readonly clock: EngineClock,
    private readonly options: {
      peer(): CallPeer | null;
      expectVideo(): boolean;
      sampled(sample: QualitySample): void;
      report(sample: QualitySample): void;
    },
  ) {}

  get running(): boolean {
    return this.cancel !== null;
  }

  start(): void {
    if (this.cancel) return;
    let previous: { peer: CallPeer; snapshot: StatsSnapshot } | null = null;
    let stopped = false;
    let cancelTimer = () => {};
    const tick = async () => {
      const peer = this.options.peer();
      if (!peer) return;
      const snapshot = snapshotFromStats(await peer.getStats());
      if (stopped) return;
      const next = sampleBetween(previous?.peer === peer ? previous.snapshot : null, snapshot, { expectVideo: this.options.expectVideo() });
      previous = { peer, snapshot };
      this.options.sampled(next);
      const now = this.clock.now();
      if (now - this.lastReport >= MIN_REPORT_GAP_MS) {
        this.lastReport = now;
        this.options.report(next);
      }
    };
    const every = (ms: number) => {
      cancelTimer = this.clock.setTimer(() => {
        every(STATS_INTERVAL_MS);
        void tick().catch(() => undefined);
      }, ms);
    };
    const first = this.clock.setTimer(() => void tick().catch(() => undefined), FIRST_READING_MS);
    every(STATS_INTERVAL_MS);
    this.cancel = () => {
      stopped = true;
      first();
      cancelTimer();
    };
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
