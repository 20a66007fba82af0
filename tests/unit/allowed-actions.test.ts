import { describe, expect, it } from "vitest";
import { allowedActions, bookingInsideNoticeWarning, changeDeadline, noticeWords } from "@/lib/appointments/allowed-actions";
import { checkChangeNotice } from "@/lib/appointments/state-machine";

const now = new Date("2030-05-01T10:00:00Z");
const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const visit = (startInHours: number, status: "SCHEDULED" | "CANCELLED" | "COMPLETED" | "NO_SHOW" = "SCHEDULED") => ({
  status,
  start: inHours(startInHours),
  end: inHours(startInHours + 0.5),
});
const DAY = 24 * 60;

describe("what an appointment card offers", () => {
  it("lets a patient move or cancel before the notice, and not after", () => {
    expect(allowedActions(visit(25), "PATIENT", now, DAY)).toMatchObject({
      join: true,
      reschedule: true,
      cancel: true,
      changeClosedSince: null,
    });
    const close = allowedActions(visit(3), "PATIENT", now, DAY);
    expect(close).toMatchObject({ join: true, addToCalendar: true, reschedule: false, cancel: false });
    expect(close.changeClosedSince).toEqual(changeDeadline(inHours(3), DAY));
  });

  it("agrees with the server's own notice check at the deadline itself", () => {
    const start = inHours(24);
    expect(allowedActions({ ...visit(24), start }, "PATIENT", now, DAY).cancel).toBe(true);
    expect(checkChangeNotice({ by: "PATIENT", start, now, cancelNoticeMinutes: DAY }).ok).toBe(true);
    const later = new Date(now.getTime() + 1);
    expect(allowedActions({ ...visit(24), start }, "PATIENT", later, DAY).cancel).toBe(false);
    expect(checkChangeNotice({ by: "PATIENT", start, now: later, cancelNoticeMinutes: DAY }).ok).toBe(false);
  });

  it("lets a provider cancel at any time but never move; offers nothing once over or not scheduled", () => {
    expect(allowedActions(visit(1), "PROVIDER", now, DAY)).toMatchObject({ cancel: true, reschedule: false, changeClosedSince: null });
    expect(allowedActions(visit(-2), "PATIENT", now, DAY)).toMatchObject({
      join: false,
      cancel: false,
      reschedule: false,
      addToCalendar: false,
    });
    for (const status of ["CANCELLED", "COMPLETED", "NO_SHOW"] as const) {
      expect(allowedActions(visit(48, status), "PATIENT", now, DAY)).toMatchObject({ join: false, cancel: false, changeClosedSince: null });
    }
  });
});

describe("booking inside the notice", () => {
  it("warns in plain words before a time that could not be changed online", () => {
    expect(bookingInsideNoticeWarning(inHours(3), now, DAY)).toBe(
      "This time is less than 24 hours away. Once you book it, you cannot move or cancel it online: your provider asks for changes at least 24 hours ahead.",
    );
    expect(bookingInsideNoticeWarning(inHours(30), now, DAY)).toBeNull();
    expect(bookingInsideNoticeWarning(inHours(1), now, 0)).toBeNull();
  });

  it("says the notice in hours or minutes", () => {
    expect(noticeWords(1440)).toBe("24 hours");
    expect(noticeWords(60)).toBe("1 hour");
    expect(noticeWords(90)).toBe("90 minutes");
  });
});
