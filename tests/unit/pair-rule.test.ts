// Who offers in each pair of a call of up to four, and when a pair may run or warm (lib/call-engine/pair-rule.ts).

import { describe, expect, it } from "vitest";
import { offers, pairMayWarm, pairRuns, type PairSide } from "@/lib/call-engine/pair-rule";

const doc: PairSide = { id: "u-doc", role: "PROVIDER" };
const pat: PairSide = { id: "u-pat", role: "PATIENT" };
const g1: PairSide = { id: "u-a-guest", role: "GUEST" };
const g2: PairSide = { id: "u-b-guest", role: "GUEST" };
const everyone = [doc, pat, g1, g2];

describe("pair rule", () => {
  it("the provider offers to everyone, the patient to guests, and between guests the smaller user id", () => {
    expect([offers(doc, pat), offers(doc, g1), offers(doc, g2)]).toEqual([true, true, true]);
    expect([offers(pat, doc), offers(pat, g1), offers(pat, g2)]).toEqual([false, true, true]);
    expect([offers(g1, doc), offers(g1, pat), offers(g1, g2)]).toEqual([false, false, true]);
    expect([offers(g2, doc), offers(g2, pat), offers(g2, g1)]).toEqual([false, false, false]);
  });

  it("exactly one side of every pair offers, whichever side computes it", () => {
    for (const a of everyone)
      for (const b of everyone) if (a !== b) expect([a.id, b.id, offers(a, b) !== offers(b, a)]).toEqual([a.id, b.id, true]);
    // Guests whose ids sort the other way round swap roles.
    expect(offers({ id: "z", role: "GUEST" }, { id: "a", role: "GUEST" })).toBe(false);
  });

  it("a pair with the provider always runs (standby until admitted); two non-providers only while both are admitted", () => {
    expect(pairRuns(doc, { ...g1, admitted: false }, true)).toBe(true);
    expect(pairRuns(g1, { ...doc, admitted: true }, false)).toBe(true);
    expect(pairRuns(pat, { ...g1, admitted: true }, true)).toBe(true);
    expect(pairRuns(pat, { ...g1, admitted: false }, true)).toBe(false);
    expect(pairRuns(pat, { ...g1, admitted: true }, false)).toBe(false);
    expect(pairRuns(g1, { ...g2, admitted: true }, true)).toBe(true);
    expect(pairRuns(g2, { ...g1, admitted: false }, true)).toBe(false);
  });

  it("warm connections are for the provider and the patient only", () => {
    expect([pairMayWarm(doc, pat), pairMayWarm(pat, doc)]).toEqual([true, true]);
    expect([pairMayWarm(doc, g1), pairMayWarm(g1, doc), pairMayWarm(pat, g1), pairMayWarm(g1, g2)]).toEqual([false, false, false, false]);
  });
});
