/**
 * The moment after a warm Admit belongs to the first picture (docs/decisions/0009-warm-connections.md).
 *
 * Over a warm connection the first frame reaches each side 0.1-0.4 s after the click: the same moment the
 * server's word of that Admit (`visit-state`) reaches both pages, and each re-reads the visit and renders it
 * again. That work competes with decoding and showing the first frame. A page admitted over its warm
 * connection already shows the call without the server's word, so it catches up with it only once
 * ADMIT_QUIET_MS have passed since the Admit; nothing it shows depends on it sooner.
 *
 *   noteWarmAdmit(appointmentId, at)   - the engine: this page's warm link was just admitted (wall-clock ms)
 *   quietLeftMs(appointmentId, now)    - the pages: how long to put off re-reading the visit (0: not at all)
 *
 * Pure: no browser APIs; the callers pass the time.
 */

export const ADMIT_QUIET_MS = 600;

const admittedAt = new Map<string, number>();

export function noteWarmAdmit(appointmentId: string, at: number): void {
  admittedAt.set(appointmentId, at);
}

export function quietLeftMs(appointmentId: string, now: number): number {
  const at = admittedAt.get(appointmentId);
  if (at === undefined) return 0;
  const left = at + ADMIT_QUIET_MS - now;
  // A clock set back (left > the window) must not put the visit off for longer than the window.
  if (left <= 0 || left > ADMIT_QUIET_MS) {
    admittedAt.delete(appointmentId);
    return 0;
  }
  return left;
}
