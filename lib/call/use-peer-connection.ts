"use client";
/**
 * One call's peer connection, rebuilt by itself whenever it breaks.
 *
 * simple-peer runs inside lib/signalling's `startSignalling` on the visit's presence channel (the
 * provider is the initiator; when the patient is on the channel already it offers at once). The patient
 * starts in `standby` while waiting to be admitted: peer built, camera on, ready to answer the offer that
 * only the provider's Admit makes; `offered` says that offer came. A new peer is built when the
 * negotiation policy says so (the other side
 * reloaded, its signals went missing, the peer closed or ICE failed) and also here when ICE stays
 * `disconnected` for DISCONNECT_GRACE_MS: destroying the peer makes the policy rebuild it. Peers are
 * built by lib/call/peer-tracks.ts. CONNECTED / RECONNECTING / RECONNECTED go to the connection
 * endpoint. Ending (`ended`) or unmounting says bye and destroys the peer (freeing its TURN allocation).
 */
import type SimplePeer from "simple-peer";
import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import { attachSimplePeer, startSignalling, type PeerSink, type SignalChannel, type Signalling } from "@/lib/signalling/pusher-transport";
import type { Phase } from "@/lib/signalling/negotiation";
import { reportConnection } from "@/lib/call/api";
import { useIceConfig } from "@/lib/call/use-ice-config";
import { connectionKind, snapshotFromStats } from "@/lib/call/quality";
import { encodeData, parseData, type DataMessage } from "@/lib/call/data-messages";
import { buildPeer, swapTracks } from "@/lib/call/peer-tracks";
import { exposeCall, type CallTimings } from "@/lib/call/test-hook";
import type { Outgoing } from "@/lib/call/use-local-media";
import { isPresent } from "@/lib/call/use-other-present";

export type CallStatus = "connecting" | "connected" | "reconnecting";
export type ConnectionType = "direct" | "relayed";

export const DISCONNECT_GRACE_MS = 2500;
const RESTART_AFTER_FAILURE_MS = 3000;
const CANDIDATES_SETTLE_MS = 1000;

type Current = { peer: SimplePeer.Instance; pc: RTCPeerConnection; session: string };

export type PeerOptions = {
  appointmentId: string;
  selfId: string;
  initiator: boolean;
  channel: SignalChannel;
  /** The other participant's user id: the initiator offers at once if they are on the channel. */
  otherId: string;
  /** Responder: checked in, not admitted yet (see negotiation.ts). Turning false tells the negotiation. */
  standby?: boolean;
  outgoing: Outgoing;
  /**
   * Local media settled (granted or refused). The patient's first peer waits for it, so its answer carries
   * the tracks; the provider's does not (the patient is waiting for the offer): its tracks join when ready.
   */
  mediaReady: boolean;
  ended: boolean;
  onMessage(message: DataMessage): void;
  /** A peer connected (first time or again): say what the other side should know. */
  onConnected(send: (message: DataMessage) => boolean): void;
};

export function usePeerConnection(options: PeerOptions) {
  const { appointmentId, selfId, initiator, channel, otherId, mediaReady, ended, standby = false } = options;
  const [status, setStatus] = useState<CallStatus>("connecting");
  const [remoteStream, setRemoteStream] = useState<MediaStream | null>(null);
  const [connectionType, setConnectionType] = useState<ConnectionType | null>(null);
  const [relayedEver, setRelayedEver] = useState(false);
  const [firstConnectedAt, setFirstConnectedAt] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [restarts, setRestarts] = useState(0);
  const [offered, setOffered] = useState(false);
  const current = useRef<Current | null>(null);
  const signallingRef = useRef<Signalling | null>(null);
  const standbyRef = useRef(standby);
  const latest = useRef({ outgoing: options.outgoing, mediaReady, onMessage: options.onMessage, onConnected: options.onConnected });
  const everConnected = useRef(false);
  const reportedReconnecting = useRef(new Set<string>());
  const timings = useRef<CallTimings>({ mountedAt: 0, mediaReadyAt: null, iceConfigAt: null, firstPeerAt: null, firstConnectedAt: null, lastConnectedAt: null, peers: 0, connects: 0 });

  const send = useCallback((message: DataMessage): boolean => {
    const peer = current.current?.peer;
    if (!peer?.connected) return false;
    try {
      peer.send(encodeData(message));
      return true;
    } catch {
      return false;
    }
  }, []);

  useEffect(() => {
    latest.current = { outgoing: options.outgoing, mediaReady, onMessage: options.onMessage, onConnected: options.onConnected };
  });

  useEffect(() => {
    timings.current.mountedAt = performance.now();
    return exposeCall(() => current.current, timings.current);
  }, []);
  useEffect(() => void (mediaReady && (timings.current.mediaReadyAt ??= performance.now())), [mediaReady]);

  const ice = useIceConfig(appointmentId, {
    enabled: !ended,
    attempt: restarts,
    onLoaded: () => void (timings.current.iceConfigAt ??= performance.now()),
  });
  const iceReady = ice.ready;
  const iceConfig = ice.current;

  const canBuild = mediaReady || initiator;
  useEffect(() => {
    if (!canBuild || !iceReady || ended) return;
    const abort = new AbortController();
    let disconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let restartTimer: ReturnType<typeof setTimeout> | undefined;
    let connectedSession: string | null = null;

    const lost = (session: string | null) => {
      if (abort.signal.aborted || !everConnected.current) return;
      setStatus("reconnecting");
      if (session && !reportedReconnecting.current.has(session)) {
        reportedReconnecting.current.add(session);
        reportConnection(appointmentId, { event: "RECONNECTING", session });
      }
    };

    const connected = (entry: Current) => {
      clearTimeout(disconnectTimer);
      const first = !everConnected.current;
      everConnected.current = true;
      connectedSession = entry.session;
      const now = performance.now();
      timings.current.connects++;
      timings.current.lastConnectedAt = now;
      timings.current.firstConnectedAt ??= now;
      if (first) setFirstConnectedAt(Date.now());
      setStatus("connected");
      setProblem(null);
      latest.current.onConnected(send);
      // The pair's remote candidate can read "prflx" for a moment (its trickled description not in yet): look again shortly.
      const describe = (record: boolean) =>
        void entry.pc.getStats().then((report) => {
          if (current.current !== entry) return;
          const snap = snapshotFromStats(report);
          const kind = connectionKind(snap);
          if (kind) setConnectionType(kind);
          if (kind === "relayed") setRelayedEver(true);
          const { localCandidateType, remoteCandidateType } = snap;
          if (record) reportConnection(appointmentId, { event: first ? "CONNECTED" : "RECONNECTED", session: entry.session, localCandidateType, remoteCandidateType });
        });
      describe(false);
      setTimeout(() => describe(true), CANDIDATES_SETTLE_MS);
    };

    const createPeer = (sink: PeerSink, session: string) => {
      const { peer, pc } = buildPeer({ initiator, outgoing: latest.current.outgoing, ice: iceConfig(), mediaPending: !latest.current.mediaReady });
      const entry: Current = { peer, session, pc };
      current.current = entry;
      timings.current.peers++;
      timings.current.firstPeerAt ??= performance.now();
      const isCurrent = () => current.current === entry && !abort.signal.aborted;
      peer.on("stream", (stream: MediaStream) => isCurrent() && setRemoteStream(stream));
      peer.on("connect", () => isCurrent() && connected(entry));
      peer.on("data", (raw: unknown) => {
        const message = parseData(raw);
        if (message && isCurrent()) latest.current.onMessage(message);
      });
      peer.on("iceStateChange", (state: RTCIceConnectionState) => {
        if (!isCurrent()) return;
        if (state === "disconnected") {
          lost(session);
          clearTimeout(disconnectTimer);
          // Often ICE recovers by itself within a second or two; if not, a fresh peer is quicker than waiting for "failed".
          disconnectTimer = setTimeout(() => isCurrent() && peer.destroy(), DISCONNECT_GRACE_MS);
        } else if ((state === "connected" || state === "completed") && peer.connected) {
          clearTimeout(disconnectTimer);
          setStatus("connected");
        }
      });
      peer.on("close", () => isCurrent() && lost(session));
      return attachSimplePeer(peer, sink);
    };

    const onPhase = (phase: Phase) => {
      // Not urgent: the patient's view switching to the call must not hold up the answer it is about to send.
      startTransition(() => setOffered(phase === "negotiating" || phase === "connected"));
      if (phase === "connected") return; // the peer's connect event says it, with the details
      lost(connectedSession);
      if (phase === "failed") {
        setProblem("The connection could not be set up. Trying again…");
        restartTimer = setTimeout(() => setRestarts((n) => n + 1), RESTART_AFTER_FAILURE_MS);
      }
    };

    const signalling: Signalling = startSignalling({
      channel,
      userId: selfId,
      initiator,
      createPeer,
      onPhase,
      responderPresent: initiator && isPresent(channel, otherId),
      standby: !initiator && standbyRef.current,
    });
    signallingRef.current = signalling;

    // Leaving the page: say bye so the other side rebuilds at once instead of waiting for ICE to time out.
    const onPageHide = () => signalling.stop();
    const onPageShow = (event: PageTransitionEvent) => event.persisted && setRestarts((n) => n + 1);
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("pageshow", onPageShow);
    return () => {
      abort.abort();
      clearTimeout(disconnectTimer);
      clearTimeout(restartTimer);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
      signalling.stop(); // bye, and peer.destroy(): frees the TURN allocation
      if (signallingRef.current === signalling) signallingRef.current = null;
      current.current = null;
    };
  }, [appointmentId, selfId, initiator, channel, otherId, canBuild, iceReady, iceConfig, ended, restarts, send]);

  // Admitted: the same peer stays (it may be mid-offer); only the negotiation learns it may now chase a missing offer.
  useEffect(() => {
    standbyRef.current = standby;
    if (!standby) signallingRef.current?.admitted();
  }, [standby]);

  // Camera/microphone switches and screen share: swap the track on the running peer, no renegotiation.
  const { audio, video } = options.outgoing;
  useEffect(() => {
    const pc = current.current?.pc;
    if (pc) swapTracks(pc, { audio, video });
  }, [audio, video]);

  const getPc = useCallback(() => current.current?.pc ?? null, []);

  return { status, offered, remoteStream, connectionType, relayedEver, firstConnectedAt, problem: problem ?? ice.problem, send, getPc };
}
