import { describe, expect, it } from "vitest";
import { bookingStateFromUrl, bookingUrl } from "@/lib/appointments/booking-url";

describe("the booking page's address", () => {
  it("round-trips week, time and reason, with the reason only in the fragment", () => {
    const url = bookingUrl("/book/p1", { week: 2, slot: "2030-05-01T09:30:00.000Z", reason: "Cough & fever? 50%" });
    expect(url).toBe("/book/p1?week=2&slot=2030-05-01T09%3A30%3A00.000Z#reason=Cough+%26+fever%3F+50%25");
    const [pathAndQuery, hash] = url.split("#");
    expect(pathAndQuery).not.toContain("Cough");
    expect(bookingStateFromUrl(pathAndQuery!.split("?")[1]!, `#${hash}`)).toEqual({
      week: 2,
      slot: "2030-05-01T09:30:00.000Z",
      reason: "Cough & fever? 50%",
    });
  });

  it("ignores what it cannot use", () => {
    expect(bookingStateFromUrl("week=-1&slot=tomorrow", "")).toEqual({ week: 0, slot: null, reason: "" });
    expect(bookingStateFromUrl("week=99", "").week).toBe(52);
    expect(bookingUrl("/book/p1", { week: 0, slot: null, reason: "" })).toBe("/book/p1");
  });
});
