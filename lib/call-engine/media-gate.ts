/**
 * A warm connection's video, primed (docs/decisions/0009-warm-connections.md): the camera goes on the
 * video sender before Admit behind an encoded transform that drops every frame in this browser, so the
 * encoder is already running when Admit opens the gate; the receiver's transform lets this side ask the
 * other for a key frame at that moment. Starting an encoder takes about 100 ms here; opening the gate takes
 * a frame.
 *
 *   gateMedia(pc)   - the gate for a warm peer's video transceiver, or null where the browser has no
 *                     RTCRtpScriptTransform (the warm connection then works as before: tracks at Admit)
 *   gate.prime(t)   - the camera on the sender, nothing leaving
 *   gate.open()     - Admit: frames flow from the next key frame, and the other side is asked for one
 *
 * `keptKey` (frame-gate.ts): the provider's gate sends a key frame of up to KEPT_KEY_MS before the click
 * (`send`), which the patient's receiver keeps asking for while warm (`ask`).
 *
 * A tab primes at most PRIMED_MAX encoders at once (each costs about 6 % of a core here): the dashboard with
 * five patients waiting primes the first two to connect, and the next when one of them is admitted or leaves;
 * the others connect warm and put their camera on at Admit, as before.
 *
 * It fails closed: Chromium sends an encoder's frames straight on until the worker has taken up the
 * sender's transform, so the camera goes on only after the worker says it has (or, failing that, at Admit).
 */
import "client-only";
import { KEPT_KEY_MS, type GatePassage } from "@/lib/call-engine/frame-gate";
import type { GateEvents } from "@/lib/call-engine/types";

export type MediaGate = {
  /** The camera's track on the gated video sender, once the gate is known to hold (null: none). */
  prime(track: MediaStreamTrack | null): void;
  /** The track the sender holds now, if primed. */
  readonly primed: MediaStreamTrack | null;
  open(): void;
  /** The peer is gone: its place among the primed goes to another. */
  close(): void;
};

export const PRIMED_MAX = 2;
const primedGates = new Set<object>();
/** Gates that want to prime and have no place yet, each with its retry. */
const waitingGates = new Map<object, () => void>();

function releasePlace(gate: object): void {
  waitingGates.delete(gate);
  if (!primedGates.delete(gate)) return;
  for (const retry of [...waitingGates.values()]) {
    if (primedGates.size >= PRIMED_MAX) break;
    retry();
  }
}

let worker: Worker | null = null;
let nextId = 1;
const readyWaiters = new Map<number, () => void>();
const passedWatchers = new Map<number, (by: GatePassage, afterMs: number) => void>();
const arrivedWatchers = new Map<number, (at: number) => void>();
type FromWorker = { ready?: number; passed?: number; by?: GatePassage; afterMs?: number; arrived?: number; at?: number };

function gateWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL("./media-gate.worker.ts", import.meta.url), { name: "media-gate" });
  worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
    if (typeof data.ready === "number") {
      readyWaiters.get(data.ready)?.();
      readyWaiters.delete(data.ready);
    } else if (typeof data.passed === "number" && data.by) {
      passedWatchers.get(data.passed)?.(data.by, data.afterMs ?? 0);
      passedWatchers.delete(data.passed);
    } else if (typeof data.arrived === "number" && typeof data.at === "number") {
      arrivedWatchers.get(data.arrived)?.(data.at - performance.timeOrigin);
      arrivedWatchers.delete(data.arrived);
    }
  };
  return worker;
}

/** The video transceiver of a warm peer (created by the offer, or by the answer's setRemoteDescription). */
function videoTransceiver(pc: RTCPeerConnection): RTCRtpTransceiver | undefined {
  return pc.getTransceivers().find((t) => t.receiver.track.kind === "video" && t.currentDirection !== "stopped");
}

/** `events`: what tests and the bench read of the gate (types.ts). */
export function gateMedia(pc: RTCPeerConnection, events: GateEvents = {}, keptKey?: "send" | "ask"): MediaGate | null {
  const { passed, arrived } = events;
  if (typeof RTCRtpScriptTransform !== "function" || typeof Worker !== "function") return null;
  let sender: { id: number; transceiver: RTCRtpTransceiver; ready: boolean } | null = null;
  let receiver: { id: number } | null = null;
  let opened = false;
  let wanted: MediaStreamTrack | null = null;
  let primed: MediaStreamTrack | null = null;

  const self = {};
  const apply = () => {
    if (opened || !sender?.ready || pc.signalingState === "closed" || sender.transceiver.sender.track === wanted) return;
    if (wanted && !primedGates.has(self)) {
      if (primedGates.size >= PRIMED_MAX) return void waitingGates.set(self, apply);
      waitingGates.delete(self);
      primedGates.add(self);
    }
    primed = wanted;
    void sender.transceiver.sender.replaceTrack(wanted).catch(() => undefined);
  };

  /** The transforms go on as soon as the transceiver exists: the offerer's at once, the answerer's with the offer. */
  const attach = (): boolean => {
    // Admitted before the offer came (the server's word first): an ordinary peer from the start, no gate.
    if (opened && !sender) return false;
    const transceiver = videoTransceiver(pc);
    if (!transceiver) return false;
    const w = gateWorker();
    if (!sender) {
      const entry = { id: nextId++, transceiver, ready: false };
      sender = entry;
      readyWaiters.set(entry.id, () => {
        entry.ready = true;
        apply();
      });
      const recentMs = keptKey === "send" ? KEPT_KEY_MS : undefined;
      transceiver.sender.transform = new RTCRtpScriptTransform(w, { id: entry.id, side: "send", recentMs });
    }
    if (!receiver) {
      receiver = { id: nextId++ };
      if (arrived) arrivedWatchers.set(receiver.id, arrived);
      transceiver.receiver.transform = new RTCRtpScriptTransform(w, { id: receiver.id, side: "receive" });
      if (keptKey === "ask") w.postMessage({ id: receiver.id, op: "keep" });
    }
    return true;
  };
  if (!attach()) pc.addEventListener("track", () => attach());

  /** Opened or gone: no more priming, and its place and its wait for the worker are given up. */
  const settle = () => {
    opened = true;
    releasePlace(self);
    if (sender) readyWaiters.delete(sender.id);
  };

  return {
    get primed() {
      return primed;
    },
    prime(track) {
      if (opened) return;
      wanted = track;
      if (attach()) apply();
    },
    close() {
      settle();
      if (sender) passedWatchers.delete(sender.id);
      if (receiver) arrivedWatchers.delete(receiver.id);
    },
    open() {
      if (opened) return;
      settle();
      if (!attach()) return;
      const w = gateWorker();
      if (sender && passed) passedWatchers.set(sender.id, passed);
      if (sender) w.postMessage({ id: sender.id, op: "open" });
      if (receiver) w.postMessage({ id: receiver.id, op: "key" });
    },
  };
}
