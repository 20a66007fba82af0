import type { AppointmentStatus } from "@/lib/appointments/state-machine";

/**
 * Which list an appointment belongs in: Upcoming holds only what can still happen (scheduled and not
 * yet over); anything finished, cancelled or missed is Past, whatever its time.
 */
export function isUpcoming(a: { status: AppointmentStatus; end: Date }, now: Date): boolean {
  return a.status === "SCHEDULED" && a.end.getTime() > now.getTime();
}

/** What became of a visit, in words a patient or provider reads on the card. */
export function outcomeWords(
  a: { status: AppointmentStatus; end: Date; cancelReason: string | null },
  viewer: "PATIENT" | "PROVIDER",
  now: Date,
): string | null {
  switch (a.status) {
    case "COMPLETED":
      return "This visit took place.";
    case "CANCELLED":
      return a.cancelReason ? `This visit was cancelled. Reason: ${a.cancelReason}` : "This visit was cancelled.";
    case "NO_SHOW":
      return viewer === "PATIENT" ? "This visit was missed: you did not check in." : "The patient did not check in.";
    case "SCHEDULED":
      return a.end.getTime() <= now.getTime() ? "The time of this visit has passed." : null;
  }
}
