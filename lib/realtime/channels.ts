// Channel names are an API between server and browser: built and parsed only here.
const ID = "[A-Za-z0-9_-]{1,64}";

export const channels = {
  user: (userId: string) => `private-user-${userId}`,
  provider: (providerId: string) => `private-provider-${providerId}`,
  visit: (appointmentId: string) => `presence-visit-${appointmentId}`,
};

export type ParsedChannel =
  { kind: "user"; userId: string } | { kind: "provider"; providerId: string } | { kind: "visit"; appointmentId: string };

const patterns: [RegExp, (id: string) => ParsedChannel][] = [
  [new RegExp(`^private-user-(${ID})$`), (userId) => ({ kind: "user", userId })],
  [new RegExp(`^private-provider-(${ID})$`), (providerId) => ({ kind: "provider", providerId })],
  [new RegExp(`^presence-visit-(${ID})$`), (appointmentId) => ({ kind: "visit", appointmentId })],
];

export function parseChannel(name: string): ParsedChannel | null {
  for (const [pattern, build] of patterns) {
    const match = pattern.exec(name);
    if (match?.[1]) return build(match[1]);
  }
  return null;
}

/** Event names the server triggers; client events (signalling) start with "client-". */
export const events = {
  notice: "notice",
  waitingRoom: "waiting-room",
  appointmentChanged: "appointment-changed",
  visitState: "visit-state",
  /** On the user's own channel: their sign-in ended (deactivated, role changed); every tab stops its call. */
  sessionEnded: "session-ended",
  /** On the user's own channel: another page of theirs now holds a visit's live room (lib/visits/claim-room.ts). */
  roomHolder: "room-holder",
  signal: "client-signal",
} as const;
