"use client";
/**
 * The call with two or three other people: one tile each in the stage cell of the call's grid (.call-layout
 * in app/globals.css), the self-view in its own cell as in the one-to-one call, so it covers nobody.
 * Each tile shows that person's video (or their initials when there is no picture), their name and label,
 * whether they are muted or their camera is off, and how their connection is, in words. Someone sharing
 * their screen gets the large space. With one other person the call keeps VideoStage (video-stage.tsx).
 *
 * Test hooks: each tile's `data-testid="remote-tile"`, `data-remote-id`, `data-remote-status`
 * (connecting | connected | reconnecting | absent), `data-remote-muted`, `data-remote-camera-off`,
 * `data-remote-sharing`.
 */
import { useMemo } from "react";
import type { MediaState } from "@/lib/call/data-messages";
import type { RemoteState } from "@/lib/call-engine/remote-link";
import { SelfView, useRemoteSound } from "@/components/call/video-stage";
import { initials, type CallPerson } from "@/components/call/participants";
import { firstName } from "@/components/guests/guest-words";

export type Tile = { person: CallPerson; remote: RemoteState | undefined };

/** Tiles in order: whoever shares their screen first (it gets the large space), then as given. */
function ordered(tiles: Tile[]): { tiles: Tile[]; sharing: boolean } {
  const sharer = tiles.find((t) => t.remote?.media.sharing);
  if (!sharer) return { tiles, sharing: false };
  return { tiles: [sharer, ...tiles.filter((t) => t !== sharer)], sharing: true };
}

/**
 * Upright phone: tiles stacked (two) or one wide over two (three). Sideways and on a desk: side by side (two)
 * or one wide over two (three). Sharing: the sharer's tile takes two thirds of the space.
 */
function gridClasses(count: number, sharing: boolean): string {
  if (count <= 1) return "grid-cols-1 grid-rows-1";
  if (count === 2) {
    return sharing
      ? "grid-cols-1 grid-rows-[2fr_1fr] landscape:grid-cols-[2fr_1fr] landscape:grid-rows-1"
      : "grid-cols-1 grid-rows-2 landscape:grid-cols-2 landscape:grid-rows-1";
  }
  return sharing ? "grid-cols-2 grid-rows-[2fr_1fr]" : "grid-cols-2 grid-rows-2";
}

export function VideoGrid({ tiles, localVideo, local }: { tiles: Tile[]; localVideo: MediaStreamTrack | null; local: MediaState }) {
  const localStream = useMemo(() => (localVideo ? new MediaStream([localVideo]) : null), [localVideo]);
  const { tiles: inOrder, sharing } = ordered(tiles);
  return (
    <>
      <ul
        data-testid="call-stage"
        data-tiles={inOrder.length}
        aria-label="People in the call"
        className={`call-stage grid gap-1.5 overflow-hidden ${gridClasses(inOrder.length, sharing)}`}
      >
        {inOrder.map((tile, i) => (
          <RemoteTile key={tile.person.id} tile={tile} wide={inOrder.length > 2 && i === 0} />
        ))}
      </ul>
      <SelfView video={localStream} local={local} />
    </>
  );
}

/** What a tile says about the connection, when there is something to say (connected: nothing). */
function connectionWords(name: string, remote: RemoteState | undefined): { status: string; words: string | null } {
  if (!remote || (!remote.present && remote.status !== "connected")) {
    return remote?.firstConnectedAt
      ? { status: "absent", words: `${name} left the call` }
      : { status: "absent", words: `Waiting for ${name} to join…` };
  }
  if (remote.status === "reconnecting") return { status: "reconnecting", words: "Reconnecting…" };
  if (remote.status === "connecting") return { status: "connecting", words: "Connecting…" };
  return { status: "connected", words: null };
}

function RemoteTile({ tile, wide }: { tile: Tile; wide: boolean }) {
  const { person, remote } = tile;
  const media: MediaState = remote?.media ?? { muted: false, cameraOff: false, sharing: false };
  const { ref, soundBlocked, turnOnSound, pictured } = useRemoteSound(remote?.stream ?? null);
  const { status, words } = connectionWords(firstName(person.name), remote);
  const connected = status === "connected";
  const noPicture = !connected || ((media.cameraOff || media.noCamera === true) && !media.sharing);
  // Connected, the picture not here yet: their initials over it, as before the connection (the video stays
  // laid out, or its first frame would not be drawn).
  const initialsShown = noPicture || !pictured;
  const who = person.label ? `${person.name}, ${person.label}` : person.name;
  const notes = [
    media.noMicrophone ? "No microphone" : media.muted ? "Muted" : null,
    media.noCamera ? "No camera" : media.cameraOff && !media.sharing ? "Camera off" : null,
    media.sharing ? "Sharing screen" : null,
  ].filter((n): n is string => n !== null);

  return (
    <li
      data-testid="remote-tile"
      data-remote-id={person.id}
      data-remote-status={status}
      data-remote-muted={media.muted}
      data-remote-camera-off={media.cameraOff}
      data-remote-sharing={media.sharing}
      className={`relative flex min-h-0 min-w-0 flex-col overflow-hidden rounded-lg bg-black ${wide ? "col-span-2" : ""}`}
    >
      <div className="relative min-h-0 flex-1">
        <video
          ref={ref}
          aria-label={`Video of ${who}`}
          autoPlay
          playsInline
          className={`absolute inset-0 h-full w-full object-contain ${noPicture ? "invisible" : ""}`}
        />
        {initialsShown && (
          <div className="absolute inset-0 flex flex-col items-center justify-center gap-1 p-1 text-center">
            <span
              aria-hidden="true"
              className="flex aspect-square h-[min(4rem,45%)] items-center justify-center rounded-full bg-slate-700 text-[min(1.5rem,4vh)] font-semibold text-white"
            >
              {initials(person.name)}
            </span>
            {words && (
              <span role="status" className="text-sm leading-tight text-slate-200">
                {words}
              </span>
            )}
          </div>
        )}
        {soundBlocked && (
          <button
            type="button"
            onClick={turnOnSound}
            className="absolute bottom-1 left-1 rounded-md bg-white px-3 text-sm font-semibold text-slate-900 shadow"
          >
            Turn on sound
          </button>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-x-1.5 bg-slate-900 px-1.5 py-0.5 text-xs leading-tight text-white">
        <span className="line-clamp-2 min-w-0 break-words">
          <span className="font-semibold">{person.name}</span>
          {person.label && <span className="text-slate-300"> · {person.label}</span>}
        </span>
        {notes.map((note) => (
          <span key={note} className="rounded bg-slate-700 px-1 text-amber-200">
            {note}
          </span>
        ))}
        {connected && remote?.problem && <span className="text-amber-300">{remote.problem}</span>}
      </div>
    </li>
  );
}
