/**
 * The call engine's real peer factory: simple-peer in the browser (types.ts says what a peer must do).
 *
 *   simplePeerFactory(options)  - a peer with the tracks being sent now and explicit ICE servers, its events wired
 *   buildPeer / swapTracks      - construction, and the current tracks put on the running senders (replaceTrack)
 *
 * A warm peer's video goes through media-gate.ts: primed with the camera before Admit, nothing leaving.
 */
import "client-only";
import SimplePeer from "simple-peer";
import { attachSimplePeer } from "@/lib/signalling/pusher-transport";
import { gateMedia, type MediaGate } from "@/lib/call-engine/media-gate";
import type { CallPeer, GateEvents, IceConfig, Outgoing, PeerFactory } from "@/lib/call-engine/types";

/**
 * `mediaPending`: the camera and microphone are still opening. The provider offers anyway (the patient is
 * waiting), with a sending slot per missing kind that swapTracks fills when they arrive: no renegotiation,
 * and the media usually flows before the connection is up.
 */
export function buildPeer(options: {
  initiator: boolean;
  outgoing: Outgoing;
  ice: IceConfig | null;
  mediaPending?: boolean;
  warm?: boolean;
  gateEvents?: GateEvents;
}): {
  peer: SimplePeer.Instance;
  pc: RTCPeerConnection;
  gate: MediaGate | null;
} {
  const { initiator, outgoing, ice, mediaPending = false, warm = false, gateEvents } = options;
  const tracks = [outgoing.audio, outgoing.video].filter((t): t is MediaStreamTrack => t !== null);
  const peer = new SimplePeer({
    initiator,
    objectMode: true,
    stream: tracks.length > 0 ? new MediaStream(tracks) : undefined,
    // Always explicit: with no servers configured this is [], never simple-peer's public STUN defaults.
    // max-bundle: one transport, so one TURN allocation per call instead of one per media line.
    config: { iceServers: ice?.iceServers ?? [], iceTransportPolicy: ice?.iceTransportPolicy ?? "all", bundlePolicy: "max-bundle" },
  });
  // Without a camera or microphone of our own, still offer to receive the other side's; with them on the
  // way, offer to send too, under one stream id so the other side gets one stream with both tracks.
  const slot: RTCRtpTransceiverInit = mediaPending
    ? { direction: "sendrecv", streams: [new MediaStream(tracks)] }
    : { direction: "recvonly" };
  if (initiator && !outgoing.audio) peer.addTransceiver("audio", slot);
  if (initiator && !outgoing.video) peer.addTransceiver("video", slot);
  const pc = (peer as unknown as { _pc: RTCPeerConnection })._pc;
  if (warm && !initiator) keepSendingSlots(pc);
  // Warm pairs are the provider's (the initiator) and the patient's: the patient keeps the provider's key frame ready.
  return { peer, pc, gate: warm ? gateMedia(pc, gateEvents, initiator ? "send" : "ask") : null };
}

/**
 * A warm answer (docs/decisions/0009): the offer's audio and video transceivers carry no track on our side
 * either, and would be answered recvonly, leaving nothing for replaceTrack to fill at Admit. Just before
 * simple-peer creates the answer, each becomes sendrecv under one stream id (so the other side gets one
 * stream with both tracks): the senders exist, negotiated and keyed, and send nothing until a track is put on them.
 */
function keepSendingSlots(pc: RTCPeerConnection): void {
  const createAnswer = pc.createAnswer.bind(pc);
  const stream = new MediaStream();
  pc.createAnswer = ((options?: RTCAnswerOptions) => {
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.direction !== "recvonly" || transceiver.currentDirection === "stopped") continue;
      transceiver.direction = "sendrecv";
      transceiver.sender.setStreams?.(stream);
    }
    return createAnswer(options);
  }) as RTCPeerConnection["createAnswer"];
}

/** Camera/microphone switches and screen share: same senders, new tracks, no renegotiation. */
export function swapTracks(pc: RTCPeerConnection, outgoing: Outgoing): void {
  if (pc.signalingState === "closed") return;
  for (const [kind, track] of [
    ["audio", outgoing.audio],
    ["video", outgoing.video],
  ] as const) {
    const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === kind && t.currentDirection !== "stopped");
    if (transceiver && transceiver.sender.track !== track) void transceiver.sender.replaceTrack(track).catch(() => undefined);
  }
}

/** A simple-peer instance with its events wired to the engine's handlers (the engine hands them on to the signalling). */
export const simplePeerFactory: PeerFactory = ({ initiator, outgoing, ice, mediaPending, warm, events }) => {
  const { peer, pc, gate } = buildPeer({ initiator, outgoing, ice, mediaPending, warm, gateEvents: events.gate });
  peer.on("stream", (stream: MediaStream) => events.stream(stream));
  peer.on("data", (raw: unknown) => events.data(raw));
  peer.on("iceStateChange", (state: RTCIceConnectionState) => events.iceState(state));
  if (gate) peer.on("close", () => gate.close());
  const wired = attachSimplePeer(peer, {
    signal: events.signal,
    connect: events.connect,
    failed: (error) => (error === undefined ? events.close() : events.error(error)),
  });
  const handle: CallPeer = {
    get connected() {
      return peer.connected;
    },
    pc,
    signal: wired.signal,
    send: (text) => peer.send(text),
    getStats: () => (pc.connectionState === "closed" ? Promise.reject(new Error("closed")) : pc.getStats()),
    setTracks: (next) => swapTracks(pc, next),
    prime: (track) => gate?.prime(track),
    // A camera not taken yet by the call leaves the primed one on (the same camera, the dashboard's preview).
    admit: (next) => {
      swapTracks(pc, next.video || !gate?.primed ? next : { ...next, video: gate.primed });
      gate?.open();
    },
    destroy: wired.destroy,
  };
  return handle;
};
