// The visit room's choice of view (components/visit/room-view.ts): every case of the former nested ternary.

import { describe, expect, it } from "vitest";
import { roomView, type RoomViewInput } from "@/components/visit/room-view";

const base: RoomViewInput = { phase: "scheduled", role: "PATIENT", inCall: false, hasChannel: true, checked: false };
const view = (patch: Partial<RoomViewInput>) => roomView({ ...base, ...patch });

describe("roomView", () => {
  it("a patient before check-in: the device check, then the check-in step", () => {
    expect(view({})).toEqual({ kind: "device-check" });
    expect(view({ checked: true })).toEqual({ kind: "check-in" });
  });

  it("a checked-in patient: the call in standby once the channel is up, the waiting status before", () => {
    expect(view({ phase: "waiting" })).toEqual({ kind: "call", standby: true });
    expect(view({ phase: "waiting", hasChannel: false })).toEqual({ kind: "waiting" });
  });

  it("admitted: the call (no standby); without the channel yet, a connecting line for each role", () => {
    expect(view({ phase: "admitted", inCall: true })).toEqual({ kind: "call", standby: false });
    expect(view({ phase: "admitted", inCall: true, hasChannel: false })).toEqual({ kind: "connecting" });
    expect(view({ phase: "admitted", inCall: false, hasChannel: false })).toEqual({ kind: "admitted" });
  });

  it("ended: the call stays (its summary) if it was shown, else a closing line", () => {
    expect(view({ phase: "ended", inCall: true })).toEqual({ kind: "call", standby: false });
    expect(view({ phase: "ended" })).toEqual({ kind: "ended" });
    expect(view({ phase: "ended", role: "PROVIDER" })).toEqual({ kind: "ended" });
  });

  it("a missed or cancelled visit never shows the call, even one that was shown", () => {
    expect(view({ phase: "no-show", inCall: true })).toEqual({ kind: "closed", reason: "no-show" });
    expect(view({ phase: "cancelled", role: "PROVIDER" })).toEqual({ kind: "closed", reason: "cancelled" });
  });

  it("the provider before admitting: the room panel, inside the call in standby once the patient waits (warm); Admit opened the call at once", () => {
    expect(view({ role: "PROVIDER" })).toEqual({ kind: "provider-panel" });
    expect(view({ role: "PROVIDER", phase: "waiting" })).toEqual({ kind: "call", standby: true });
    expect(view({ role: "PROVIDER", phase: "waiting", hasChannel: false })).toEqual({ kind: "provider-panel" });
    expect(view({ role: "PROVIDER", phase: "waiting", inCall: true })).toEqual({ kind: "call", standby: false });
  });

  it("away from the call (Leave, signed out): the away view while the visit is open, never the call", () => {
    expect(view({ phase: "admitted", inCall: true, away: "left" })).toEqual({ kind: "away", reason: "left" });
    expect(view({ phase: "waiting", away: "left" })).toEqual({ kind: "away", reason: "left" });
    expect(view({ phase: "ended", inCall: true, away: "left" })).toEqual({ kind: "ended" });
    expect(view({ phase: "cancelled", away: "left" })).toEqual({ kind: "closed", reason: "cancelled" });
    expect(view({ phase: "ended", inCall: true, away: "signed-out" })).toEqual({ kind: "away", reason: "signed-out" });
  });

  it("the room open in another tab or device: never the device check, check-in or call; until known, a neutral line", () => {
    for (const away of ["elsewhere", "moved"] as const) {
      expect(view({ away })).toEqual({ kind: "away", reason: away });
      expect(view({ checked: true, away })).toEqual({ kind: "away", reason: away });
      expect(view({ phase: "admitted", inCall: true, away })).toEqual({ kind: "away", reason: away });
      expect(view({ role: "PROVIDER", phase: "waiting", away })).toEqual({ kind: "away", reason: away });
      expect(view({ phase: "ended", inCall: true, away })).toEqual({ kind: "ended" });
    }
    expect(view({ opening: true })).toEqual({ kind: "opening" });
    expect(view({ phase: "waiting", opening: true })).toEqual({ kind: "opening" });
    expect(view({ phase: "ended", opening: true })).toEqual({ kind: "ended" });
    expect(view({ phase: "cancelled", opening: true })).toEqual({ kind: "closed", reason: "cancelled" });
  });
});
