/**
 * Which view the visit room shows, as a pure function of what it knows (unit-tested in tests/unit).
 *
 * `inCall`: the call has been shown (or Admit opened this page) and stays through the end, so both sides
 * see the summary. A checked-in patient's call is already mounted in standby while they wait (camera,
 * connection, a peer to answer with), so admission changes nothing on screen until the offer comes. The
 * provider's is mounted in standby too while the patient waits (its panel shown, the connection kept warm:
 * docs/decisions/0009-warm-connections.md), so Admit finds the connection already up.
 */
import type { VisitPhase } from "@/lib/visits/visit-state";

export type RoomViewInput = {
  phase: VisitPhase;
  /** A guest (issue 16) goes the patient's way: device check, check-in, waiting, the call. */
  role: "PATIENT" | "PROVIDER" | "GUEST";
  inCall: boolean;
  /** The visit's presence channel is subscribed (the call signals on it). */
  hasChannel: boolean;
  /** The patient's device check is done. */
  checked: boolean;
  /** This page is out of the call (Leave, the sign-in ended, the room held by another tab or device). */
  away?: AwayReason | null;
  /** Whether this page holds the live room is not known yet: nothing starts the camera until it is. */
  opening?: boolean;
};

type AwayReason = "left" | "signed-out" | "elsewhere" | "moved";

export type RoomView =
  | { kind: "call"; standby: boolean }
  | { kind: "ended" }
  | { kind: "closed"; reason: "no-show" | "cancelled" }
  | { kind: "connecting" }
  | { kind: "provider-panel" }
  | { kind: "device-check" }
  | { kind: "check-in" }
  | { kind: "waiting" }
  | { kind: "admitted" }
  | { kind: "opening" }
  | { kind: "away"; reason: AwayReason };

export function roomView({ phase, role, inCall, hasChannel, checked, away = null, opening = false }: RoomViewInput): RoomView {
  const closed = phase === "no-show" || phase === "cancelled";
  // Out of the call on this page: it does not come back by itself (a camera opening unasked); once the visit
  // is over, the closing line. Signed out: nothing of the visit stays on screen.
  if (away && away !== "signed-out" && closed) return { kind: "closed", reason: phase };
  if (away && away !== "signed-out" && phase === "ended") return { kind: "ended" };
  if (away) return { kind: "away", reason: away };
  if (opening && !closed && phase !== "ended") return { kind: "opening" };
  // The provider's call is mounted before Admit too, so that it can keep a warm connection (decision 9).
  const standby = !inCall && phase === "waiting";
  if (hasChannel && !closed && (inCall || standby)) return { kind: "call", standby };
  if (phase === "ended") return { kind: "ended" };
  if (closed) return { kind: "closed", reason: phase };
  if (inCall) return { kind: "connecting" };
  if (role === "PROVIDER") return { kind: "provider-panel" };
  if (phase === "scheduled") return { kind: checked ? "check-in" : "device-check" };
  if (phase === "waiting") return { kind: "waiting" };
  return { kind: "admitted" };
}
