// Simulated distance in the local Pusher server (LOCAL_PUSHER_DELAY_MS / deliveryDelayMs): every client event
// and every REST-triggered event reaches its subscribers that much later, in order; 0 (the default) adds none.
// Timed with the real SDKs on loopback.

import type { Channel } from "pusher-js";
import { afterEach, describe, expect, it } from "vitest";
import { resolveConfig } from "../../lib/local-pusher/config";
import { APP, once, record, startHarness, subscribe } from "./local-pusher/harness";

const DELAY = 150;

/** ms from `send()` to the event's arrival on `channel`. */
async function timed(channel: Channel, event: string, send: () => unknown): Promise<number> {
  const got = once(channel, event, 5000);
  const t0 = performance.now();
  await send();
  await got;
  return performance.now() - t0;
}

async function pair(deliveryDelayMs?: number) {
  const h = await startHarness(deliveryDelayMs === undefined ? {} : { deliveryDelayMs });
  const a = await h.client({ id: "alice" });
  const b = await h.client({ id: "bob" });
  const [pa, pb] = [await subscribe(a, "presence-call"), await subscribe(b, "presence-call")];
  return { h, pa, pb };
}

describe("simulated distance", () => {
  const saved = process.env.LOCAL_PUSHER_DELAY_MS;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOCAL_PUSHER_DELAY_MS;
    else process.env.LOCAL_PUSHER_DELAY_MS = saved;
  });

  it("adds the delay to client events and REST-triggered events, and keeps their order", async () => {
    const { h, pa, pb } = await pair(DELAY);
    const client = await timed(pb, "client-offer", () => pa.trigger("client-offer", { n: 1 }));
    const server = await timed(pb, "visit-state", () => h.rest().trigger("presence-call", "visit-state", { n: 2 }));
    expect(client).toBeGreaterThanOrEqual(DELAY - 5);
    expect(server).toBeGreaterThanOrEqual(DELAY - 5);
    // Not more than the delay plus loopback and a busy machine's scheduling.
    expect(client).toBeLessThan(DELAY + 400);
    expect(server).toBeLessThan(DELAY + 400);

    const seen = record(pb, "client-candidate");
    for (let n = 0; n < 5; n++) pa.trigger("client-candidate", { n });
    expect((await seen.waitFor(5, 5000)).map((d) => (d as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
  });

  it("0 adds none: the same events arrive within a few ms", async () => {
    const { h, pa, pb } = await pair(0);
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push(await timed(pb, "client-offer", () => pa.trigger("client-offer", { i })));
      samples.push(await timed(pb, "visit-state", () => h.rest().trigger("presence-call", "visit-state", { i })));
    }
    samples.sort((x, y) => x - y);
    // The median of ten, so one slow tick on a shared machine does not decide it.
    expect(samples[5]).toBeLessThan(40);
  });

  it("is off by default and read from LOCAL_PUSHER_DELAY_MS; a negative or non-numeric value is refused", () => {
    delete process.env.LOCAL_PUSHER_DELAY_MS;
    expect(resolveConfig({ ...APP }).deliveryDelayMs).toBe(0);
    process.env.LOCAL_PUSHER_DELAY_MS = "";
    expect(resolveConfig({ ...APP }).deliveryDelayMs).toBe(0);
    process.env.LOCAL_PUSHER_DELAY_MS = "100";
    expect(resolveConfig({ ...APP }).deliveryDelayMs).toBe(100);
    expect(resolveConfig({ ...APP, deliveryDelayMs: 0 }).deliveryDelayMs).toBe(0);
    process.env.LOCAL_PUSHER_DELAY_MS = "-1";
    expect(() => resolveConfig({ ...APP })).toThrow(/delivery delay/);
    process.env.LOCAL_PUSHER_DELAY_MS = "soon";
    expect(() => resolveConfig({ ...APP })).toThrow(/delivery delay/);
  });

  it("closing the server drops messages still on their way", async () => {
    const { h, pa, pb } = await pair(1000);
    const seen = record(pb, "client-offer");
    pa.trigger("client-offer", { late: true });
    await new Promise((r) => setTimeout(r, 50));
    await h.server.close();
    await new Promise((r) => setTimeout(r, 1100));
    expect(seen.items).toEqual([]);
  });
});
