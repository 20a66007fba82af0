import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { iceServersFor, turnCredentials } from "@/lib/turn/credentials";

describe("turnCredentials", () => {
  it("makes coturn's REST username and an HMAC-SHA1 credential over it", () => {
    const expiresAt = new Date("2030-01-02T03:04:05.678Z");
    const { username, credential, expiresAt: rounded } = turnCredentials({ secret: "s3cret", userId: "user_1", expiresAt });
    expect(username).toBe("1893553445:user_1");
    // Known vector, computed here independently of the module.
    expect(credential).toBe(createHmac("sha1", "s3cret").update("1893553445:user_1").digest("base64"));
    expect(credential).toMatch(/^[A-Za-z0-9+/]{27}=$/); // 20 bytes of SHA-1 in base64
    expect(rounded.toISOString()).toBe("2030-01-02T03:04:05.000Z");
  });

  it("gives different credentials for other users, expiries and secrets", () => {
    const expiresAt = new Date(2_000_000_000_000);
    const base = turnCredentials({ secret: "a", userId: "u", expiresAt }).credential;
    expect(turnCredentials({ secret: "b", userId: "u", expiresAt }).credential).not.toBe(base);
    expect(turnCredentials({ secret: "a", userId: "v", expiresAt }).credential).not.toBe(base);
    expect(turnCredentials({ secret: "a", userId: "u", expiresAt: new Date(2_000_000_001_000) }).credential).not.toBe(base);
  });

  it("refuses an empty secret and a user id that would confuse the username's format", () => {
    expect(() => turnCredentials({ secret: "", userId: "u", expiresAt: new Date() })).toThrow(/secret/);
    expect(() => turnCredentials({ secret: "x", userId: "a:b", expiresAt: new Date() })).toThrow(/':'/);
  });
});

describe("iceServersFor", () => {
  const expiresAt = new Date("2030-01-01T00:00:00Z");
  const base = { userId: "pat_1", expiresAt };

  it("is empty with nothing configured: no public STUN servers sneak in", () => {
    expect(iceServersFor({ ...base, stunUrls: [], turnUrls: [], turnSecret: undefined })).toEqual([]);
  });

  it("lists STUN as configured and TURN with credentials", () => {
    const servers = iceServersFor({
      ...base,
      stunUrls: ["stun:turn.example.org:3478"],
      turnUrls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
      turnSecret: "shared",
    });
    const username = `${Date.parse("2030-01-01T00:00:00Z") / 1000}:pat_1`;
    expect(servers).toEqual([
      { urls: ["stun:turn.example.org:3478"] },
      {
        urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
        username,
        credential: createHmac("sha1", "shared").update(username).digest("base64"),
      },
    ]);
  });

  it("leaves TURN out without a secret rather than handing out unusable entries", () => {
    expect(iceServersFor({ ...base, stunUrls: [], turnUrls: ["turn:x:3478"], turnSecret: undefined })).toEqual([]);
  });
});
