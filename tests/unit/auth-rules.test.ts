import { describe, expect, it } from "vitest";
import { homePathFor } from "@/lib/auth/home";
import { safeReturnPath } from "@/lib/auth/safe-return";
import { signUpSchema } from "@/lib/schemas/user";
import { isTimeZone } from "@/lib/time-zone";
import { log } from "@/lib/log";

describe("sign-in rules", () => {
  it("sends each role to its own home", () => {
    expect(homePathFor("PATIENT")).toBe("/appointments");
    expect(homePathFor("PROVIDER")).toBe("/dashboard");
    expect(homePathFor("ADMIN")).toBe("/admin");
  });

  it("only returns to same-site paths", () => {
    expect(safeReturnPath("/visits/abc")).toBe("/visits/abc");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil", "javascript:alert(1)", 42, undefined]) {
      expect(safeReturnPath(bad)).toBeNull();
    }
  });

  it("validates sign-up input with readable messages", () => {
    const ok = signUpSchema.safeParse({ name: " Ana ", email: "ANA@Example.org ", password: "long enough pw", timeZone: "Europe/London" });
    expect(ok.success && ok.data).toMatchObject({ name: "Ana", email: "ana@example.org" });
    const bad = signUpSchema.safeParse({ name: "", email: "nope", password: "short", timeZone: "Mars/Base" });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(["name", "email", "password", "timeZone"]));
    expect(signUpSchema.safeParse({ name: "a\u0000b", email: "a@b.co", password: "0123456789", timeZone: "UTC" }).success).toBe(false);
  });

  it("knows real time zones", () => {
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("+02:00")).toBe(false);
    expect(isTimeZone("Not/AZone")).toBe(false);
  });

  it("redacts emails and reasons from logs", () => {
    const out = log.redact({ message: "failed for ana@example.org", reason: "chest pain", nested: { email: "x@y.z" } });
    expect(JSON.stringify(out)).not.toMatch(/ana@example|chest pain|x@y\.z/);
  });
});
