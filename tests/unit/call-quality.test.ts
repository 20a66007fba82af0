import { describe, expect, it } from "vitest";
import { classifyQuality, connectionKind, sampleBetween, selectedPair, snapshotFromStats } from "@/lib/call/quality";

/** Stats shaped like Chromium's getStats() for a call with audio and video. */
function report(o: {
  t: number;
  inBytes: number;
  outBytes: number;
  received: number;
  lost: number;
  frames?: number;
  local?: string;
  remote?: string;
  rtt?: number;
}) {
  return [
    { id: "T01", type: "transport", timestamp: o.t, selectedCandidatePairId: "CPa" },
    {
      id: "CPa",
      type: "candidate-pair",
      timestamp: o.t,
      localCandidateId: "Lr",
      remoteCandidateId: "Rr",
      state: "succeeded",
      nominated: true,
      currentRoundTripTime: o.rtt ?? 0.012,
    },
    // A second, unused pair that must not be picked.
    {
      id: "CPb",
      type: "candidate-pair",
      timestamp: o.t,
      localCandidateId: "Lh",
      remoteCandidateId: "Rh",
      state: "failed",
      nominated: false,
    },
    { id: "Lr", type: "local-candidate", candidateType: o.local ?? "host" },
    { id: "Rr", type: "remote-candidate", candidateType: o.remote ?? "host" },
    { id: "Lh", type: "local-candidate", candidateType: "srflx" },
    { id: "Rh", type: "remote-candidate", candidateType: "srflx" },
    {
      id: "IA",
      type: "inbound-rtp",
      kind: "audio",
      timestamp: o.t,
      bytesReceived: o.inBytes / 10,
      packetsReceived: o.received / 2,
      packetsLost: o.lost,
      jitter: 0.004,
    },
    {
      id: "IV",
      type: "inbound-rtp",
      kind: "video",
      timestamp: o.t,
      bytesReceived: (o.inBytes * 9) / 10,
      packetsReceived: o.received / 2,
      packetsLost: 0,
      jitter: 0.011,
      framesDecoded: o.frames ?? 100,
      framesPerSecond: 29.97,
      frameWidth: 640,
      frameHeight: 480,
    },
    { id: "OA", type: "outbound-rtp", kind: "audio", timestamp: o.t, bytesSent: o.outBytes / 2 },
    { id: "OV", type: "outbound-rtp", kind: "video", timestamp: o.t, bytesSent: o.outBytes / 2 },
  ];
}

describe("snapshotFromStats", () => {
  it("reads the selected pair's candidate types and RTT, and sums the RTP counters", () => {
    const s = snapshotFromStats(
      report({ t: 1000, inBytes: 100_000, outBytes: 50_000, received: 1000, lost: 5, local: "relay", remote: "relay", rtt: 0.0345 }),
    );
    expect(s).toMatchObject({
      at: 1000,
      localCandidateType: "relay",
      remoteCandidateType: "relay",
      rttMs: 35,
      bytesReceived: 100_000,
      bytesSent: 50_000,
      packetsReceived: 1000,
      packetsLost: 5,
      framesDecoded: 100,
      fps: 29.97,
      width: 640,
      height: 480,
      jitterMs: 11,
    });
  });

  it("accepts a Map like RTCStatsReport and falls back to the nominated pair without a transport", () => {
    const stats = report({ t: 5, inBytes: 0, outBytes: 0, received: 0, lost: 0 }).filter((s) => s.type !== "transport");
    const map = new Map(stats.map((s) => [s.id, s]));
    expect(selectedPair(stats)?.id).toBe("CPa");
    expect(snapshotFromStats(map).localCandidateType).toBe("host");
  });

  it("knows nothing before a pair is selected, and ignores junk", () => {
    const s = snapshotFromStats([null, 3, { type: "candidate-pair", state: "in-progress" }, { type: "inbound-rtp", bytesReceived: "x" }]);
    expect(s).toMatchObject({ localCandidateType: null, remoteCandidateType: null, rttMs: null, bytesReceived: 0, fps: null });
    expect(connectionKind(s)).toBeNull();
  });
});

describe("sampleBetween", () => {
  it("computes bitrates and loss over the interval", () => {
    const a = snapshotFromStats(report({ t: 10_000, inBytes: 1_000_000, outBytes: 800_000, received: 10_000, lost: 10 }));
    const b = snapshotFromStats(report({ t: 15_000, inBytes: 1_500_000, outBytes: 1_100_000, received: 10_990, lost: 20 }));
    const sample = sampleBetween(a, b);
    expect(sample.inKbps).toBe(800); // 500 kB in 5 s
    expect(sample.outKbps).toBe(480);
    expect(sample.packetLossPct).toBe(1); // 10 lost of 1000
    expect(sample).toMatchObject({
      rttMs: 12,
      jitterMs: 11,
      fps: 30,
      width: 640,
      height: 480,
      localCandidateType: "host",
      quality: "good",
    });
  });

  it("does not invent bitrates without a usable previous snapshot (first sample, rebuilt peer)", () => {
    const later = snapshotFromStats(report({ t: 20_000, inBytes: 5_000, outBytes: 5_000, received: 100, lost: 0 }));
    const earlier = snapshotFromStats(report({ t: 10_000, inBytes: 900_000, outBytes: 900_000, received: 9_000, lost: 0 }));
    expect(sampleBetween(null, later)).toMatchObject({ inKbps: null, outKbps: null, packetLossPct: 0 });
    expect(sampleBetween(earlier, later)).toMatchObject({ inKbps: null, outKbps: null });
  });
});

describe("classifyQuality", () => {
  const ok = { rttMs: 40, packetLossPct: 0, inKbps: 1200 };
  it("is good on a healthy call", () => expect(classifyQuality(ok)).toBe("good"));
  it("lets the worst figure win", () => {
    expect(classifyQuality({ ...ok, rttMs: 300 })).toBe("fair");
    expect(classifyQuality({ ...ok, rttMs: 900 })).toBe("poor");
    expect(classifyQuality({ ...ok, packetLossPct: 5 })).toBe("fair");
    expect(classifyQuality({ ...ok, packetLossPct: 12 })).toBe("poor");
    expect(classifyQuality({ ...ok, inKbps: 150 })).toBe("fair");
    expect(classifyQuality({ ...ok, inKbps: 20 })).toBe("poor");
    expect(classifyQuality({ rttMs: 300, packetLossPct: 12, inKbps: 1200 })).toBe("poor");
  });
  it("does not count a low bitrate when no video is expected, nor unknown figures", () => {
    expect(classifyQuality({ ...ok, inKbps: 20, expectVideo: false })).toBe("good");
    expect(classifyQuality({ rttMs: null, packetLossPct: null, inKbps: null })).toBe("good");
  });
  it("sits on the boundaries predictably", () => {
    expect(classifyQuality({ rttMs: 250, packetLossPct: 2, inKbps: 300 })).toBe("good");
    expect(classifyQuality({ rttMs: 500, packetLossPct: 8, inKbps: 100 })).toBe("fair");
  });
});

describe("connectionKind", () => {
  it("is relayed when either end uses TURN", () => {
    expect(connectionKind({ localCandidateType: "host", remoteCandidateType: "host" })).toBe("direct");
    expect(connectionKind({ localCandidateType: "srflx", remoteCandidateType: "prflx" })).toBe("direct");
    expect(connectionKind({ localCandidateType: "relay", remoteCandidateType: "host" })).toBe("relayed");
    expect(connectionKind({ localCandidateType: "host", remoteCandidateType: "relay" })).toBe("relayed");
  });
});
