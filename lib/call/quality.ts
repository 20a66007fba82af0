/**
 * Call quality from WebRTC statistics.
 *
 *   snapshotFromStats(report)        - one getStats() result (RTCStatsReport or any iterable of stat objects)
 *   sampleBetween(previous, current) - the figures for the interval: bitrates and loss need two snapshots
 *   classifyQuality(figures)         - "good" | "fair" | "poor" from RTT, packet loss and incoming video bitrate
 *
 * Pure: plain objects in, plain objects out, so it is unit tested without a browser.
 */

export type Quality = "good" | "fair" | "poor";
export const CANDIDATE_TYPES = ["host", "srflx", "prflx", "relay"] as const;
export type CandidateType = (typeof CANDIDATE_TYPES)[number];

export type StatsSnapshot = {
  /** ms, from the stats' own timestamps. */
  at: number;
  localCandidateType: CandidateType | null;
  remoteCandidateType: CandidateType | null;
  rttMs: number | null;
  bytesReceived: number;
  bytesSent: number;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  fps: number | null;
  width: number | null;
  height: number | null;
  jitterMs: number | null;
};

export type QualitySample = {
  rttMs: number | null;
  jitterMs: number | null;
  packetLossPct: number | null;
  inKbps: number | null;
  outKbps: number | null;
  fps: number | null;
  width: number | null;
  height: number | null;
  localCandidateType: CandidateType | null;
  remoteCandidateType: CandidateType | null;
  quality: Quality;
};

/** Thresholds in the spirit of ITU-T G.114 (RTT) and common video-call guidance (loss, bitrate). */
export const THRESHOLDS = {
  good: { rttMs: 250, lossPct: 2, videoKbps: 300 },
  fair: { rttMs: 500, lossPct: 8, videoKbps: 100 },
} as const;

type Stat = Record<string, unknown>;

const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const candidateType = (value: unknown): CandidateType | null =>
  CANDIDATE_TYPES.includes(value as CandidateType) ? (value as CandidateType) : null;

type StatsSource = Iterable<unknown> | { values(): Iterable<unknown> };

/** RTCStatsReport and Map give their stats through values(); arrays have values() too. */
function toList(report: StatsSource): Stat[] {
  const items = "values" in report && typeof report.values === "function" ? report.values() : (report as Iterable<unknown>);
  const list: Stat[] = [];
  for (const stat of items) if (typeof stat === "object" && stat !== null) list.push(stat as Stat);
  return list;
}

/** The candidate pair in use: the transport names it; otherwise the nominated, succeeded (or `selected`) pair. */
export function selectedPair(stats: readonly Stat[]): Stat | null {
  const byId = new Map(stats.map((s) => [str(s.id), s]));
  for (const s of stats) {
    const id = s.type === "transport" ? str(s.selectedCandidatePairId) : null;
    const pair = id ? byId.get(id) : undefined;
    if (pair) return pair;
  }
  const pairs = stats.filter((s) => s.type === "candidate-pair");
  return pairs.find((p) => p.selected === true) ?? pairs.find((p) => p.nominated === true && p.state === "succeeded") ?? null;
}

export function snapshotFromStats(report: StatsSource): StatsSnapshot {
  const stats = toList(report);
  const byId = new Map(stats.map((s) => [str(s.id), s]));
  const pair = selectedPair(stats);
  const local = pair ? byId.get(str(pair.localCandidateId)) : undefined;
  const remote = pair ? byId.get(str(pair.remoteCandidateId)) : undefined;
  const snapshot: StatsSnapshot = {
    at: 0,
    localCandidateType: candidateType(local?.candidateType),
    remoteCandidateType: candidateType(remote?.candidateType),
    rttMs: pair && num(pair.currentRoundTripTime) !== null ? Math.round((num(pair.currentRoundTripTime) ?? 0) * 1000) : null,
    bytesReceived: 0,
    bytesSent: 0,
    packetsReceived: 0,
    packetsLost: 0,
    framesDecoded: 0,
    fps: null,
    width: null,
    height: null,
    jitterMs: null,
  };
  for (const s of stats) {
    snapshot.at = Math.max(snapshot.at, num(s.timestamp) ?? 0);
    if (s.type === "inbound-rtp") {
      snapshot.bytesReceived += num(s.bytesReceived) ?? 0;
      snapshot.packetsReceived += num(s.packetsReceived) ?? 0;
      snapshot.packetsLost += Math.max(0, num(s.packetsLost) ?? 0);
      const jitter = num(s.jitter);
      if (jitter !== null) snapshot.jitterMs = Math.max(snapshot.jitterMs ?? 0, Math.round(jitter * 1000));
      if (s.kind === "video") {
        snapshot.framesDecoded += num(s.framesDecoded) ?? 0;
        snapshot.fps = num(s.framesPerSecond) ?? snapshot.fps;
        snapshot.width = num(s.frameWidth) ?? snapshot.width;
        snapshot.height = num(s.frameHeight) ?? snapshot.height;
      }
    } else if (s.type === "outbound-rtp") {
      snapshot.bytesSent += num(s.bytesSent) ?? 0;
    } else if (s.type === "remote-inbound-rtp" && snapshot.rttMs === null) {
      const rtt = num(s.roundTripTime);
      if (rtt !== null) snapshot.rttMs = Math.round(rtt * 1000);
    }
  }
  return snapshot;
}

const kbps = (bytes: number, ms: number) => Math.max(0, Math.round((bytes * 8) / ms));
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The figures for the interval between two snapshots of the same peer. Without a usable previous
 * snapshot (the first, or the peer was rebuilt and counters restarted) bitrates are unknown and loss is
 * the cumulative figure.
 */
export function sampleBetween(
  previous: StatsSnapshot | null,
  current: StatsSnapshot,
  options: { expectVideo?: boolean } = {},
): QualitySample {
  const usable =
    previous !== null &&
    current.at > previous.at &&
    current.bytesReceived >= previous.bytesReceived &&
    current.bytesSent >= previous.bytesSent;
  const ms = usable ? current.at - previous.at : 0;
  const received = usable ? current.packetsReceived - previous.packetsReceived : current.packetsReceived;
  const lost = usable ? Math.max(0, current.packetsLost - previous.packetsLost) : current.packetsLost;
  const packetLossPct = received + lost > 0 ? round1(Math.min(100, (100 * lost) / (received + lost))) : null;
  const inKbps = usable ? kbps(current.bytesReceived - previous.bytesReceived, ms) : null;
  const outKbps = usable ? kbps(current.bytesSent - previous.bytesSent, ms) : null;
  const figures = { rttMs: current.rttMs, jitterMs: current.jitterMs, packetLossPct, inKbps, outKbps };
  return {
    ...figures,
    fps: current.fps === null ? null : round1(current.fps),
    width: current.width,
    height: current.height,
    localCandidateType: current.localCandidateType,
    remoteCandidateType: current.remoteCandidateType,
    quality: classifyQuality({ ...figures, expectVideo: options.expectVideo ?? true }),
  };
}

/**
 * The worst criterion wins. Unknown figures are not held against the call. The bitrate counts only when
 * video is expected to arrive (the other side's camera is on): a muted camera is not a bad connection.
 */
export function classifyQuality(input: {
  rttMs: number | null;
  packetLossPct: number | null;
  inKbps: number | null;
  expectVideo?: boolean;
}): Quality {
  const rank = (good: boolean, fair: boolean) => (good ? 0 : fair ? 1 : 2);
  const { good, fair } = THRESHOLDS;
  const scores = [
    input.rttMs === null ? 0 : rank(input.rttMs <= good.rttMs, input.rttMs <= fair.rttMs),
    input.packetLossPct === null ? 0 : rank(input.packetLossPct <= good.lossPct, input.packetLossPct <= fair.lossPct),
    input.inKbps === null || input.expectVideo === false ? 0 : rank(input.inKbps >= good.videoKbps, input.inKbps >= fair.videoKbps),
  ];
  return (["good", "fair", "poor"] as const)[Math.max(...scores)] ?? "poor";
}

/** "Direct" or "Relayed" for people; null while no pair is selected. */
export function connectionKind(sample: Pick<QualitySample, "localCandidateType" | "remoteCandidateType">): "direct" | "relayed" | null {
  if (sample.localCandidateType === null && sample.remoteCandidateType === null) return null;
  return sample.localCandidateType === "relay" || sample.remoteCandidateType === "relay" ? "relayed" : "direct";
}
