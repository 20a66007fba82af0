"use client";
/**
 * The call between an admitted patient and their provider.
 *
 * The visit room renders it once the visit is admitted, with the presence channel it has already
 * subscribed. It keeps the call up by itself (see lib/call/use-peer-connection.ts): nobody has to click
 * anything after a reload or a network change. When the provider ends the visit, both sides see a
 * summary: the provider right away, the patient through the data channel or the `ended` prop (the room
 * learns it from the "visit-state" event). Keep rendering <CallRoom ended /> after the end so the
 * summary stays on screen; `onEnded` tells the room to refetch the visit.
 *
 * The patient's room renders it as soon as they have checked in, in `standby`: camera, ICE configuration
 * and a peer ready to answer, showing `waiting` (the waiting room's words) and their own picture. The
 * call appears when the provider's offer comes (only their Admit makes one), without waiting for the
 * room to hear of the admission; `standby` turns false once the server says the patient is admitted.
 *
 * Test hooks: the root's `data-call-status` (connecting | connected | reconnecting | ended) and
 * `data-connection-type` (direct | relayed), and `window.__consultCall` (lib/call/test-hook.ts).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { requestEndVisit } from "@/lib/call/api";
import type { ChatLine, DataMessage, MediaState } from "@/lib/call/data-messages";
import { useCallStats } from "@/lib/call/use-call-stats";
import { useLocalMedia } from "@/lib/call/use-local-media";
import { usePeerConnection } from "@/lib/call/use-peer-connection";
import { useOtherPresent } from "@/lib/call/use-other-present";
import type { SignalChannel } from "@/lib/signalling/pusher-transport";
import { CallControls } from "@/components/call/call-controls";
import { CallSummary } from "@/components/call/call-summary";
import { CallTimer, QualityBadge } from "@/components/call/call-status";
import { ChatPanel } from "@/components/call/chat-panel";
import { SelfPreview, VideoStage } from "@/components/call/video-stage";

export type CallRoomProps = {
  appointmentId: string;
  self: { id: string; name: string; role: "PATIENT" | "PROVIDER" };
  other: { id: string; name: string };
  /** pusher-js PresenceChannel for `presence-visit-<appointmentId>`, subscription already succeeded. */
  channel: SignalChannel;
  onEnded: () => void;
  /** The visit has ended (the room knows from the server): destroy the peer and show the summary. */
  ended?: boolean;
  /** When the call started (e.g. the visit's admittedAt), for the timer; defaults to the first connection here. */
  startedAt?: string | null;
  /** Patient checked in, not admitted yet: get ready, show `waiting` until the provider's offer comes. */
  standby?: boolean;
  waiting?: React.ReactNode;
};

const STATUS_WORDS = { connecting: "Connecting", connected: "Connected", reconnecting: "Reconnecting…" } as const;
const NOTHING: MediaState = { muted: false, cameraOff: false, sharing: false };
/** Lets the "end" message leave over the data channel before the peer is torn down. */
const END_FLUSH_MS = 250;

export function CallRoom({ appointmentId, self, other, channel, onEnded, ended: endedProp = false, startedAt, standby = false, waiting }: CallRoomProps) {
  const media = useLocalMedia();
  const [remote, setRemote] = useState<MediaState>(NOTHING);
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [endedHere, setEndedHere] = useState(false);
  const ended = endedProp || endedHere;
  const isPatient = self.role === "PATIENT";
  const mine: MediaState = { muted: media.muted, cameraOff: media.cameraOff, sharing: media.sharing };
  const mineRef = useRef(mine);
  const onEndedRef = useRef(onEnded);
  useEffect(() => {
    mineRef.current = mine;
    onEndedRef.current = onEnded;
  });

  const onMessage = useCallback(
    (message: DataMessage) => {
      if (message.t === "state") setRemote({ muted: message.muted, cameraOff: message.cameraOff, sharing: message.sharing });
      else if (message.t === "chat") {
        const line: ChatLine = { id: message.id, text: message.text, at: message.at, mine: false };
        setChat((lines) => (lines.some((l) => l.id === line.id) ? lines : [...lines.slice(-199), line]));
      } else if (message.t === "end" && isPatient) {
        // Only the provider ends a visit; the server stays the authority (onEnded makes the room refetch).
        setEndedHere(true);
        onEndedRef.current();
      }
    },
    [isPatient],
  );
  const onConnected = useCallback((send: (m: DataMessage) => boolean) => send({ t: "state", ...mineRef.current }), []);

  const call = usePeerConnection({
    appointmentId,
    selfId: self.id,
    initiator: self.role === "PROVIDER",
    channel,
    otherId: other.id,
    standby,
    outgoing: media.outgoing,
    mediaReady: media.ready,
    ended,
    onMessage,
    onConnected,
  });
  const { send } = call;
  const otherPresent = useOtherPresent(channel, other.id);
  const connected = call.status === "connected" && !ended;
  const sample = useCallStats({ appointmentId, active: connected, expectVideo: !remote.cameraOff || remote.sharing, getPc: call.getPc });
  const connectionType = (sample && (sample.localCandidateType === "relay" || sample.remoteCandidateType === "relay") ? "relayed" : sample?.localCandidateType ? "direct" : null) ?? call.connectionType;

  useEffect(() => {
    send({ t: "state", muted: media.muted, cameraOff: media.cameraOff, sharing: media.sharing });
  }, [send, media.muted, media.cameraOff, media.sharing]);

  const { stopAll } = media;
  useEffect(() => {
    if (ended) stopAll();
  }, [ended, stopAll]);

  const sendChat = (text: string): boolean => {
    const line: ChatLine = { id: crypto.randomUUID(), text, at: Date.now(), mine: true };
    if (!send({ t: "chat", id: line.id, text, at: line.at })) return false;
    setChat((lines) => [...lines.slice(-199), line]);
    return true;
  };

  const endVisit = async (): Promise<string | null> => {
    const error = await requestEndVisit(appointmentId);
    if (error) return error;
    send({ t: "end" });
    await new Promise((resolve) => setTimeout(resolve, END_FLUSH_MS));
    setEndedHere(true);
    onEndedRef.current();
    return null;
  };

  const started = startedAt ? Date.parse(startedAt) : call.firstConnectedAt;
  const status = ended ? "ended" : call.status;

  if (standby && !call.offered && !ended) {
    return (
      <section aria-label="Waiting to be let in" data-call-status="standby" className="space-y-4">
        {waiting}
        <SelfPreview video={media.outgoing.video} otherName={other.name} />
        {media.problem && <p className="text-sm text-amber-800">{media.problem}</p>}
      </section>
    );
  }

  return (
    <section aria-label={`Call with ${other.name}`} data-call-status={status} data-connection-type={connectionType ?? ""} className="space-y-4">
      {!ended && (
        <header className="flex flex-wrap items-center gap-3">
          <p role="status" aria-live="polite" data-testid="call-status" className="font-medium text-slate-900">
            {STATUS_WORDS[call.status]}
          </p>
          {!connected && !otherPresent && <p className="text-sm text-slate-600">Waiting for {other.name} to join…</p>}
          <CallTimer startedAt={call.firstConnectedAt === null ? null : started} />
          <QualityBadge quality={connected ? (sample?.quality ?? null) : null} connectionType={connected ? connectionType : null} />
        </header>
      )}
      {ended ? (
        <CallSummary role={self.role} startedAt={started} connectionType={connectionType} relayedEver={call.relayedEver || connectionType === "relayed"} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
          <div className="space-y-3">
            <VideoStage remoteStream={call.remoteStream} localVideo={media.outgoing.video} otherName={other.name} remote={remote} local={mine} />
            {media.problem && <p className="text-sm text-amber-800">{media.problem}</p>}
            {call.problem && <p className="text-sm text-amber-800">{call.problem}</p>}
            <CallControls media={media} canEnd={!isPatient} onEnd={endVisit} />
          </div>
          <ChatPanel lines={chat} otherName={other.name} connected={connected} onSend={sendChat} />
        </div>
      )}
    </section>
  );
}
