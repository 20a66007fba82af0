import { describe, expect, it } from "vitest";
import { currentBanner } from "@/lib/appointments/banner";
import type { AppointmentStatus } from "@/lib/appointments/state-machine";

const statuses = (map: Record<string, AppointmentStatus>) => (id: string) => map[id];

describe("the appointments page's confirmation", () => {
  it("confirms a booking or a move only while the visit is still scheduled", () => {
    expect(currentBanner({ moved: "a" }, statuses({ a: "SCHEDULED" }))).toMatchObject({ kind: "moved", appointmentId: "a" });
    expect(currentBanner({ moved: "a" }, statuses({ a: "CANCELLED" }))).toBeNull();
    expect(currentBanner({ booked: "a" }, statuses({ a: "SCHEDULED" }))).toMatchObject({ kind: "booked" });
    expect(currentBanner({ booked: "a" }, statuses({}))).toBeNull();
  });

  it("shows a cancellation, superseding any earlier confirmation", () => {
    expect(currentBanner({ moved: "a", cancelled: "a" }, statuses({ a: "CANCELLED" }))).toMatchObject({ kind: "cancelled" });
    expect(currentBanner({ cancelled: "a" }, statuses({ a: "SCHEDULED" }))).toBeNull();
  });
});
