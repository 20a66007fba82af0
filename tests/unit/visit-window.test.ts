import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openRoomBounds, visitWindow, windowStatus } from "../../lib/visits/visit-window";

const rules = { opensMinutesBefore: 10, graceMinutesAfter: 30, noShowGraceMinutes: 15 };

describe("openRoomBounds", () => {
  it("selects exactly the appointments whose room windowStatus calls open", () => {
    const minute = 60_000;
    fc.assert(
      fc.property(fc.integer({ min: -600, max: 600 }), fc.integer({ min: 5, max: 120 }), (startOffset, length) => {
        const now = new Date(Date.UTC(2026, 11, 31, 23, 59));
        const start = new Date(now.getTime() + startOffset * minute);
        const end = new Date(start.getTime() + length * minute);
        const bounds = openRoomBounds(now, rules);
        const selected = start <= bounds.startsBy && end > bounds.endsAfter;
        expect(selected).toBe(windowStatus(visitWindow({ start, end }, rules), now) === "open");
      }),
    );
  });
});
