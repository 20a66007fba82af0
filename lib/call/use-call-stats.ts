"use client";
/**
 * Every ~5 s while connected: getStats() on the current peer connection, a quality sample for the
 * interval (good/fair/poor, direct or relayed), shown to the person and posted to the quality endpoint.
 * A first reading comes a second after connecting so "Direct"/"Relayed" shows up quickly.
 */
import { useEffect, useRef, useState } from "react";
import { reportQuality } from "@/lib/call/api";
import { sampleBetween, snapshotFromStats, type QualitySample, type StatsSnapshot } from "@/lib/call/quality";

export const STATS_INTERVAL_MS = 5000;
/** The server refuses samples closer than 3 s; stay clear of it after a reconnect restarts the timer. */
const MIN_REPORT_GAP_MS = 4500;

export function useCallStats(options: { appointmentId: string; active: boolean; expectVideo: boolean; getPc(): RTCPeerConnection | null }) {
  const { appointmentId, active, getPc } = options;
  const [sample, setSample] = useState<QualitySample | null>(null);
  const expectVideo = useRef(options.expectVideo);
  const lastReport = useRef(0);

  useEffect(() => {
    expectVideo.current = options.expectVideo;
  });

  useEffect(() => {
    if (!active) return;
    let previous: { pc: RTCPeerConnection; snapshot: StatsSnapshot } | null = null;
    let stopped = false;
    const tick = async () => {
      const pc = getPc();
      if (!pc || pc.connectionState === "closed") return;
      const snapshot = snapshotFromStats(await pc.getStats());
      if (stopped) return;
      const next = sampleBetween(previous?.pc === pc ? previous.snapshot : null, snapshot, { expectVideo: expectVideo.current });
      previous = { pc, snapshot };
      setSample(next);
      const now = Date.now();
      if (now - lastReport.current >= MIN_REPORT_GAP_MS) {
        lastReport.current = now;
        reportQuality(appointmentId, next);
      }
    };
    const first = setTimeout(() => void tick(), 1000);
    const timer = setInterval(() => void tick(), STATS_INTERVAL_MS);
    return () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [appointmentId, active, getPc]);

  return sample;
}
