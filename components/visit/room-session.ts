/**
 * This page's room session for a visit: the id its claim on the live room is made with (the signalling
 * layer's id format). A reload of the same tab keeps it (sessionStorage), so a reloaded room is still the
 * holder; a duplicated tab copies sessionStorage too, and the "live" mark tells it to make its own.
 */
import { newSessionId } from "@/lib/signalling/messages";

const kept = new Map<string, string>();

export function roomSession(appointmentId: string): string {
  const known = kept.get(appointmentId);
  if (known) return known;
  const idKey = `consult.room-session.${appointmentId}`;
  const liveKey = `consult.room-live.${appointmentId}`;
  let session = newSessionId();
  try {
    const storage = window.sessionStorage;
    const previous = storage.getItem(idKey);
    if (previous && !storage.getItem(liveKey)) session = previous;
    storage.setItem(idKey, session);
    storage.setItem(liveKey, "1");
    window.addEventListener("pagehide", () => storage.removeItem(liveKey));
    window.addEventListener("pageshow", (event) => event.persisted && storage.setItem(liveKey, "1"));
  } catch {
    // No storage (private mode, blocked): a reload is then a new page that waits for the stale hold or takes it.
  }
  kept.set(appointmentId, session);
  return session;
}
