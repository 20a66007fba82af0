import { describe, expect, it } from "vitest";
import { hashLinkToken, looksLikeLinkToken, newLinkToken } from "@/lib/visit-links/token";
import { linkProblem, linkSessionSeconds } from "@/lib/visit-links/link-rules";
import { composeVisitEmail } from "@/lib/mail/compose";

const rules = { opensMinutesBefore: 15, graceMinutesAfter: 30, noShowGraceMinutes: 15 };
const start = new Date("2026-06-10T14:00:00Z");
const end = new Date("2026-06-10T14:30:00Z");
const link = { revokedAt: null, appointment: { status: "SCHEDULED" as const, startsAt: start, endsAt: end }, holderActive: true };

describe("join link tokens", () => {
  it("are 256 random bits in base64url, never equal, and stored as a SHA-256 hex digest", () => {
    const tokens = Array.from({ length: 200 }, newLinkToken);
    expect(new Set(tokens).size).toBe(200);
    for (const t of tokens) {
      expect(Buffer.from(t, "base64url")).toHaveLength(32);
      expect(looksLikeLinkToken(t)).toBe(true);
      expect(hashLinkToken(t)).toMatch(/^[0-9a-f]{64}$/);
      expect(hashLinkToken(t)).not.toContain(t);
    }
    expect(hashLinkToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(looksLikeLinkToken("short")).toBe(false);
    expect(looksLikeLinkToken(`${tokens[0]}/../x`)).toBe(false);
  });
});

describe("when a link works", () => {
  it("from booking until the room closes (end + grace)", () => {
    expect(linkProblem(link, rules, new Date("2026-05-01T00:00:00Z"))).toBeNull();
    expect(linkProblem(link, rules, new Date("2026-06-10T14:59:59Z"))).toBeNull();
    expect(linkProblem(link, rules, new Date("2026-06-10T15:00:00Z"))).toBe("over");
  });
  it("follows a reschedule (it is checked against the appointment's current time)", () => {
    const moved = {
      ...link,
      appointment: { ...link.appointment, startsAt: new Date("2026-06-20T14:00:00Z"), endsAt: new Date("2026-06-20T14:30:00Z") },
    };
    expect(linkProblem(moved, rules, new Date("2026-06-15T00:00:00Z"))).toBeNull();
  });
  it("ends at once on cancel, revoke, or a deactivated holder; unknown when there is no link", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    expect(linkProblem({ ...link, appointment: { ...link.appointment, status: "CANCELLED" } }, rules, now)).toBe("cancelled");
    expect(linkProblem({ ...link, revokedAt: now }, rules, now)).toBe("revoked");
    expect(linkProblem({ ...link, holderActive: false }, rules, now)).toBe("unknown");
    expect(linkProblem(null, rules, now)).toBe("unknown");
  });
  it("gives a session that lasts until the room closes, at most a day", () => {
    expect(linkSessionSeconds(link, rules, new Date("2026-06-10T14:00:00Z"))).toBe(3600);
    expect(linkSessionSeconds(link, rules, new Date("2026-05-01T00:00:00Z"))).toBe(86_400);
  });
});

describe("emails", () => {
  const base = {
    recipientName: "Ana <b>",
    recipientTimeZone: "America/New_York",
    otherName: "Dr. Okafor",
    start,
    joinUrl: "http://127.0.0.1:3000/join/TOKEN",
  };
  it("a reminder carries the time in the patient's zone, the provider, the link, and change links when allowed", () => {
    const mail = composeVisitEmail({
      ...base,
      kind: "reminder",
      rescheduleUrl: "http://x/appointments/a/reschedule",
      cancelUrl: "http://x/appointments",
    });
    expect(mail.subject).toBe("Reminder: video visit with Dr. Okafor, Wed, 10 Jun 2026, 10:00 (America/New York)");
    expect(mail.text).toContain("Join the video visit: http://127.0.0.1:3000/join/TOKEN");
    expect(mail.text).toContain("Move to another time: http://x/appointments/a/reschedule");
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain("Ana &lt;b&gt;");
    expect(mail.html).not.toContain("<b>,");
  });
  it("without change links when the rules no longer allow them, and a cancellation has no join link", () => {
    expect(composeVisitEmail({ ...base, kind: "reminder" }).text).not.toContain("Move to another time");
    const cancelled = composeVisitEmail({ ...base, kind: "cancelled", cancelReason: "Clinic closed" });
    expect(cancelled.text).not.toContain("/join/");
    expect(cancelled.text).toContain("Reason given: Clinic closed");
    expect(cancelled.text).toContain("Contact the clinic that booked your visit.");
  });
});
