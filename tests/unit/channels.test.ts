import { describe, expect, it } from "vitest";
import { channels, parseChannel } from "@/lib/realtime/channels";
import { maySubscribe, type ChannelRuleDeps } from "@/lib/realtime/channel-rules";

const closedVisits: ChannelRuleDeps = { mayJoinVisit: async () => false };
const openVisits: ChannelRuleDeps = { mayJoinVisit: async (viewer, id) => viewer.id === "p1" && id === "appt1" };

describe("channel names", () => {
  it("round-trip through the parser", () => {
    expect(parseChannel(channels.user("u1"))).toEqual({ kind: "user", userId: "u1" });
    expect(parseChannel(channels.provider("d1"))).toEqual({ kind: "provider", providerId: "d1" });
    expect(parseChannel(channels.visit("a1"))).toEqual({ kind: "visit", appointmentId: "a1" });
  });

  it("reject anything else", () => {
    for (const name of [
      "public",
      "private-user-",
      "private-user-a b",
      "presence-user-x",
      "private-provider-x-y/z",
      "private-user-u1;drop",
    ]) {
      expect(parseChannel(name)).toBeNull();
    }
  });
});

describe("who may subscribe", () => {
  const patient = { id: "p1", role: "PATIENT" as const };
  const provider = { id: "d1", role: "PROVIDER" as const };
  it("a user's own channel only", async () => {
    expect(await maySubscribe(patient, "private-user-p1", closedVisits)).toBe(true);
    expect(await maySubscribe(patient, "private-user-p2", closedVisits)).toBe(false);
  });
  it("a provider's channel for that provider only", async () => {
    expect(await maySubscribe(provider, "private-provider-d1", closedVisits)).toBe(true);
    expect(await maySubscribe(provider, "private-provider-d2", closedVisits)).toBe(false);
    // A patient whose id happens to match is still not a provider.
    expect(await maySubscribe({ id: "d1", role: "PATIENT" }, "private-provider-d1", closedVisits)).toBe(false);
  });
  it("visit channels by the visit rule", async () => {
    expect(await maySubscribe(patient, "presence-visit-appt1", closedVisits)).toBe(false);
    expect(await maySubscribe(patient, "presence-visit-appt1", openVisits)).toBe(true);
    expect(await maySubscribe(patient, "presence-visit-appt2", openVisits)).toBe(false);
  });
  it("unknown channels are refused", async () => {
    expect(await maySubscribe(patient, "private-anything", openVisits)).toBe(false);
  });
});
