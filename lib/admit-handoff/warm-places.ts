/**
 * Part of the Admit hand-off (admit-handoff.ts): the tab's places for warm connections
 * (docs/decisions/0009-warm-connections.md). A provider's call link holds one per waiting visit while it
 * keeps a connection warm; past `max` a visit gets none and connects as before, telling nobody. Admit
 * (admit-handoff's admit(), within the click) runs the holder's swap before anything else.
 */
import "client-only";

const places = new Map<string, () => void>();

/** A place for this visit's warm connection, or null when `max` are taken; returns its release. */
export function holdWarmPlace(appointmentId: string, max: number, admit: () => void): (() => void) | null {
  if (!places.has(appointmentId) && places.size >= max) return null;
  places.set(appointmentId, admit);
  return () => {
    if (places.get(appointmentId) === admit) places.delete(appointmentId);
  };
}

/** The click: the warm connection, if this visit has one, puts the provider's tracks on now. */
export function admitWarm(appointmentId: string): boolean {
  const admit = places.get(appointmentId);
  admit?.();
  return admit !== undefined;
}

/** How many places are held (the test hook and the dashboard's cap read it). */
export function warmPlacesHeld(): number {
  return places.size;
}
