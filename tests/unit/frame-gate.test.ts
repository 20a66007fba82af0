import { describe, expect, it } from "vitest";
import { FrameGate, KEPT_KEY_EVERY_MS, KEPT_KEY_MS, KEY_WAIT_MS, RECENT_KEY_MS } from "@/lib/call-engine/frame-gate";

/** Frames named by kind and time, fed at 30 per second from `from`. */
function feed(gate: FrameGate<string>, kinds: string, from: number): string[] {
  const out: string[] = [];
  [...kinds].forEach((kind, i) => {
    const at = from + i * 33;
    out.push(...gate.frame(`${kind}@${at}`, kind === "K", at));
  });
  return out;
}

describe("a warm connection's video gate (decision 9)", () => {
  it("sends nothing while closed, key frames included", () => {
    const gate = new FrameGate<string>();
    expect(feed(gate, "KDDDDDDDDDKDDD", 0)).toEqual([]);
    expect(gate.isOpen).toBe(false);
  });

  it("once open, sends from the next key frame on", () => {
    const gate = new FrameGate<string>();
    feed(gate, "KDDDDDDD", 0);
    expect(gate.open(1000)).toEqual([]); // the start's key frame is long gone
    expect(gate.frame("d1", false, 1010)).toEqual([]);
    expect(gate.passedBy).toBeNull();
    expect(gate.frame("k", true, 1040)).toEqual(["k"]);
    expect(gate.passedBy).toBe("key");
    expect(gate.frame("d2", false, 1070)).toEqual(["d2"]);
  });

  it("a key frame that came just before the opening (the request beat the Admit message) goes, with what followed", () => {
    const gate = new FrameGate<string>();
    feed(gate, "KDDDDDDDDDD", 0);
    gate.frame("k", true, 2000);
    gate.frame("d", false, 2033);
    expect(gate.open(2000 + RECENT_KEY_MS)).toEqual(["k", "d"]);
    expect(gate.passedBy).toBe("recent");
    expect(gate.frame("next", false, 2140)).toEqual(["next"]);
  });

  it("an older key frame before the opening is not sent", () => {
    const gate = new FrameGate<string>();
    gate.frame("k", true, 2000);
    expect(gate.open(2001 + RECENT_KEY_MS)).toEqual([]);
    expect(gate.frame("d", false, 2140)).toEqual([]);
  });

  it("with no key frame in KEY_WAIT_MS (the browser cannot ask for one), frames go anyway and the decoder asks", () => {
    const gate = new FrameGate<string>();
    gate.open(0);
    expect(gate.frame("d1", false, KEY_WAIT_MS - 1)).toEqual([]);
    expect(gate.frame("d2", false, KEY_WAIT_MS)).toEqual(["d2"]);
    expect(gate.passedBy).toBe("fallback");
  });

  it("opens once", () => {
    const gate = new FrameGate<string>();
    gate.frame("k", true, 0);
    expect(gate.open(10)).toEqual(["k"]);
    expect(gate.open(20)).toEqual([]);
  });

  it("the provider's gate, asked for a key frame every KEPT_KEY_EVERY_MS while warm, has one ready at the click", () => {
    const gate = new FrameGate<string>(KEPT_KEY_MS);
    // 30 frames per second, a key frame every ten (about KEPT_KEY_EVERY_MS), for five seconds of waiting.
    const kinds = "KDDDDDDDDD".repeat(15);
    expect(KEPT_KEY_EVERY_MS).toBeLessThan(KEPT_KEY_MS);
    feed(gate, kinds, 0);
    const last = (kinds.length - 1) * 33;
    const sent = gate.open(last + 5);
    expect(sent[0]).toBe(`K@${last - 9 * 33}`);
    expect(sent).toHaveLength(10);
    expect(gate.passedBy).toBe("recent");
  });

  it("a kept key frame older than KEPT_KEY_MS (the asking stopped) is not sent: the next one is", () => {
    const gate = new FrameGate<string>(KEPT_KEY_MS);
    feed(gate, "KDDDDDDDDDDDDDDD", 0);
    expect(gate.open(KEPT_KEY_MS + 1)).toEqual([]);
    expect(gate.frame("k", true, KEPT_KEY_MS + 40)).toEqual(["k"]);
    expect(gate.passedBy).toBe("key");
  });

  it("the patient's gate keeps the tighter window", () => {
    const gate = new FrameGate<string>();
    gate.frame("k", true, 0);
    expect(gate.open(RECENT_KEY_MS + 1)).toEqual([]);
  });
});
