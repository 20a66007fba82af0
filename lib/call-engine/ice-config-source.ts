/**
 * The visit's STUN/TURN configuration for the call: the one the Admit hand-off kept in the tab when it is
 * still usable (the provider's dashboard fetched it while the patient waited), otherwise fetched as soon
 * as the call starts (in parallel with the camera and microphone). Fetched again a minute before its TURN
 * credentials expire, so a peer rebuilt late in the visit still gets valid ones, and afresh for each
 * restart after a failure. `current` always gives the latest.
 */
import type { CallApi, EngineClock, Handoff, IceConfig } from "@/lib/call-engine/types";

const RETRY_MS = 3000;
const MIN_REFRESH_MS = 10_000;

export class IceConfigSource {
  current: IceConfig | null;
  ready: boolean;
  problem: string | null = null;
  private stopLoad: (() => void) | null = null;

  constructor(
    private readonly appointmentId: string,
    private readonly deps: { api: CallApi; handoff: Handoff; clock: EngineClock },
    private readonly changed: (loaded: boolean) => void,
  ) {
    this.current = deps.handoff.keptIceConfig(appointmentId);
    this.ready = this.current !== null;
  }

  /** `fresh`: a restart after a failure asks the server again; the first start takes a kept one if it is still good. */
  start(fresh: boolean): void {
    this.stop();
    const { api, handoff, clock } = this.deps;
    const abort = new AbortController();
    let cancelTimer: (() => void) | null = null;
    this.stopLoad = () => {
      abort.abort();
      cancelTimer?.();
    };
    const adopt = (loaded: IceConfig) => {
      this.current = loaded;
      this.ready = true;
      this.problem = null;
      this.changed(true);
      const wait = handoff.iceRefreshInMs(loaded, clock.wallNow());
      if (Number.isFinite(wait)) cancelTimer = clock.setTimer(load, Math.max(MIN_REFRESH_MS, wait));
    };
    const load = () =>
      void api.iceServers(this.appointmentId, { signal: abort.signal }).then((result) => {
        if (abort.signal.aborted) return;
        if (result.ok) {
          handoff.keepIceConfig(this.appointmentId, result.data);
          return adopt(result.data);
        }
        this.problem = result.error;
        this.changed(false);
        cancelTimer = clock.setTimer(load, RETRY_MS);
      });
    const cached = fresh ? null : handoff.keptIceConfig(this.appointmentId);
    const coming = !fresh && !cached ? handoff.iceConfigInFlight(this.appointmentId) : null;
    if (cached) adopt(cached);
    else if (coming) {
      void coming.then((loaded) => {
        if (abort.signal.aborted) return;
        if (loaded && handoff.usableIceConfig(loaded, clock.wallNow())) adopt(loaded);
        else load();
      });
    } else load();
  }

  stop(): void {
    this.stopLoad?.();
    this.stopLoad = null;
  }
}
