import { describe, expect, it } from "vitest";
import { MAX_CHAT_CHARS, cleanChatText, encodeData, parseData, type DataMessage } from "@/lib/call/data-messages";

describe("data channel messages", () => {
  const messages: DataMessage[] = [
    { t: "state", muted: true, cameraOff: false, sharing: true },
    { t: "chat", id: "abc-123", text: "Hello <b>there</b>\nsecond line", at: 1_800_000_000_000 },
    { t: "end" },
  ];

  it("round-trips each kind as a string and as bytes", () => {
    for (const message of messages) {
      expect(parseData(encodeData(message))).toEqual(message);
      expect(parseData(new TextEncoder().encode(encodeData(message)))).toEqual(message);
    }
  });

  it("drops anything malformed, unknown or oversized rather than throwing", () => {
    const bad: unknown[] = [
      "not json",
      "{}",
      JSON.stringify({ t: "state", muted: "yes", cameraOff: false, sharing: false }),
      JSON.stringify({ t: "chat", id: "", text: "x", at: 1 }),
      JSON.stringify({ t: "chat", id: "a", text: "", at: 1 }),
      JSON.stringify({ t: "chat", id: "a", text: "x".repeat(MAX_CHAT_CHARS + 1), at: 1 }),
      JSON.stringify({ t: "delete-everything" }),
      "x".repeat(9000),
      42,
      null,
      { t: "end" }, // objects do not come off the wire
    ];
    for (const input of bad) expect(parseData(input)).toBeNull();
  });

  it("cleans chat text: trims, strips control characters, keeps newlines, refuses empty", () => {
    expect(cleanChatText("  hi\u0007 there\n ok \u001b ")).toBe("hi there\n ok");
    expect(cleanChatText(" \t\u0000 ")).toBeNull();
    expect(cleanChatText("y".repeat(MAX_CHAT_CHARS + 50))).toHaveLength(MAX_CHAT_CHARS);
  });
});
