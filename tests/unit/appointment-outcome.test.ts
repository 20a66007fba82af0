import { describe, expect, it } from "vitest";
import { isUpcoming, outcomeWords } from "@/lib/appointments/outcome";

const now = new Date("2030-05-01T10:00:00Z");
const later = new Date(now.getTime() + 3_600_000);
const earlier = new Date(now.getTime() - 3_600_000);

describe("which list an appointment is in", () => {
  it("keeps only scheduled visits that are not over under Upcoming", () => {
    expect(isUpcoming({ status: "SCHEDULED", end: later }, now)).toBe(true);
    expect(isUpcoming({ status: "SCHEDULED", end: earlier }, now)).toBe(false);
    for (const status of ["COMPLETED", "CANCELLED", "NO_SHOW"] as const) expect(isUpcoming({ status, end: later }, now)).toBe(false);
  });

  it("says in words what became of a visit", () => {
    expect(outcomeWords({ status: "COMPLETED", end: later, cancelReason: null }, "PATIENT", now)).toBe("This visit took place.");
    expect(outcomeWords({ status: "CANCELLED", end: later, cancelReason: "Provider ill" }, "PATIENT", now)).toBe(
      "This visit was cancelled. Reason: Provider ill",
    );
    expect(outcomeWords({ status: "NO_SHOW", end: earlier, cancelReason: null }, "PATIENT", now)).toMatch(/missed/);
    expect(outcomeWords({ status: "SCHEDULED", end: earlier, cancelReason: null }, "PATIENT", now)).toMatch(/passed/);
    expect(outcomeWords({ status: "SCHEDULED", end: later, cancelReason: null }, "PATIENT", now)).toBeNull();
  });
});
