// Browser media helpers for the device check; the words they return are shown to patients as they are.
import { visitsApi } from "@/lib/api-client/visits";
export type DeviceStatus = "ok" | "blocked" | "missing";

export function mediaErrorStatus(error: unknown): DeviceStatus {
  const name = error instanceof DOMException ? error.name : "";
  return name === "NotAllowedError" || name === "SecurityError" ? "blocked" : "missing";
}

export async function listDevices(kind: "videoinput" | "audioinput"): Promise<MediaDeviceInfo[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === kind);
}

/** Plays a short tone so the patient can confirm they hear sound. */
export async function playTestTone(): Promise<void> {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = 523;
  gain.gain.setValueAtTime(0.15, context.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 1.2);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start();
  oscillator.stop(context.currentTime + 1.2);
  await new Promise((r) => setTimeout(r, 1300));
  await context.close();
}

export type NetworkResult = { network: "direct" | "relay" | "no-relay" | "failed"; relayAvailable: boolean; candidateTypes: string[] };

/**
 * Gathers ICE candidates against the configured STUN/TURN servers (never public defaults) and reports
 * whether a direct path and a relay were found.
 */
export async function testConnectivity(appointmentId: string, timeoutMs = 5000): Promise<NetworkResult> {
  // Without ICE servers (the request failed) we can still test direct connectivity.
  const ice = await visitsApi.iceServers(appointmentId);
  const iceServers: RTCIceServer[] = ice.ok ? ice.data.iceServers : [];
  const turnConfigured = iceServers.some((s) => [s.urls].flat().some((u) => u.startsWith("turn")));
  const pc = new RTCPeerConnection({ iceServers });
  const types = new Set<string>();
  try {
    pc.createDataChannel("probe");
    const done = new Promise<void>((resolve) => {
      pc.onicecandidate = (e) => {
        if (!e.candidate) return resolve();
        if (e.candidate.type) types.add(e.candidate.type);
      };
      setTimeout(resolve, timeoutMs);
    });
    await pc.setLocalDescription(await pc.createOffer());
    await done;
  } finally {
    pc.close();
  }
  const relayAvailable = types.has("relay");
  const direct = types.has("host") || types.has("srflx");
  const network = types.size === 0 ? "failed" : direct ? (turnConfigured && !relayAvailable ? "no-relay" : "direct") : "relay";
  return { network, relayAvailable, candidateTypes: [...types] };
}
