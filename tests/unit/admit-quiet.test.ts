import { describe, expect, it } from "vitest";
import { ADMIT_QUIET_MS, noteWarmAdmit, quietLeftMs } from "@/lib/call-engine/admit-quiet";

describe("the moment after a warm Admit (admit-quiet)", () => {
  it("puts nothing off for a visit this page did not admit over a warm connection", () => {
    expect(quietLeftMs("never-warm", 1_000)).toBe(0);
  });

  it("puts the visit's re-reading off until the window after the Admit has passed", () => {
    noteWarmAdmit("v1", 10_000);
    expect(quietLeftMs("v1", 10_000)).toBe(ADMIT_QUIET_MS);
    expect(quietLeftMs("v1", 10_250)).toBe(ADMIT_QUIET_MS - 250);
    expect(quietLeftMs("v1", 10_000 + ADMIT_QUIET_MS)).toBe(0);
    // Once over, it stays over (a later word is read at once).
    expect(quietLeftMs("v1", 10_100)).toBe(0);
  });

  it("keeps each visit's window apart", () => {
    noteWarmAdmit("a", 5_000);
    expect(quietLeftMs("b", 5_100)).toBe(0);
    expect(quietLeftMs("a", 5_100)).toBe(ADMIT_QUIET_MS - 100);
  });

  it("never waits longer than the window when the clock is set back", () => {
    noteWarmAdmit("v2", 50_000);
    expect(quietLeftMs("v2", 40_000)).toBe(0);
  });
});
