// When a STUN/TURN configuration kept in the tab (fetched while the patient waited) may still start a call.
import { describe, expect, it } from "vitest";
import {
  keepIceConfig,
  keptIceConfig,
  MIN_REFRESH_MS,
  REFRESH_BEFORE_EXPIRY_MS,
  refreshInMs,
  usable,
} from "@/lib/admit-handoff/ice-configs";

const at = Date.parse("2026-11-21T10:00:00Z");
const expiring = (msFromNow: number) => ({
  iceServers: [],
  iceTransportPolicy: "all" as const,
  expiresAt: new Date(at + msFromNow).toISOString(),
});

describe("kept ICE configuration", () => {
  it("is refreshed a minute before its TURN credentials expire; without TURN it never needs to be", () => {
    expect(refreshInMs(expiring(10 * 60_000), at)).toBe(10 * 60_000 - REFRESH_BEFORE_EXPIRY_MS);
    expect(refreshInMs({ expiresAt: null }, at)).toBe(Infinity);
    expect(refreshInMs({ expiresAt: "not a date" }, at)).toBe(0);
  });

  it("starts a call only while it has more than the minimum refresh time left", () => {
    expect(usable(expiring(REFRESH_BEFORE_EXPIRY_MS + MIN_REFRESH_MS + 1), at)).toBe(true);
    expect(usable(expiring(REFRESH_BEFORE_EXPIRY_MS + MIN_REFRESH_MS), at)).toBe(false);
    expect(usable(expiring(-1000), at)).toBe(false);
    expect(usable({ expiresAt: null }, at)).toBe(true);
  });

  it("hands out a kept configuration per visit only while usable, and forgets a stale one", () => {
    keepIceConfig("visit-a", expiring(5 * 60_000));
    expect(keptIceConfig("visit-a", at)).not.toBeNull();
    expect(keptIceConfig("visit-b", at)).toBeNull();
    expect(keptIceConfig("visit-a", at + 5 * 60_000)).toBeNull();
    expect(keptIceConfig("visit-a", at)).toBeNull(); // forgotten, not revived by an earlier clock
  });
});
