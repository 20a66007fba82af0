import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, realtimeOrigins, securityHeaders } from "@/lib/security/headers";

const base = { nonce: "abc123", production: true, httpsOrigin: true, realtimeOrigins: ["wss://ws-eu.pusher.com"] };

describe("security headers", () => {
  it("locks scripts to the nonce, framing to nobody, and connections to self and Pusher", () => {
    const csp = contentSecurityPolicy(base);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' wss://ws-eu.pusher.com");
    expect(csp).toContain("object-src 'none'");
  });

  it("allows camera, microphone and screen share for this origin only, and HSTS only over https in production", () => {
    const headers = securityHeaders(base);
    expect(headers["Permissions-Policy"]).toContain("camera=(self), microphone=(self), display-capture=(self)");
    expect(headers["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(securityHeaders({ ...base, httpsOrigin: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ ...base, production: false })["Strict-Transport-Security"]).toBeUndefined();
  });

  it("derives the realtime origins from the Pusher settings", () => {
    expect(realtimeOrigins({ host: "127.0.0.1", port: 6001, useTLS: false, cluster: "mt1" })).toEqual([
      "ws://127.0.0.1:6001",
      "http://127.0.0.1:6001",
    ]);
    expect(realtimeOrigins({ useTLS: true, cluster: "eu" })).toEqual(["wss://ws-eu.pusher.com"]);
  });
});
