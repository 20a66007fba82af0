import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { figuresFromEvents, summarizeEvents, type FigureAppointment, type FigureEvent } from "@/lib/admin/session-figures";

const T0 = Date.parse("2026-03-02T10:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const PAT = "pat";
const DOC = "doc";
const appt = (over: Partial<FigureAppointment> = {}): FigureAppointment => ({
  status: "SCHEDULED",
  endsAt: at(30),
  patientId: PAT,
  providerId: DOC,
  ...over,
});
const ev = (type: FigureEvent["type"], minutes: number, actorId: string | null = null, data: unknown = {}): FigureEvent => ({
  type,
  at: at(minutes),
  actorId,
  data,
});
const quality = (minutes: number, actor: string, q: string) =>
  ev("QUALITY", minutes, actor, { rttMs: 40, packetLossPct: 0, inKbps: 900, outKbps: 800, quality: q });
const DURING = at(25);
const LONG_AFTER = at(24 * 60);

/** A normal call: waits 3 min, connects directly at 4, ends at 20. */
const normal = (): FigureEvent[] => [
  ev("DEVICE_CHECK", -2, PAT, { summary: "ready" }),
  ev("CHECKED_IN", -1, PAT),
  ev("ADMITTED", 2, DOC),
  ev("JOINED", 2.5, PAT),
  ev("JOINED", 3, DOC),
  ev("CONNECTED", 4, PAT, { relayed: false, localCandidateType: "host", remoteCandidateType: "srflx" }),
  ev("CONNECTED", 4, DOC, { relayed: false }),
  quality(5, PAT, "good"),
  quality(5, DOC, "good"),
  quality(10, PAT, "fair"),
  quality(10, DOC, "good"),
  ev("ENDED", 20, DOC),
  ev("LEFT", 20.1, PAT),
  ev("LEFT", 20.2, DOC),
];

describe("session figures", () => {
  it("measures a normal call: wait, duration, direct connection, quality", () => {
    const f = figuresFromEvents(appt({ status: "COMPLETED" }), normal(), LONG_AFTER);
    expect(f).toMatchObject({
      outcome: "completed",
      waitMs: 3 * 60_000,
      durationMs: 16 * 60_000,
      endEstimated: false,
      connection: "direct",
      reconnects: 0,
    });
    expect(f.quality).toEqual({ score: 0.88, label: "good", samples: 4 });
    expect(f.callStartAt).toEqual(at(4));
    expect(f.callEndAt).toEqual(at(20));
  });

  it("gives the same figures whatever order the events arrive in", () => {
    const events = normal();
    const expected = figuresFromEvents(appt({ status: "COMPLETED" }), events, LONG_AFTER);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
        expect(figuresFromEvents(appt({ status: "COMPLETED" }), shuffled, LONG_AFTER)).toEqual(expected);
      }),
    );
  });

  it("ends a call with no ENDED and a missing LEFT at its last sign of life, and calls it dropped once over", () => {
    const events = normal().filter((e) => e.type !== "ENDED" && e.type !== "LEFT");
    const during = figuresFromEvents(appt(), events, DURING);
    expect(during).toMatchObject({ outcome: "open", durationMs: 6 * 60_000, endEstimated: true });
    expect(figuresFromEvents(appt(), events, LONG_AFTER).outcome).toBe("dropped");
  });

  it("counts several reconnects once per drop, and a relayed reconnection makes the call relayed", () => {
    const events = [
      ...normal(),
      ev("RECONNECTING", 6, PAT),
      ev("RECONNECTING", 6, DOC),
      ev("RECONNECTED", 6.5, PAT, { relayed: true }),
      ev("RECONNECTED", 6.5, DOC, { relayed: true }),
      ev("RECONNECTING", 8, PAT),
      ev("RECONNECTED", 8.2, PAT, { relayed: true }),
      ev("RECONNECTING", 12, PAT),
      ev("RECONNECTED", 12.5, PAT, { relayed: true }),
    ];
    const f = figuresFromEvents(appt({ status: "COMPLETED" }), events, LONG_AFTER);
    expect(f).toMatchObject({ reconnects: 3, connection: "relay", outcome: "completed" });
    expect(summarizeEvents(appt(), events)).toMatchObject({ patientReconnects: 3, providerReconnects: 1 });
  });

  it("calls a visit ended while still reconnecting dropped", () => {
    const events = [...normal(), ev("RECONNECTING", 15, PAT)];
    expect(figuresFromEvents(appt({ status: "COMPLETED" }), events, LONG_AFTER).outcome).toBe("dropped");
    // A RECONNECTING reported after the end (the other side hung up) does not count against the call.
    const after = [...normal(), ev("RECONNECTING", 21, PAT)];
    expect(figuresFromEvents(appt({ status: "COMPLETED" }), after, LONG_AFTER).outcome).toBe("completed");
  });

  it("handles a patient who was admitted but never joined: never connected, duration from admission", () => {
    const events = [ev("CHECKED_IN", 0, PAT), ev("ADMITTED", 1, DOC), ev("JOINED", 1.5, DOC), ev("ENDED", 11, DOC)];
    const f = figuresFromEvents(appt({ status: "COMPLETED" }), events, DURING);
    expect(f).toMatchObject({
      outcome: "never-connected",
      waitMs: 60_000,
      durationMs: 10 * 60_000,
      connection: null,
      quality: null,
      reconnects: 0,
    });
  });

  it("waits for a checked-in patient until the visit is over before calling it never connected", () => {
    const events = [ev("CHECKED_IN", 0, PAT)];
    expect(figuresFromEvents(appt(), events, DURING)).toMatchObject({ outcome: "open", waitMs: null, durationMs: null, callStartAt: null });
    expect(figuresFromEvents(appt(), events, LONG_AFTER).outcome).toBe("never-connected");
  });

  it("decides cancelled and no-show before anything else", () => {
    expect(figuresFromEvents(appt({ status: "CANCELLED" }), normal(), LONG_AFTER).outcome).toBe("cancelled");
    expect(figuresFromEvents(appt({ status: "NO_SHOW" }), [ev("NO_SHOW", 15, null)], DURING).outcome).toBe("no-show");
    expect(figuresFromEvents(appt(), [ev("NO_SHOW", 15, DOC)], DURING).outcome).toBe("no-show");
    expect(figuresFromEvents(appt(), [], DURING).outcome).toBe("open");
    expect(figuresFromEvents(appt(), [], LONG_AFTER).outcome).toBe("no-show");
  });

  it("treats a COMPLETED status without an ENDED event as ended", () => {
    const events = normal().filter((e) => e.type !== "ENDED");
    const f = figuresFromEvents(appt({ status: "COMPLETED" }), events, DURING);
    expect(f).toMatchObject({ outcome: "completed", endEstimated: true });
    expect(f.callEndAt).toEqual(at(20.2));
  });

  it("never gives a negative wait or duration when clocks disagree", () => {
    const events = [ev("ADMITTED", 0, DOC), ev("CHECKED_IN", 1, PAT), ev("CONNECTED", 5, PAT), ev("ENDED", 4, DOC)];
    expect(figuresFromEvents(appt({ status: "COMPLETED" }), events, LONG_AFTER)).toMatchObject({ waitMs: 0, durationMs: 0 });
  });

  it("averages only rated quality samples and ignores junk data", () => {
    const events = [
      quality(1, PAT, "good"),
      quality(2, PAT, "poor"),
      quality(3, DOC, "fair"),
      ev("QUALITY", 4, DOC, { quality: "superb" }),
      ev("QUALITY", 5, DOC, null),
    ];
    const f = figuresFromEvents(appt(), events, DURING);
    expect(f.quality).toEqual({ score: 0.5, label: "fair", samples: 3 });
    expect(figuresFromEvents(appt(), [ev("CONNECTED", 1, PAT, "not an object")], DURING).connection).toBe("direct");
  });
});
