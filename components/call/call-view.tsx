"use client";
/**
 * What the call shows inside its frame (call-room.tsx holds the frame): its status, the pictures, chat and
 * the controls. It renders from a snapshot of the call engine that CallRoom hands over deferred
 * (useDeferredValue), so the engine's changes re-render it in the background, in slices, while the frame
 * itself (shown or unseen, its status attributes) follows the engine at once. At Admit the page's main
 * thread is then free sooner to show the other side's first frame (docs/decisions/0009).
 */
import { memo, useState } from "react";
import type { ChatLine } from "@/lib/call/data-messages";
import type { CallSession, CallSnapshot, Participant } from "@/lib/call-engine/call-session";
import { CallControls, DeviceChoices } from "@/components/call/call-controls";
import { CallTimer, QualityBadge } from "@/components/call/call-status";
import { ChatPanel } from "@/components/call/chat-panel";
import { VideoStage } from "@/components/call/video-stage";
import { VideoGrid } from "@/components/call/video-grid";
import { shownInCall } from "@/components/call/participants";
import { DateOfBirth } from "@/components/visit/date-of-birth";

const leftWords: Record<string, string> = {
  left: "left the call",
  "signed-out": "signed out",
  "session-ended": "was signed out",
};

function OtherLeft({ name, left }: { name: string; left: { reason: string; at: string } }) {
  const at = new Date(left.at).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
  return (
    <p role="status" data-other-left={left.reason} className="rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-900">
      {name} {leftWords[left.reason] ?? "left the call"} at {at}. You can wait here for them to rejoin, or end the visit.
    </p>
  );
}

/**
 * Who wrote a chat line in a call of several people: the line's sender when the engine names one
 * (`from`, a user id), else words that are true without it.
 */
function chatAuthor(line: ChatLine, people: Participant[]): string {
  const from = "from" in line && typeof line.from === "string" ? line.from : null;
  return people.find((p) => p.id === from)?.name ?? "Someone in the call";
}

const STATUS_WORDS = { connecting: "Connecting", connected: "Connected", reconnecting: "Reconnecting…" } as const;

export type CallViewProps = {
  call: CallSnapshot;
  session: CallSession;
  selfRole: "PATIENT" | "PROVIDER" | "GUEST";
  other: { id: string; name: string };
  people: Participant[];
  /** The provider has let this person in (else a guest shows first, the main person's Admit above). */
  mainAdmitted: boolean;
  startedAt?: string | null;
  onLeave?: () => Promise<string | null>;
  otherLeft?: { reason: string; at: string } | null;
  otherDateOfBirth?: string | null;
  aside?: React.ReactNode;
};

export const CallView = memo(function CallView(props: CallViewProps) {
  const { call, session, selfRole, other, people, mainAdmitted, startedAt, onLeave, otherLeft, otherDateOfBirth, aside } = props;
  const { local, ended } = call;
  const remote = call.remotes[other.id]!;
  const shown = shownInCall(people, call.remotes, other.id, mainAdmitted, selfRole);
  const guestsFirst = !shown.some((p) => p.id === other.id) && shown.length > 0;
  // One other person (the main one): the one-to-one layout, exactly as before; otherwise a tile each.
  const several = shown.length > 1 || guestsFirst;
  // Chat on a phone opens and closes (on a desk it is always shown); the Chat button counts what came meanwhile.
  const [chatOpen, setChatOpen] = useState(false);
  const [seen, setSeen] = useState(0);
  const theirs = call.chat.filter((line) => !line.mine).length;
  const unread = chatOpen ? 0 : Math.max(0, theirs - seen);
  const toggleChat = () => {
    setSeen(theirs);
    setChatOpen((open) => !open);
  };
  const connected = remote.status === "connected" && !ended;
  const started = startedAt ? Date.parse(startedAt) : remote.firstConnectedAt;
  const { toggleMute, toggleCamera, switchDevice, startShare, stopShare } = session.media;
  const media = { ...local, toggleMute, toggleCamera, switchDevice, startShare, stopShare };
  const mine = {
    muted: local.muted,
    cameraOff: local.cameraOff,
    sharing: local.sharing,
    noCamera: local.ready && !local.camera,
    noMicrophone: local.ready && !local.outgoing.audio,
  };
  return (
    <>
      <header className="call-top space-y-1">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <p role="status" aria-live="polite" data-testid="call-status" className="font-semibold text-white">
            {/* Left on purpose (Leave, signed out, moved): not a network problem, so not "Reconnecting…". */}
            {otherLeft && remote.status !== "connected" ? `${other.name} left` : STATUS_WORDS[remote.status]}
          </p>
          <CallTimer startedAt={remote.firstConnectedAt === null ? null : started} />
          <QualityBadge
            quality={connected && !remote.media.noCamera ? (remote.sample?.quality ?? null) : null}
            connectionType={connected ? remote.connectionType : null}
            plain={selfRole !== "PROVIDER"}
          />
        </div>
        <p className="truncate text-sm text-slate-300">
          With {several ? shown.map((p) => p.name).join(", ") : other.name}
          {selfRole === "PROVIDER" && <DateOfBirth value={otherDateOfBirth} className="ml-2 text-slate-300" />}
        </p>
        {!connected && !remote.present && <p className="text-sm text-slate-300">Waiting for {other.name} to join…</p>}
        {local.problem && <p className="text-sm text-amber-300">{local.problem}</p>}
        {remote.problem && <p className="text-sm text-amber-300">{remote.problem}</p>}
        {otherLeft && <OtherLeft name={other.name} left={otherLeft} />}
        {aside}
      </header>
      {several ? (
        <VideoGrid
          tiles={shown.map((person) => ({ person, remote: call.remotes[person.id] }))}
          localVideo={local.outgoing.video}
          local={mine}
        />
      ) : (
        <VideoStage
          remoteStream={remote.stream}
          localVideo={local.outgoing.video}
          otherName={other.name}
          remote={remote.media}
          local={mine}
        />
      )}
      <ChatPanel
        lines={call.chat}
        otherName={several ? "everyone in the call" : other.name}
        authorOf={several ? (line) => chatAuthor(line, people) : undefined}
        connected={connected}
        onSend={(text) => session.sendChat(text)}
        open={chatOpen}
        onClose={() => toggleChat()}
      >
        <DeviceChoices media={media} />
      </ChatPanel>
      <CallControls
        media={media}
        canEnd={selfRole === "PROVIDER"}
        onEnd={() => session.endVisit()}
        onLeave={onLeave}
        chat={{ open: chatOpen, unread, toggle: toggleChat }}
      />
    </>
  );
});
