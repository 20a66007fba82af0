// Guests in a visit (issue 16), the UI's pure parts: guest states and words (components/guests/guest-words.ts),
// who is in the call and who gets a tile (components/call/participants.ts), and the guest's room views.

import { describe, expect, it } from "vitest";
import type { GuestView, VisitView } from "@/lib/visits/visit-view";
import type { RemoteState } from "@/lib/call-engine/remote-link";
import { firstName, guestState, guestTitle, joiningAs, nameAndLabel } from "@/components/guests/guest-words";
import { callPeople, initials, shownInCall } from "@/components/call/participants";
import { roomView } from "@/components/visit/room-view";

const at = "2027-03-14T10:00:00.000Z";
const guest = (id: string, patch: Partial<GuestView> = {}): GuestView => ({
  id,
  guestId: `row-${id}`,
  name: "Maria Garcia",
  role: "INTERPRETER",
  detail: "Spanish",
  label: "Spanish interpreter",
  invitedAt: at,
  checkedInAt: null,
  admittedAt: null,
  inRoom: false,
  deviceCheck: null,
  ...patch,
});
const visit = (patch: Partial<VisitView> = {}): VisitView =>
  ({
    id: "a1",
    role: "PROVIDER",
    patient: { id: "pat", name: "Rosa Díaz", dateOfBirth: null },
    provider: { id: "doc", name: "Dr. Okafor" },
    admittedAt: null,
    guests: [],
    selfGuestId: null,
    patientMayInvite: false,
    ...patch,
  }) as VisitView;
const remote = (patch: Partial<RemoteState> = {}) => ({ present: true, firstConnectedAt: null, ...patch }) as RemoteState;

describe("guest words", () => {
  it("a guest's state: invited, waiting, in the call, left", () => {
    expect(guestState(guest("g"))).toBe("invited");
    expect(guestState(guest("g", { checkedInAt: at, inRoom: true }))).toBe("waiting");
    expect(guestState(guest("g", { checkedInAt: at, inRoom: false }))).toBe("left");
    expect(guestState(guest("g", { checkedInAt: at, admittedAt: at, inRoom: true }))).toBe("in-call");
    expect(guestState(guest("g", { checkedInAt: at, admittedAt: at, inRoom: false }))).toBe("left");
  });

  it("names: with the label, the first name, the guest's title and header", () => {
    expect(nameAndLabel(guest("g"))).toBe("Maria Garcia, Spanish interpreter");
    expect(nameAndLabel({ name: "Tom", label: "" })).toBe("Tom");
    expect(firstName("  Rosa María Díaz ")).toBe("Rosa");
    const v = visit({ role: "GUEST", guests: [guest("g")], selfGuestId: "g" });
    expect(guestTitle(v)).toBe("Visit with Dr. Okafor and Rosa");
    expect(joiningAs(v, "fallback")).toBe("Joining as Maria Garcia, Spanish interpreter");
    expect(joiningAs({ ...v, selfGuestId: null }, "Maria")).toBe("Joining as Maria");
  });
});

describe("the people in the call", () => {
  it("everyone but oneself, provider and patient first, guests with their admission", () => {
    const v = visit({ guests: [guest("g1", { admittedAt: at }), guest("g2")] });
    expect(callPeople(v, "doc").map((p) => [p.id, p.role, p.admitted])).toEqual([
      ["pat", "PATIENT", false],
      ["g1", "GUEST", true],
      ["g2", "GUEST", false],
    ]);
    expect(callPeople({ ...v, role: "PATIENT" }, "pat").map((p) => p.id)).toEqual(["doc", "g1", "g2"]);
    // A guest's view carries the guest's own admission: the patient counts as admitted for the engine.
    expect(callPeople({ ...v, role: "GUEST", selfGuestId: "g1" }, "g1").find((p) => p.id === "pat")?.admitted).toBe(true);
  });

  it("tiles: the main one, then admitted guests who are here or were connected; one tile keeps the one-to-one layout", () => {
    const v = visit({ admittedAt: at, guests: [guest("g1", { admittedAt: at }), guest("g2")] });
    const people = callPeople(v, "doc");
    expect(shownInCall(people, { pat: remote() }, "pat").map((p) => p.id)).toEqual(["pat"]);
    expect(shownInCall(people, { pat: remote(), g1: remote(), g2: remote() }, "pat").map((p) => p.id)).toEqual(["pat", "g1"]);
    expect(shownInCall(people, { pat: remote(), g1: remote({ present: false, firstConnectedAt: 1 }) }, "pat").map((p) => p.id)).toEqual([
      "pat",
      "g1",
    ]);
    // The provider let the guest in before the patient.
    expect(shownInCall(people, { pat: remote(), g1: remote() }, "pat", false).map((p) => p.id)).toEqual(["g1"]);
  });

  it("a guest sees the patient's tile once their link has connected", () => {
    const v = visit({ role: "GUEST", selfGuestId: "g1", guests: [guest("g1", { admittedAt: at })] });
    const people = callPeople(v, "g1");
    expect(shownInCall(people, { doc: remote(), pat: remote() }, "doc", true, "GUEST").map((p) => p.id)).toEqual(["doc"]);
    expect(shownInCall(people, { doc: remote(), pat: remote({ firstConnectedAt: 1 }) }, "doc", true, "GUEST").map((p) => p.id)).toEqual([
      "doc",
      "pat",
    ]);
  });

  it("initials", () => {
    expect(initials("Maria Garcia")).toBe("MG");
    expect(initials("Benjamin Alexander Okonkwo-Smith")).toBe("BO");
    expect(initials("rosa")).toBe("R");
    expect(initials(" ")).toBe("?");
  });
});

describe("the guest's room", () => {
  it("goes the patient's way: device check, check-in, waiting, the call", () => {
    const base = { role: "GUEST" as const, inCall: false, hasChannel: true, checked: false };
    expect(roomView({ ...base, phase: "scheduled" })).toEqual({ kind: "device-check" });
    expect(roomView({ ...base, phase: "scheduled", checked: true })).toEqual({ kind: "check-in" });
    expect(roomView({ ...base, phase: "waiting", hasChannel: false })).toEqual({ kind: "waiting" });
    expect(roomView({ ...base, phase: "waiting" })).toEqual({ kind: "call", standby: true });
    expect(roomView({ ...base, phase: "admitted", inCall: true })).toEqual({ kind: "call", standby: false });
  });
});
