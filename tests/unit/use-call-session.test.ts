// The hook's translation of a room's remotes into the engine's Participants (components/call/use-call-session.ts).

import { describe, expect, it, vi } from "vitest";

vi.mock("@/lib/call-engine/browser-deps", () => ({ browserDeps: () => ({}) }));
const { toParticipants } = await import("@/components/call/use-call-session");

describe("useCallSession's participants", () => {
  it("a one-to-one room's remotes (id and role only) get empty names, and are admitted unless in standby (the provider always)", () => {
    expect(toParticipants([{ id: "p", role: "PATIENT" }], true)).toEqual([
      { id: "p", role: "PATIENT", name: "", label: "", admitted: false },
    ]);
    expect(toParticipants([{ id: "p", role: "PATIENT" }], false)[0]?.admitted).toBe(true);
    expect(toParticipants([{ id: "d", role: "PROVIDER", admitted: false }], true)[0]?.admitted).toBe(true);
  });

  it("full Participants pass through as given", () => {
    const guest = { id: "g", role: "GUEST" as const, name: "Maria Garcia", label: "Spanish interpreter", admitted: false };
    expect(toParticipants([guest], false)).toEqual([guest]);
  });
});
