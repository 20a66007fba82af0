import type { DeviceCheckInput } from "@/lib/visits/visit-input";
import type { DeviceCheckSummary } from "@/lib/visits/visit-state";

/** One plain-words verdict for the provider's card; the worst problem wins. */
export function summarizeDeviceCheck(check: DeviceCheckInput): DeviceCheckSummary {
  if (check.camera === "blocked") return "camera-blocked";
  if (check.microphone === "blocked") return "microphone-blocked";
  if (check.microphone === "missing") return "no-microphone";
  if (check.camera === "missing") return "no-camera";
  if (check.network === "failed") return "network-failed";
  if (check.network === "relay") return "network-may-need-relay";
  return "ready";
}
