/**
 * Binds outbox, inbox and negotiation to a Pusher presence channel and one peer at a time.
 *
 *   startSignalling(options: SignallingOptions): Signalling
 *     options.channel    - the subscribed `presence-visit-<id>` channel (pusher-js PresenceChannel fits)
 *     options.remoteId   - the other user of this pair: every signal goes `for` them, and only theirs are read
 *     options.pacer      - the connection's pacing window (default: the one of the channel's connection, pacerFor)
 *     options.createPeer - builds a fresh peer and wires its events to the given sink
 *   signalling.stop(): void     - says bye, destroys the peer, unbinds
 *   signalling.admitted(): void - the standby is over, or (initiator) the warm-up (see negotiation.ts)
 *   signalling.state()          - negotiation state; signalling.stats() - what the outbox sent
 *   attachSimplePeer(peer, sink): PeerHandle - wiring for a simple-peer instance
 *
 * Start it once the channel subscription has succeeded (client events before that are refused).
 * Types only: no pusher-js or simple-peer code is imported, so this runs wherever they do.
 */

import type SimplePeer from "simple-peer";
import { events } from "@/lib/realtime/channels";
import { Inbox, type DeliveryInfo, type DropReason } from "./inbox";
import { newSessionId, type IceCandidate, type ReceivedSignal } from "./messages";
import { Negotiation, type NegotiationOptions, type NegotiationOutput, type NegotiationState, type Phase } from "./negotiation";
import { Outbox, systemClock, type Clock, type OutboxOptions, type OutboxStats } from "./outbox";
import { pacerFor, type Pacer } from "./pacer";

export const SIGNAL_EVENT = events.signal;

type SignalCallback = (data: unknown, metadata?: { user_id?: string }) => void;

/** The part of pusher-js's PresenceChannel this needs. */
export interface SignalChannel {
  trigger(eventName: string, data: unknown): boolean;
  bind(eventName: string, callback: SignalCallback): unknown;
  unbind(eventName: string, callback: SignalCallback): unknown;
}

type SocketPath = {
  name?: unknown;
  pusher?: { connection?: { connection?: { transport?: { socket?: { readyState?: number; send?: unknown } } } } };
};

/**
 * pusher-js sends every frame on the next tick (a workaround for a 2012 MobileSafari bug), and a page being
 * unloaded never gets that tick: a bye said in pagehide was lost, and the other side learnt of the reload
 * only when its peer closed. This writes the Pusher-protocol frame pusher-js would write, on its open socket,
 * now. Anything else (not pusher-js, not open): the ordinary trigger.
 */
export function sendAtOnce(channel: SignalChannel, event: string, data: unknown): boolean {
  const path = channel as SignalChannel & SocketPath;
  const socket = path.pusher?.connection?.connection?.transport?.socket;
  if (typeof path.name !== "string" || typeof socket?.send !== "function" || socket.readyState !== 1) return channel.trigger(event, data);
  (socket.send as (frame: string) => void)(JSON.stringify({ event, data, channel: path.name }));
  return true;
}

/** Signals in simple-peer's shapes, minus what this app never sends (pranswer, rollback). */
export type PeerSignal =
  | { type: "offer" | "answer"; sdp: string }
  | { type: "candidate"; candidate: IceCandidate }
  | { type: "renegotiate"; renegotiate: true }
  | { type: "transceiverRequest"; transceiverRequest: { kind: "audio" | "video" } };

export interface PeerSink {
  signal(data: PeerSignal): void;
  connect(): void;
  /** Closed or errored: either way this peer is done. */
  failed(error?: unknown): void;
}

export interface PeerHandle {
  signal(data: PeerSignal): void;
  destroy(): void;
}

export interface SignallingOptions {
  channel: SignalChannel;
  userId: string;
  /**
   * The other user of this pair (a call of three or four has one signalling per pair on one channel): every
   * message is addressed `for` them, and only their messages for us are read. Absent: any sender (one-to-one).
   */
  remoteId?: string;
  initiator: boolean;
  /**
   * The pacing window every outbox of this Pusher connection shares (hosted Pusher counts client events
   * per connection). Default: pacerFor(channel), the one of the channel's connection, with `outbox`'s
   * maxPerWindow/windowMs if this is the first to ask.
   */
  pacer?: Pacer;
  createPeer(sink: PeerSink, session: string): PeerHandle;
  /** Initiator: the responder is on the channel now, so offer at once instead of saying hello first. */
  responderPresent?: boolean;
  /** Responder: checked in but not admitted yet: be ready to answer, but do not ask for an offer. */
  standby?: boolean;
  /** Initiator, warm before Admit: step aside for another page of this user warming the same pair (negotiation.ts). */
  yieldToSiblings?: boolean;
  clock?: Clock;
  newSessionId?: () => string;
  outbox?: Pick<OutboxOptions, "batchMs" | "maxBytes" | "maxPerWindow" | "windowMs">;
  negotiation?: Omit<NegotiationOptions, "initiator" | "now" | "newSessionId">;
  gapWaitMs?: number;
  onPhase?(phase: Phase): void;
  onRemoteSession?(session: string, info: DeliveryInfo): void;
  onDrop?(reason: DropReason, data: unknown): void;
  /** The current peer errored (it is rebuilt per the negotiation policy); for logs. */
  onPeerError?(error: unknown): void;
}

export interface Signalling {
  stop(): void;
  admitted(): void;
  state(): Readonly<NegotiationState>;
  stats(): OutboxStats;
}

export function startSignalling(options: SignallingOptions): Signalling {
  const { channel, initiator } = options;
  const clock = options.clock ?? systemClock;
  const machine = new Negotiation({
    ...options.negotiation,
    initiator,
    now: () => clock.now(),
    newSessionId: options.newSessionId ?? newSessionId,
  });
  const pacer =
    options.pacer ?? pacerFor(channel, { clock, maxPerWindow: options.outbox?.maxPerWindow, windowMs: options.outbox?.windowMs });
  const outbox = new Outbox({
    ...options.outbox,
    pacer,
    from: options.userId,
    ...(options.remoteId ? { for: options.remoteId } : {}),
    session: machine.state.session,
    clock,
    // A bye is sent from pagehide, where pusher-js's deferred send would never run (see sendAtOnce).
    send: (message) => void (message.kind === "bye" ? sendAtOnce(channel, SIGNAL_EVENT, message) : channel.trigger(SIGNAL_EVENT, message)),
  });
  const inbox = new Inbox({
    self: options.userId,
    ...(options.remoteId ? { remote: options.remoteId } : {}),
    localSession: machine.state.session,
    clock,
    gapWaitMs: options.gapWaitMs,
    onDrop: options.onDrop,
    onOverheard: (by, message) => dispatch({ type: "overheard", by, message }),
    deliver: (message, info) => {
      if (info.newSession) options.onRemoteSession?.(message.session, info);
      dispatch({ type: "message", message });
    },
  });

  let peer: PeerHandle | null = null;
  /** What a peer built ahead has said (negotiation.ts, `prime`), kept until the responder's hello releases it. */
  let held: PeerSignal[] | null = null;
  let generation = 0; // events from a peer we already replaced must not count
  let cancelDeadline: (() => void) | null = null;
  let phase = machine.state.phase;

  const onSignal: SignalCallback = (data, metadata) => inbox.receive(data, metadata?.user_id);
  channel.bind(SIGNAL_EVENT, onSignal);
  dispatch({
    type: "start",
    responderPresent: options.responderPresent === true,
    standby: options.standby === true,
    yieldToSiblings: options.yieldToSiblings === true,
  });

  function dispatch(event: Parameters<Negotiation["handle"]>[0]): void {
    for (const output of machine.handle(event)) run(output);
    cancelDeadline?.();
    cancelDeadline = null;
    const deadline = machine.state.deadline;
    if (deadline !== null) {
      cancelDeadline = clock.setTimer(() => dispatch({ type: "timeout" }), Math.max(0, deadline - clock.now()));
    }
    if (machine.state.phase !== phase) {
      phase = machine.state.phase;
      options.onPhase?.(phase);
    }
  }

  function run(output: NegotiationOutput): void {
    switch (output.type) {
      case "build-peer": {
        destroyPeer();
        outbox.setSession(output.session);
        inbox.setLocalSession(output.session);
        const mine = ++generation;
        const current = () => mine === generation;
        held = output.hold ? [] : null;
        peer = options.createPeer(
          {
            signal: (data) => current() && (held ? void held.push(data) : outgoing(data)),
            connect: () => current() && dispatch({ type: "connected" }),
            failed: (error) => {
              if (!current()) return;
              if (error !== undefined) options.onPeerError?.(error);
              dispatch({ type: "peer-failed" });
            },
          },
          output.session,
        );
        return;
      }
      case "destroy-peer":
        return destroyPeer();
      case "release":
        return release();
      case "apply":
        return apply(output.message);
      case "send":
        outbox.post(output.body, output.to);
        return;
      case "failed":
        return; // surfaced through onPhase("failed")
    }
  }

  function release(): void {
    const said = held ?? [];
    held = null;
    const candidates = said.flatMap((data) => (data.type === "candidate" ? [data.candidate] : []));
    for (const data of said) if (data.type !== "candidate") outgoing(data);
    // Gathered while held: one message, after the offer.
    if (candidates.length > 0) outbox.post({ kind: "candidates", candidates });
  }

  function destroyPeer(): void {
    held = null;
    generation++;
    peer?.destroy();
    peer = null;
  }

  /** The responder addresses the initiator session it is paired with; see negotiation.ts. */
  function outgoing(data: PeerSignal): void {
    const to = initiator ? undefined : (machine.state.remote ?? undefined);
    switch (data.type) {
      case "candidate":
        outbox.candidate(data.candidate, to);
        return;
      case "offer":
      case "answer":
        outbox.post({ kind: "description", type: data.type, sdp: data.sdp }, to);
        return;
      case "renegotiate":
        outbox.post({ kind: "renegotiate" }, to);
        return;
      case "transceiverRequest":
        outbox.post({ kind: "renegotiate", transceiver: { kind: data.transceiverRequest.kind } }, to);
        return;
    }
  }

  function apply(message: ReceivedSignal): void {
    if (!peer) return;
    switch (message.kind) {
      case "description":
        return peer.signal({ type: message.type, sdp: message.sdp });
      case "candidates":
        for (const candidate of message.candidates) peer?.signal({ type: "candidate", candidate });
        return;
      case "renegotiate":
        return peer.signal(
          message.transceiver
            ? { type: "transceiverRequest", transceiverRequest: { kind: message.transceiver.kind } }
            : { type: "renegotiate", renegotiate: true },
        );
      default:
        return;
    }
  }

  return {
    stop() {
      dispatch({ type: "stop" }); // bye goes out now if the pacing window allows
      cancelDeadline?.();
      cancelDeadline = null;
      outbox.close();
      inbox.close();
      channel.unbind(SIGNAL_EVENT, onSignal);
    },
    admitted: () => dispatch({ type: "admitted" }),
    state: () => machine.state,
    stats: () => outbox.stats(),
  };
}

/** Wires a simple-peer instance to the sink; data, tracks and streams stay the caller's business. */
export function attachSimplePeer(peer: SimplePeer.Instance, sink: PeerSink): PeerHandle {
  peer.on("signal", (data: SimplePeer.SignalData) => {
    const signal = fromSimplePeer(data);
    if (signal) sink.signal(signal);
  });
  peer.on("connect", () => sink.connect());
  peer.on("close", () => sink.failed());
  peer.on("error", (error: Error) => sink.failed(error));
  return {
    signal: (data) => {
      if (peer.destroyed) return;
      // simple-peer's types say RTCIceCandidate, but it only passes the object to `new RTCIceCandidate()`.
      if (data.type === "candidate") peer.signal({ type: "candidate", candidate: data.candidate as RTCIceCandidate });
      else peer.signal(data);
    },
    destroy: () => peer.destroy(),
  };
}

function fromSimplePeer(data: SimplePeer.SignalData): PeerSignal | null {
  if ("candidate" in data && data.type === "candidate") {
    const { candidate, sdpMid, sdpMLineIndex } = data.candidate;
    return { type: "candidate", candidate: { candidate, sdpMid, sdpMLineIndex } };
  }
  if (data.type === "renegotiate") return { type: "renegotiate", renegotiate: true };
  if (data.type === "transceiverRequest" && "transceiverRequest" in data) {
    const kind = data.transceiverRequest.kind;
    return kind === "audio" || kind === "video" ? { type: "transceiverRequest", transceiverRequest: { kind } } : null;
  }
  if ((data.type === "offer" || data.type === "answer") && "sdp" in data && typeof data.sdp === "string") {
    return { type: data.type, sdp: data.sdp };
  }
  return null;
}
