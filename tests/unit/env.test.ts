import { describe, expect, it } from "vitest";
import { ConfigError, parseServerEnv } from "@/lib/env";

const minimal = {
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/consult",
  NEXTAUTH_SECRET: "0123456789abcdef0123",
  PUSHER_APP_ID: "1",
  PUSHER_KEY: "key",
  PUSHER_SECRET: "secret",
};

describe("server environment", () => {
  it("accepts the minimal configuration and fills defaults", () => {
    const env = parseServerEnv(minimal);
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(env.PUSHER_USE_TLS).toBe(true);
    expect(env.TURN_URLS).toEqual([]);
    expect(env.ICE_TRANSPORT_POLICY).toBe("all");
  });

  it("names each missing variable", () => {
    expect(() => parseServerEnv({})).toThrowError(ConfigError);
    try {
      parseServerEnv({ ...minimal, PUSHER_KEY: "" });
    } catch (error) {
      expect(String(error)).toContain("PUSHER_KEY is missing");
    }
  });

  it("explains malformed values", () => {
    expect(() => parseServerEnv({ ...minimal, SESSION_IDLE_MINUTES: "soon" })).toThrowError(/SESSION_IDLE_MINUTES/);
    expect(() => parseServerEnv({ ...minimal, DATABASE_URL: "not a url" })).toThrowError(/DATABASE_URL/);
    expect(() => parseServerEnv({ ...minimal, ICE_TRANSPORT_POLICY: "sometimes" })).toThrowError(/ICE_TRANSPORT_POLICY/);
  });

  it("requires a TURN secret when TURN servers are configured", () => {
    expect(() => parseServerEnv({ ...minimal, TURN_URLS: "turn:127.0.0.1:3478" })).toThrowError(/TURN_SECRET/);
    const env = parseServerEnv({ ...minimal, TURN_URLS: "turn:a:3478, turns:b:5349", TURN_SECRET: "s" });
    expect(env.TURN_URLS).toEqual(["turn:a:3478", "turns:b:5349"]);
  });
});
