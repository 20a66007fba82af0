// Helpers for calls of three: a guest invited by the provider joins by link, and proof that media flows on
// one pair of a mesh call (that pair's getStats() through the call's test hook, and the tile's <video>).
import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { expectFlow, measureFlow, type Flow, type Side } from "./call";

export type Guest = Side & { id: string; guestId: string; name: string; link: string };

/** The provider invites a guest through the API; the answer carries the link to copy. */
export async function inviteGuest(
  provider: Page,
  appointmentId: string,
  guest: { name: string; role: "INTERPRETER" | "CAREGIVER" | "CLINICIAN" | "OTHER"; detail?: string },
): Promise<{ id: string; guestId: string; link: string }> {
  const response = await provider.request.post(`/api/visits/${appointmentId}/guests`, { data: guest });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { guest: { id: string; guestId: string }; link: string };
  return { id: body.guest.id, guestId: body.guest.guestId, link: body.link };
}

/** The guest opens the link in a browser of their own, passes the device check and checks in. */
export async function joinAsGuest(
  browser: Browser,
  invited: { id: string; guestId: string; link: string },
  name: string,
  options: { baseURL?: string; device?: BrowserContextOptions } = {},
): Promise<Guest> {
  const context = await browser.newContext({
    ...options.device,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timezoneId: "America/Chicago",
  });
  const page = await context.newPage();
  // The link names the app's own origin; the test's base URL is the same server.
  await page.goto(new URL(invited.link).pathname);
  await expect(page.getByText(`Joining as ${name}`)).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Check in" }).click();
  return { context, page, name, ...invited };
}

/** Media from `remoteId` arrives on this page now: a real decoded frame, rising bytes, frames and time. */
export async function expectPairFlowing(page: Page, remoteId: string, candidateType: "host" | "relay" = "host"): Promise<Flow> {
  await expect(page.locator(`[data-remote-id="${remoteId}"][data-remote-status="connected"]`)).toBeVisible({ timeout: 30_000 });
  // The first frames can take a moment after the tile says connected: measure until they do, within bounds.
  let flow = await measureFlow(page, remoteId);
  for (let i = 0; i < 5 && (flow.rtpTimestamp === null || flow.after.bytes <= flow.before.bytes); i++)
    flow = await measureFlow(page, remoteId);
  return expectFlow(flow, candidateType, ` from ${remoteId}`);
}

/** What the page keeps while it watches: the pair's connection at the start, and [time, framesDecoded] samples. */
type Watching = { pc: RTCPeerConnection | null; samples: [number, number][]; timer: number };

/**
 * Watches the pair with `remoteId` on this page from inside it (getStats every 200 ms, so a slow test
 * runner does not stretch the gaps). `stop()` answers whether the same RTCPeerConnection carried the pair
 * throughout, whether framesDecoded ever fell (a new stream), the longest stretch with no new frame, and
 * how many frames were decoded meanwhile.
 */
export async function watchFrames(page: Page, remoteId: string): Promise<{ stop(): Promise<FrameWatch> }> {
  await page.evaluate((id) => {
    const framesNow = async () => {
      const report = await window.__consultCall?.statsOf(id);
      const inbound = report ? [...report.values()].find((s) => s.type === "inbound-rtp" && s.kind === "video") : undefined;
      return Number(inbound?.framesDecoded ?? 0);
    };
    const watch: Watching = { pc: window.__consultCall?.peers[id]?.pc ?? null, samples: [], timer: 0 };
    watch.timer = window.setInterval(() => void framesNow().then((n) => watch.samples.push([performance.now(), n])), 200);
    (window as unknown as { __frameWatch: Watching }).__frameWatch = watch;
  }, remoteId);
  return {
    stop: () =>
      page.evaluate((id) => {
        const watch = (window as unknown as { __frameWatch: Watching }).__frameWatch;
        window.clearInterval(watch.timer);
        const samePeer = watch.pc !== null && watch.pc === (window.__consultCall?.peers[id]?.pc ?? null);
        let fell = false;
        let longestGapMs = 0;
        let lastNewAt = watch.samples[0]?.[0] ?? 0;
        let before = watch.samples[0]?.[1] ?? 0;
        for (const [at, frames] of watch.samples.slice(1)) {
          if (frames < before) fell = true;
          if (frames > before) lastNewAt = at;
          longestGapMs = Math.max(longestGapMs, at - lastNewAt);
          before = frames;
        }
        const first = watch.samples[0]?.[1] ?? 0;
        const last = watch.samples.at(-1)?.[1] ?? 0;
        return { samePeer, fell, longestGapMs: Math.round(longestGapMs), frames: last - first, samples: watch.samples.length };
      }, remoteId),
  };
}

export type FrameWatch = { samePeer: boolean; fell: boolean; longestGapMs: number; frames: number; samples: number };
