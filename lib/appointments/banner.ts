import type { AppointmentStatus } from "@/lib/appointments/state-machine";

export type BannerParams = { booked?: string; moved?: string; cancelled?: string };
export type Banner = { tone: "success" | "info"; kind: "booked" | "moved" | "cancelled"; appointmentId: string };

/**
 * The one confirmation the appointments page shows: for the latest action only (a page carries one of
 * booked, moved or cancelled in its address), and only while it is still true of that appointment, so
 * "Your visit has moved" disappears once the visit is cancelled, by the patient or by the clinic.
 */
export function currentBanner(params: BannerParams, statusOf: (id: string) => AppointmentStatus | undefined): Banner | null {
  if (params.cancelled)
    return statusOf(params.cancelled) === "CANCELLED" ? { tone: "success", kind: "cancelled", appointmentId: params.cancelled } : null;
  const id = params.moved ?? params.booked;
  if (!id || statusOf(id) !== "SCHEDULED") return null;
  return { tone: "success", kind: params.moved ? "moved" : "booked", appointmentId: id };
}
