/**
 * Every visit event in words, in time order, for the admin's session detail. Pure.
 * Runs of consecutive QUALITY samples (one per side every ~5 s) become one entry that lists each sample,
 * so a half-hour call reads as a story rather than 700 lines; no event is left out.
 */
import { describeDeviceCheck, type DeviceCheckSummary } from "@/lib/visits/visit-state";
import type { FigureAppointment, FigureEvent } from "@/lib/admin/session-figures";

export type TimelinePeople = Pick<FigureAppointment, "patientId" | "providerId"> & {
  patientName: string;
  providerName: string;
  /** The visit's guests, removed ones too, by their user id: a name and a label ("Spanish interpreter"). */
  guests?: readonly { id: string; name: string; label: string }[];
};
export type TimelineEvent = FigureEvent & { id: string };
export type TimelineItem =
  | { kind: "event"; id: string; type: FigureEvent["type"]; at: Date; text: string }
  | { kind: "quality"; id: string; at: Date; until: Date; text: string; samples: { id: string; at: Date; text: string }[] };

const get = (data: unknown, key: string): unknown =>
  typeof data === "object" && data !== null ? (data as Record<string, unknown>)[key] : undefined;
const num = (data: unknown, key: string): number | null => {
  const v = get(data, key);
  return typeof v === "number" && Number.isFinite(v) ? v : null;
};

function who(people: TimelinePeople, actorId: string | null): string {
  if (actorId === null) return "The system";
  if (actorId === people.patientId) return `${people.patientName} (patient)`;
  if (actorId === people.providerId) return `${people.providerName} (provider)`;
  const guest = people.guests?.find((g) => g.id === actorId);
  if (guest) return `${guest.name} (guest, ${guest.label})`;
  return `Another user (${actorId})`;
}

/** " with <the other side>" for a report naming its pair (data.peer, a mesh call); "" for a one-to-one report. */
function withPeer(people: TimelinePeople, data: unknown): string {
  const peer = get(data, "peer");
  return typeof peer === "string" ? ` with ${who(people, peer)}` : "";
}

function guestNamed(people: TimelinePeople, data: unknown): string {
  const id = get(data, "guestId");
  const name = get(data, "name");
  const known = typeof id === "string" ? people.guests?.find((g) => g.id === id) : undefined;
  if (known) return `${known.name} (${known.label})`;
  return typeof name === "string" ? name : "a guest";
}

function route(data: unknown): string {
  const relayed = get(data, "relayed") === true;
  const local = get(data, "localCandidateType");
  const remote = get(data, "remoteCandidateType");
  const types = typeof local === "string" || typeof remote === "string" ? `; ${String(local ?? "?")} to ${String(remote ?? "?")}` : "";
  return `${relayed ? "relayed through TURN" : "direct"}${types}`;
}

export function describeQuality(data: unknown): string {
  const parts = [String(get(data, "quality") ?? "unrated")];
  const rtt = num(data, "rttMs");
  const loss = num(data, "packetLossPct");
  const inKbps = num(data, "inKbps");
  const outKbps = num(data, "outKbps");
  if (rtt !== null) parts.push(`round trip ${rtt} ms`);
  if (loss !== null) parts.push(`loss ${loss} %`);
  if (inKbps !== null || outKbps !== null) parts.push(`receiving ${inKbps ?? "?"} kbps, sending ${outKbps ?? "?"} kbps`);
  return parts.join(", ");
}

/**
 * `beforeAdmit`: the patient has not been admitted yet, so a patient's or provider's JOINED/LEFT is about the
 * waiting room and the provider having the visit open (a warm connection then, docs/decisions/0009), not a call.
 */
export function describeEvent(people: TimelinePeople, e: FigureEvent, { beforeAdmit = false } = {}): string {
  const actor = who(people, e.actorId);
  const waiting = beforeAdmit && (e.actorId === people.patientId || e.actorId === people.providerId);
  switch (e.type) {
    case "DEVICE_CHECK": {
      const summary = get(e.data, "summary");
      return `${actor} checked their devices: ${typeof summary === "string" ? (describeDeviceCheck(summary as DeviceCheckSummary) ?? summary) : "no result"}`;
    }
    case "CHECKED_IN":
      return `${actor} checked in and is waiting`;
    case "RUNNING_LATE":
      return `${actor} said they are running ${num(e.data, "minutes") ?? "a few"} minutes late`;
    case "ADMITTED":
      return `${actor} admitted ${get(e.data, "guest") === true ? guestNamed(people, e.data) : people.patientName}`;
    case "GUEST_INVITED":
      return `${actor} invited ${guestNamed(people, e.data)} as a guest`;
    case "GUEST_REMOVED":
      return `${actor} removed ${guestNamed(people, e.data)}; their link stopped working`;
    case "JOINED":
      if (!waiting) return `${actor} joined the call`;
      return e.actorId === people.patientId
        ? `${actor} opened the visit page`
        : `${actor} opened the visit before admitting (the connection may be prepared; no audio or video before Admit)`;
    case "LEFT":
      if (!waiting) return `${actor} left the call`;
      return e.actorId === people.patientId ? `${actor} closed the visit page` : `${actor} closed the visit before admitting`;
    case "CONNECTED":
      return `${actor} connected${withPeer(people, e.data)} (${route(e.data)})`;
    case "RECONNECTING":
      return `${actor} lost the connection${withPeer(people, e.data)} and is reconnecting`;
    case "RECONNECTED":
      return `${actor} reconnected${withPeer(people, e.data)} (${route(e.data)})`;
    case "QUALITY":
      return `${actor}${withPeer(people, e.data)}: ${describeQuality(e.data)}`;
    case "ENDED":
      return `${actor} ended the visit`;
    case "NO_SHOW":
      return e.actorId === null ? "Marked as a no-show automatically" : `${actor} marked the visit as a no-show`;
    case "BOOKED_BY_STAFF":
      return `${actor} booked this visit for ${people.patientName}${get(e.data, "newPatient") === true ? " (a new patient, invited by email)" : ""}`;
    case "REMINDER_SENT":
      return `Reminder sent ${String(get(e.data, "offset") ?? "")} before the visit`.replace("  ", " ");
    case "REMINDER_FAILED":
      return `A reminder (${String(get(e.data, "offset") ?? "?")} before) could not be sent: ${String(get(e.data, "error") ?? "unknown error")}; it will be retried`;
    case "LINK_USED":
      return `${actor} opened the visit from their emailed link`;
    case "LINK_RESENT":
      return `${actor} sent the patient a new join link; the earlier links stopped working`;
    default:
      return `${actor}: ${String(e.type)}`;
  }
}

function runSummary(people: TimelinePeople, run: TimelineEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of run) counts.set(who(people, e.actorId), (counts.get(who(people, e.actorId)) ?? 0) + 1);
  const bySide = [...counts].map(([name, n]) => `${n} from ${name}`).join(", ");
  return `${run.length} quality sample${run.length === 1 ? "" : "s"} (${bySide})`;
}

export function buildTimeline(people: TimelinePeople, events: readonly TimelineEvent[]): TimelineItem[] {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.id) - Number(b.id));
  const items: TimelineItem[] = [];
  let run: TimelineEvent[] = [];
  const flush = () => {
    const first = run[0];
    const last = run.at(-1);
    if (first && last) {
      const samples = run.map((e) => ({ id: e.id, at: e.at, text: describeEvent(people, e) }));
      items.push({ kind: "quality", id: first.id, at: first.at, until: last.at, text: runSummary(people, run), samples });
    }
    run = [];
  };
  let admitted = false;
  for (const e of sorted) {
    if (e.type === "QUALITY") {
      run.push(e);
      continue;
    }
    flush();
    if (e.type === "ADMITTED" && get(e.data, "guest") !== true) admitted = true;
    items.push({ kind: "event", id: e.id, type: e.type, at: e.at, text: describeEvent(people, e, { beforeAdmit: !admitted }) });
  }
  flush();
  return items;
}
