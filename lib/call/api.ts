/** The call's requests to the app server, from the browser. Reports are best effort: a failed one is dropped. */
import type { IceConfig } from "@/lib/call/server/ice-servers";
import type { QualitySample } from "@/lib/call/quality";

export type { IceConfig };

const base = (appointmentId: string) => `/api/visits/${encodeURIComponent(appointmentId)}`;

async function errorText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === "string" ? body.error : `The server answered ${response.status}.`;
}

export async function fetchIceConfig(appointmentId: string, signal?: AbortSignal): Promise<IceConfig> {
  const response = await fetch(`${base(appointmentId)}/ice-servers`, { cache: "no-store", signal });
  if (!response.ok) throw new Error(await errorText(response));
  return (await response.json()) as IceConfig;
}

function report(url: string, body: unknown): void {
  void fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), keepalive: true }).catch(() => undefined);
}

export function reportQuality(appointmentId: string, sample: QualitySample): void {
  report(`${base(appointmentId)}/quality`, sample);
}

export type ConnectionReport =
  | { event: "CONNECTED" | "RECONNECTED"; session: string; localCandidateType: string | null; remoteCandidateType: string | null }
  | { event: "RECONNECTING"; session: string };

export function reportConnection(appointmentId: string, body: ConnectionReport): void {
  report(`${base(appointmentId)}/connection`, body);
}

/** Ends the visit (provider only); resolves with an error message, or null on success. */
export async function requestEndVisit(appointmentId: string): Promise<string | null> {
  try {
    const response = await fetch(`${base(appointmentId)}/end`, { method: "POST" });
    return response.ok ? null : await errorText(response);
  } catch {
    return "The visit could not be ended: check your connection and try again.";
  }
}
