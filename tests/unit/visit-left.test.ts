// A patient's departure as the provider sees it (lib/visits/visit-state.ts): the reason of the last LEFT
// that gave one, kept through the presence webhook's plain LEFT, cleared by the next JOINED.
import { describe, expect, it } from "vitest";
import { deriveVisitState, type VisitEventLike } from "@/lib/visits/visit-state";

const appointment = { patientId: "pat", providerId: "doc", status: "SCHEDULED" as const };
let n = 0;
const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 10, 0, s));
const e = (type: VisitEventLike["type"], actorId: string, s: number, data: unknown = {}): VisitEventLike => ({
  id: ++n,
  type,
  actorId,
  at: at(s),
  data,
});

describe("patientLeft", () => {
  it("Leave: the reason stays through the webhook's LEFT; rejoining clears it", () => {
    const left = [
      e("CHECKED_IN", "pat", 0),
      e("JOINED", "pat", 1),
      e("ADMITTED", "doc", 2),
      e("LEFT", "pat", 3, { reason: "left" }),
      e("LEFT", "pat", 4, { source: "pusher-webhook" }),
    ];
    expect(deriveVisitState(appointment, left)).toMatchObject({
      phase: "admitted",
      patientInRoom: false,
      patientLeft: { reason: "left", at: at(3) },
    });
    expect(deriveVisitState(appointment, [...left, e("JOINED", "pat", 5)])).toMatchObject({ patientInRoom: true, patientLeft: null });
  });

  it("a tab closed without a word is no reason; the provider's own LEFT is not the patient's", () => {
    const events = [
      e("JOINED", "pat", 1),
      e("LEFT", "pat", 2, { source: "pusher-webhook" }),
      e("LEFT", "doc", 3, { reason: "signed-out" }),
    ];
    expect(deriveVisitState(appointment, events)).toMatchObject({ patientInRoom: false, patientLeft: null });
  });

  it("a sign-out or an ended session is a reason too", () => {
    expect(deriveVisitState(appointment, [e("JOINED", "pat", 1), e("LEFT", "pat", 2, { reason: "signed-out" })]).patientLeft).toEqual({
      reason: "signed-out",
      at: at(2),
    });
  });
});
