import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/lib/admin/csv";
import { qualitySeries, seriesStats } from "@/lib/admin/session-series";
import { buildTimeline, type TimelineEvent } from "@/lib/admin/session-timeline";

const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 10, 0, s));
const people = { patientId: "pat", providerId: "doc", patientName: "Alex", providerName: "Dr. Okafor" };
let n = 0;
const ev = (type: TimelineEvent["type"], s: number, actorId: string | null, data: unknown = {}): TimelineEvent => ({
  id: String(++n),
  type,
  at: at(s),
  actorId,
  data,
});

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks, and leaves plain text alone", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(12.5)).toBe("12.5");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
  });

  it("neutralises formulas in text cells", () => {
    for (const evil of ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
      expect(csvCell(evil).replace(/^"/, "").startsWith("'")).toBe(true);
    expect(csvCell("=1,2")).toBe('"\'=1,2"');
    expect(csvRow(["a", 1, null])).toBe("a,1,\r\n");
  });
});

describe("quality series", () => {
  it("splits samples per side, sorts them by time and leaves out missing figures and strangers", () => {
    const events = [
      ev("QUALITY", 10, "doc", { rttMs: 50, packetLossPct: null, inKbps: 700, outKbps: 600 }),
      ev("QUALITY", 5, "pat", { rttMs: 40, packetLossPct: 1, inKbps: 800, outKbps: 650 }),
      ev("QUALITY", 0, "pat", { rttMs: 30, packetLossPct: 0, inKbps: null, outKbps: null }),
      ev("QUALITY", 7, "someone-else", { rttMs: 999 }),
      ev("CONNECTED", 1, "pat", { relayed: false }),
    ];
    const series = qualitySeries(people, events);
    expect(series.sides.patient.rttMs).toEqual([
      { t: at(0).getTime(), v: 30 },
      { t: at(5).getTime(), v: 40 },
    ]);
    expect(series.sides.patient.inKbps).toEqual([{ t: at(5).getTime(), v: 800 }]);
    expect(series.sides.provider.packetLossPct).toEqual([]);
    expect(series.from).toBe(at(0).getTime());
    expect(series.to).toBe(at(10).getTime());
    expect(seriesStats(series.sides.patient.rttMs)).toEqual({ min: 30, max: 40, mean: 35 });
    expect(seriesStats([])).toBeNull();
  });
});

describe("timeline", () => {
  it("tells every event in words, in time order, with quality samples gathered into runs", () => {
    const events = [
      ev("ENDED", 100, "doc"),
      ev("CHECKED_IN", 1, "pat"),
      ev("DEVICE_CHECK", 0, "pat", { summary: "ready" }),
      ev("ADMITTED", 20, "doc"),
      ev("CONNECTED", 30, "pat", { relayed: true, localCandidateType: "relay", remoteCandidateType: "host" }),
      ev("QUALITY", 35, "pat", { quality: "good", rttMs: 40 }),
      ev("QUALITY", 36, "doc", { quality: "fair" }),
      ev("RECONNECTING", 50, "pat"),
      ev("NO_SHOW", 200, null),
    ];
    const items = buildTimeline(people, events);
    expect(items.map((i) => i.text)).toEqual([
      "Alex (patient) checked their devices: Camera, microphone and connection ready",
      "Alex (patient) checked in and is waiting",
      "Dr. Okafor (provider) admitted Alex",
      "Alex (patient) connected (relayed through TURN; relay to host)",
      "2 quality samples (1 from Alex (patient), 1 from Dr. Okafor (provider))",
      "Alex (patient) lost the connection and is reconnecting",
      "Dr. Okafor (provider) ended the visit",
      "Marked as a no-show automatically",
    ]);
    const run = items[4];
    expect(run?.kind === "quality" && run.samples.map((s) => s.text)).toEqual([
      "Alex (patient): good, round trip 40 ms",
      "Dr. Okafor (provider): fair",
    ]);
  });

  it("before Admit, presence is the waiting room and the provider having the visit open (a warm connection), not a call", () => {
    const items = buildTimeline(people, [
      ev("CHECKED_IN", 1, "pat"),
      ev("JOINED", 2, "pat"),
      ev("JOINED", 3, "doc"),
      ev("LEFT", 4, "doc"),
      ev("JOINED", 5, "doc"),
      ev("ADMITTED", 6, "doc"),
      ev("LEFT", 7, "pat"),
      ev("JOINED", 8, "pat"),
    ]);
    expect(items.map((i) => i.text)).toEqual([
      "Alex (patient) checked in and is waiting",
      "Alex (patient) opened the visit page",
      "Dr. Okafor (provider) opened the visit before admitting (the connection may be prepared; no audio or video before Admit)",
      "Dr. Okafor (provider) closed the visit before admitting",
      "Dr. Okafor (provider) opened the visit before admitting (the connection may be prepared; no audio or video before Admit)",
      "Dr. Okafor (provider) admitted Alex",
      "Alex (patient) left the call",
      "Alex (patient) joined the call",
    ]);
  });
});
