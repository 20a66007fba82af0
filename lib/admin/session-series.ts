/**
 * Quality over time for the session detail charts: each side's QUALITY samples (posted by that side's
 * browser about every 5 s) as time series of RTT, packet loss and received bitrate. Pure.
 * Samples are sorted by time (they may arrive out of order); a missing figure (null) is left out.
 */
import type { FigureAppointment, FigureEvent } from "@/lib/admin/session-figures";

export type Side = "patient" | "provider";
export type SeriesPoint = { t: number; v: number };
export type SideSeries = { rttMs: SeriesPoint[]; packetLossPct: SeriesPoint[]; inKbps: SeriesPoint[]; outKbps: SeriesPoint[] };
export type QualitySeries = { from: number | null; to: number | null; sides: Record<Side, SideSeries> };
export const METRICS = ["rttMs", "packetLossPct", "inKbps", "outKbps"] as const;
export type Metric = (typeof METRICS)[number];

function figure(data: unknown, key: Metric): number | null {
  if (typeof data !== "object" || data === null) return null;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

const empty = (): SideSeries => ({ rttMs: [], packetLossPct: [], inKbps: [], outKbps: [] });

export function sideOf(appointment: Pick<FigureAppointment, "patientId" | "providerId">, actorId: string | null): Side | null {
  if (actorId === null) return null;
  if (actorId === appointment.patientId) return "patient";
  if (actorId === appointment.providerId) return "provider";
  return null;
}

export function qualitySeries(
  appointment: Pick<FigureAppointment, "patientId" | "providerId">,
  events: readonly FigureEvent[],
): QualitySeries {
  const sides: Record<Side, SideSeries> = { patient: empty(), provider: empty() };
  let from: number | null = null;
  let to: number | null = null;
  const samples = events.filter((e) => e.type === "QUALITY").sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const sample of samples) {
    const side = sideOf(appointment, sample.actorId);
    if (!side) continue;
    const t = sample.at.getTime();
    from = from === null ? t : Math.min(from, t);
    to = to === null ? t : Math.max(to, t);
    for (const metric of METRICS) {
      const v = figure(sample.data, metric);
      if (v !== null) sides[side][metric].push({ t, v });
    }
  }
  return { from, to, sides };
}

export function seriesStats(points: readonly SeriesPoint[]): { min: number; max: number; mean: number } | null {
  if (points.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const { v } of points) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { min, max, mean: Math.round((sum / points.length) * 10) / 10 };
}
