// Who holds a participant's live visit room (lib/visits/room-holder.ts).
import { describe, expect, it } from "vitest";
import { decideClaim, isLive, ROOM_HEARTBEAT_MS, ROOM_HOLDER_STALE_MS } from "@/lib/visits/room-holder";
import { roomClaimSchema } from "@/lib/visits/visit-input";

const now = new Date("2030-01-01T10:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const holder = (session: string, beatAgoMs: number) => ({ session, heartbeatAt: ago(beatAgoMs) });

describe("decideClaim", () => {
  it("the first page takes a free room", () => {
    expect(decideClaim(null, { session: "page-a", take: false }, now)).toEqual({ kind: "taken", from: null });
  });

  it("the holder renews its own claim, whether or not it asks to take", () => {
    expect(decideClaim(holder("page-a", 4000), { session: "page-a", take: false }, now)).toEqual({ kind: "renewed" });
    expect(decideClaim(holder("page-a", 60_000), { session: "page-a", take: true }, now)).toEqual({ kind: "renewed" });
  });

  it("another page is refused while the holder's heartbeat is fresh, unless it takes the room (Use it here)", () => {
    expect(decideClaim(holder("page-a", ROOM_HEARTBEAT_MS), { session: "page-b", take: false }, now)).toEqual({ kind: "refused" });
    expect(decideClaim(holder("page-a", ROOM_HEARTBEAT_MS), { session: "page-b", take: true }, now)).toEqual({
      kind: "moved",
      from: "page-a",
    });
  });

  it("a stale holder (closed tab, crashed phone) does not block the next page, and is not a move", () => {
    const stale = holder("page-a", ROOM_HOLDER_STALE_MS);
    expect(decideClaim(stale, { session: "page-b", take: false }, now)).toEqual({ kind: "taken", from: "page-a" });
    expect(decideClaim(stale, { session: "page-b", take: true }, now)).toEqual({ kind: "taken", from: "page-a" });
  });

  it("stale means a few missed heartbeats, not one late one", () => {
    expect(ROOM_HOLDER_STALE_MS).toBeGreaterThanOrEqual(2 * ROOM_HEARTBEAT_MS);
    expect(isLive(holder("page-a", ROOM_HEARTBEAT_MS * 2), now)).toBe(true);
    expect(isLive(holder("page-a", ROOM_HOLDER_STALE_MS), now)).toBe(false);
  });
});

describe("roomClaimSchema", () => {
  it("takes signalling-style session ids and defaults take to false", () => {
    expect(roomClaimSchema.parse({ session: "0123456789abcdef01234567" })).toEqual({ session: "0123456789abcdef01234567", take: false });
  });
  it("refuses garbage", () => {
    for (const session of ["short", "with space!", "a".repeat(65), 7, null, undefined]) {
      expect(roomClaimSchema.safeParse({ session }).success).toBe(false);
    }
    expect(roomClaimSchema.safeParse({ session: "fine-session", take: "yes" }).success).toBe(false);
  });
});
