/**
 * Sliding one-second window. Stricter than a fixed per-second bucket (which allows 2x at a
 * bucket edge), so anything that passes here also passes hosted Pusher's client-event limit.
 */
export class RateWindow {
  private readonly stamps: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records the event and returns true when it fits; rejected events do not use up the budget. */
  tryTake(): boolean {
    const t = this.now();
    while (this.stamps.length > 0 && t - (this.stamps[0] ?? t) >= this.windowMs) this.stamps.shift();
    if (this.stamps.length >= this.max) return false;
    this.stamps.push(t);
    return true;
  }
}
