/**
 * simple-peer construction and track swaps for the call (browser only).
 *
 *   buildPeer({ initiator, outgoing, ice, mediaPending }) - a peer with the tracks being sent now and explicit ICE servers
 *   swapTracks(pc, outgoing)                - puts the current tracks on the running senders (replaceTrack)
 */
import SimplePeer from "simple-peer";
import type { IceConfig } from "@/lib/call/api";
import type { Outgoing } from "@/lib/call/use-local-media";

/**
 * `mediaPending`: the camera and microphone are still opening. The provider offers anyway (the patient is
 * waiting), with a sending slot per missing kind that swapTracks fills when they arrive: no renegotiation,
 * and the media usually flows before the connection is up.
 */
export function buildPeer(options: { initiator: boolean; outgoing: Outgoing; ice: IceConfig | null; mediaPending?: boolean }): { peer: SimplePeer.Instance; pc: RTCPeerConnection } {
  const { initiator, outgoing, ice, mediaPending = false } = options;
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
  const slot: RTCRtpTransceiverInit = mediaPending ? { direction: "sendrecv", streams: [new MediaStream(tracks)] } : { direction: "recvonly" };
  if (initiator && !outgoing.audio) peer.addTransceiver("audio", slot);
  if (initiator && !outgoing.video) peer.addTransceiver("video", slot);
  return { peer, pc: (peer as unknown as { _pc: RTCPeerConnection })._pc };
}

/** Camera/microphone switches and screen share: same senders, new tracks, no renegotiation. */
export function swapTracks(pc: RTCPeerConnection, outgoing: Outgoing): void {
  if (pc.signalingState === "closed") return;
  for (const [kind, track] of [["audio", outgoing.audio], ["video", outgoing.video]] as const) {
    const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === kind && t.currentDirection !== "stopped");
    if (transceiver && transceiver.sender.track !== track) void transceiver.sender.replaceTrack(track).catch(() => undefined);
  }
}
