// Guests in a visit (issue 16): the pure rules (limit, who may invite whom, labels) and what the visit's
// events say about each guest, apart from the patient.
import { describe, expect, it } from "vitest";
import { guestLabel } from "@/lib/guests/guest-label";
import { guestLimitProblem, inviteProblem, MAX_GUESTS, MAX_PEOPLE, TOO_MANY_PEOPLE } from "@/lib/guests/guest-rules";
import { guestView } from "@/lib/guests/guest-view";
import { deriveVisitState, guestPhase, type VisitEventLike } from "@/lib/visits/visit-state";
import { summarizeEvents } from "@/lib/admin/session-figures";
import { describeEvent } from "@/lib/admin/session-timeline";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 10, minute));
const appointment = { patientId: "pat", providerId: "doc", status: "SCHEDULED" as const };
const ev = (type: VisitEventLike["type"], actorId: string | null, minute: number, data: unknown = {}, id = minute): VisitEventLike => ({
  id,
  type,
  actorId,
  at: at(minute),
  data,
});

describe("guestLabel", () => {
  it("names the role, with an interpreter's language in front", () => {
    expect(guestLabel({ role: "INTERPRETER", detail: "Spanish" })).toBe("Spanish interpreter");
    expect(guestLabel({ role: "INTERPRETER", detail: "  " })).toBe("Interpreter");
    expect(guestLabel({ role: "CAREGIVER", detail: "Daughter" })).toBe("Caregiver");
    expect(guestLabel({ role: "CLINICIAN", detail: "" })).toBe("Clinician");
    expect(guestLabel({ role: "OTHER", detail: "" })).toBe("Guest");
  });
});

describe("guest rules", () => {
  it("allows at most four people: two guests beside the provider and the patient", () => {
    expect(MAX_PEOPLE).toBe(4);
    expect(MAX_GUESTS).toBe(2);
    expect(guestLimitProblem(0)).toBeNull();
    expect(guestLimitProblem(1)).toBeNull();
    expect(guestLimitProblem(2)).toBe(TOO_MANY_PEOPLE);
    expect(TOO_MANY_PEOPLE).toBe("A visit can have at most four people: remove a guest before inviting another.");
  });

  it("lets the provider invite anyone, the patient a caregiver once allowed, and a guest nobody", () => {
    for (const role of ["INTERPRETER", "CAREGIVER", "CLINICIAN", "OTHER"] as const) {
      expect(inviteProblem("PROVIDER", role, false)).toBeNull();
      expect(inviteProblem("GUEST", role, true)).toMatch(/Only the provider/);
    }
    expect(inviteProblem("PATIENT", "CAREGIVER", false)).toMatch(/has not turned on/);
    expect(inviteProblem("PATIENT", "CAREGIVER", true)).toBeNull();
    expect(inviteProblem("PATIENT", "INTERPRETER", true)).toMatch(/caregiver/);
  });
});

describe("deriveVisitState with guests", () => {
  const events = [
    ev("GUEST_INVITED", "doc", 0, { guestId: "g1", name: "Maria", role: "INTERPRETER" }),
    ev("DEVICE_CHECK", "g1", 1, { summary: "network-may-need-relay", guest: true }),
    ev("CHECKED_IN", "g1", 2, { guest: true }),
    ev("JOINED", "g1", 2, { source: "pusher-webhook", guest: true }, 100),
    ev("ADMITTED", "doc", 3, { guestId: "g1", guest: true }),
    ev("CONNECTED", "g1", 4, { session: "s-g1-000001", peer: "doc", guest: true }),
    ev("QUALITY", "g1", 5, { quality: "poor", peer: "doc", guest: true }),
  ];

  it("keeps the patient's fields free of guest events", () => {
    const state = deriveVisitState(appointment, events);
    expect(state).toMatchObject({ phase: "scheduled", checkedInAt: null, admittedAt: null, deviceCheck: null, patientInRoom: false });
    expect(state.guests.g1).toEqual({
      checkedInAt: at(2),
      admittedAt: at(3),
      inRoom: true,
      deviceCheck: { summary: "network-may-need-relay", at: at(1) },
    });
    expect(guestPhase(state, "g1")).toBe("admitted");
    expect(guestPhase(state, "nobody")).toBe("scheduled");
  });

  it("gives the patient their own times when both are in, and every guest the visit's end", () => {
    const state = deriveVisitState(appointment, [
      ...events,
      ev("CHECKED_IN", "pat", 6),
      ev("ADMITTED", "doc", 7),
      ev("LEFT", "g1", 8, { guest: true, reason: "left" }),
      ev("ENDED", "doc", 9),
    ]);
    expect(state).toMatchObject({ phase: "ended", checkedInAt: at(6), admittedAt: at(7), patientLeft: null });
    expect(state.guests.g1?.inRoom).toBe(false);
    expect(guestPhase(state, "g1")).toBe("ended");
  });

  it("shows a guest as the pages read it", () => {
    const state = deriveVisitState(appointment, events);
    const view = guestView({ id: "row1", userId: "g1", name: "Maria", role: "INTERPRETER", detail: "Spanish", createdAt: at(0) }, state);
    expect(view).toEqual({
      id: "g1",
      guestId: "row1",
      name: "Maria",
      role: "INTERPRETER",
      detail: "Spanish",
      label: "Spanish interpreter",
      invitedAt: at(0).toISOString(),
      checkedInAt: at(2).toISOString(),
      admittedAt: at(3).toISOString(),
      inRoom: true,
      deviceCheck: "network-may-need-relay",
    });
  });
});

describe("admin figures and timeline with guests", () => {
  it("counts nothing of a guest's in the patient's figures", () => {
    const guestOnly = summarizeEvents(appointment, [
      ev("CHECKED_IN", "g1", 2, { guest: true }),
      ev("ADMITTED", "doc", 3, { guestId: "g1", guest: true }),
    ]);
    expect(guestOnly).toMatchObject({ eventCount: 0, checkedInAt: null, admittedAt: null });
  });

  it("names the guest and the pair in words", () => {
    const people = {
      patientId: "pat",
      providerId: "doc",
      patientName: "Pat Doe",
      providerName: "Dr. Okafor",
      guests: [{ id: "g1", name: "Maria", label: "Spanish interpreter" }],
    };
    expect(describeEvent(people, ev("GUEST_INVITED", "doc", 0, { guestId: "g1", name: "Maria", role: "INTERPRETER" }))).toBe(
      "Dr. Okafor (provider) invited Maria (Spanish interpreter) as a guest",
    );
    expect(describeEvent(people, ev("ADMITTED", "doc", 3, { guestId: "g1", guest: true }))).toBe(
      "Dr. Okafor (provider) admitted Maria (Spanish interpreter)",
    );
    expect(describeEvent(people, ev("CONNECTED", "g1", 4, { peer: "pat", relayed: false, guest: true }))).toBe(
      "Maria (guest, Spanish interpreter) connected with Pat Doe (patient) (direct)",
    );
    expect(describeEvent(people, ev("QUALITY", "doc", 5, { peer: "g1", quality: "good" }))).toBe(
      "Dr. Okafor (provider) with Maria (guest, Spanish interpreter): good",
    );
    expect(describeEvent(people, ev("GUEST_REMOVED", "doc", 6, { guestId: "g1", name: "Maria", role: "INTERPRETER" }))).toBe(
      "Dr. Okafor (provider) removed Maria (Spanish interpreter); their link stopped working",
    );
  });
});
