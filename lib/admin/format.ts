/** How the admin pages write figures. Pure. */
import type { QualityLabel } from "@/lib/admin/session-figures";

/** "45 s", "3 min 05 s", "1 h 02 min"; an em dash for unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export function formatShare(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)} %`;
}

export function formatQuality(quality: { label: QualityLabel; score: number } | null): string {
  return quality === null ? "—" : `${quality.label[0]?.toUpperCase()}${quality.label.slice(1)} (${Math.round(quality.score * 100)} %)`;
}

/** "14:03:27" on the zone's wall clock. */
export function clockTime(instant: Date | number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone }).format(
    instant,
  );
}
