/**
 * An Admit on its way to the server, shared between the page that clicked it (the dashboard's waiting card)
 * and the visit page it opens at once. The visit page starts the call without waiting for the answer (the
 * provider is the one who offers, so nothing reaches the provider from the patient before this click), and
 * if the server refuses, it ends the call again and shows why.
 */
import type { VisitView } from "@/lib/visits/visit-view";

export type AdmitOutcome = { ok: true; visit: VisitView } | { ok: false; error: string };

/** A settled admit nobody took (the visit page never opened) is forgotten after this long. */
const FORGET_MS = 30_000;
const pending = new Map<string, Promise<AdmitOutcome>>();

async function post(appointmentId: string): Promise<AdmitOutcome> {
  try {
    const response = await fetch(`/api/visits/${encodeURIComponent(appointmentId)}/admit`, { method: "POST" });
    const data = (await response.json().catch(() => ({}))) as VisitView & { error?: string };
    return response.ok ? { ok: true, visit: data } : { ok: false, error: data.error ?? "Could not admit the patient." };
  } catch {
    return { ok: false, error: "Could not admit the patient: check your connection and try again." };
  }
}

export function admitVisit(appointmentId: string): Promise<AdmitOutcome> {
  const outcome = post(appointmentId);
  pending.set(appointmentId, outcome);
  void outcome.then(() => setTimeout(() => pending.get(appointmentId) === outcome && pending.delete(appointmentId), FORGET_MS));
  return outcome;
}

/** The admit in flight (or just settled) for this visit, if the visit page was opened by one. */
export function pendingAdmit(appointmentId: string): Promise<AdmitOutcome> | null {
  return pending.get(appointmentId) ?? null;
}

/** The visit page has taken its outcome. */
export function forgetAdmit(appointmentId: string, outcome: Promise<AdmitOutcome>): void {
  if (pending.get(appointmentId) === outcome) pending.delete(appointmentId);
}
