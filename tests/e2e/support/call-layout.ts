// Where the call's parts are on screen: the controls inside the viewport, the self-view clear of the
// remote picture's content (the part of the <video> box that object-fit: contain fills with the stream).
import { expect, type Page } from "@playwright/test";
import { MIN_TARGET_PX } from "./page-audit";

export type Rect = { x: number; y: number; width: number; height: number };
export type CallLayout = {
  viewport: { width: number; height: number };
  objectFit: string;
  stream: { width: number; height: number };
  content: Rect;
  self: Rect;
  controls: (Rect & { name: string })[];
};

export function callLayout(page: Page): Promise<CallLayout> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
    const self = document.querySelector('[data-testid="self-view"]');
    if (!video || !self) throw new Error("no call on this page");
    const frame = box(video);
    const scale = video.videoWidth > 0 ? Math.min(frame.width / video.videoWidth, frame.height / video.videoHeight) : 0;
    const [width, height] = [video.videoWidth * scale, video.videoHeight * scale];
    const buttons = Array.from(document.querySelectorAll<HTMLElement>('[role="group"][aria-label="Call controls"] button'));
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      objectFit: getComputedStyle(video).objectFit,
      stream: { width: video.videoWidth, height: video.videoHeight },
      content: { x: frame.x + (frame.width - width) / 2, y: frame.y + (frame.height - height) / 2, width, height },
      self: box(self),
      controls: buttons
        .filter((b) => b.checkVisibility({ checkVisibilityCSS: true }))
        .map((b) => ({ name: (b.getAttribute("aria-label") ?? b.textContent ?? "").trim(), ...box(b) })),
    };
  });
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

const inside = (r: Rect, v: { width: number; height: number }) =>
  r.x >= 0 && r.y >= 0 && r.x + r.width <= v.width + 0.5 && r.y + r.height <= v.height + 0.5;

/** Every call control is on screen, not scrolled away, and at least 44x44; `names` must all be among them. */
export async function expectControlsOnScreen(page: Page, names: string[]): Promise<CallLayout> {
  const layout = await callLayout(page);
  expect(layout.controls.map((c) => c.name)).toEqual(expect.arrayContaining(names));
  for (const control of layout.controls) {
    expect(inside(control, layout.viewport), `"${control.name}" ${JSON.stringify(control)} inside ${JSON.stringify(layout.viewport)}`).toBe(
      true,
    );
    expect(Math.min(control.width, control.height), `"${control.name}" at least ${MIN_TARGET_PX} px`).toBeGreaterThanOrEqual(MIN_TARGET_PX);
  }
  return layout;
}

/** The self-view covers none of what the other side sends (their camera or their shared screen). */
export async function expectSelfViewClear(page: Page): Promise<CallLayout> {
  const layout = await callLayout(page);
  expect(layout.objectFit, "the remote picture is letterboxed, never cropped").toBe("contain");
  expect(layout.content.width * layout.content.height, "the remote picture has a size on screen").toBeGreaterThan(0);
  expect(
    intersects(layout.self, layout.content),
    `self-view ${JSON.stringify(layout.self)} over the picture ${JSON.stringify(layout.content)}`,
  ).toBe(false);
  return layout;
}

/** Until the remote stream's aspect ratio says it carries a screen (the fake screen is 16:9, the fake camera 4:3). */
export async function waitForScreenShare(page: Page) {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
          return video && video.videoHeight > 0 ? video.videoWidth / video.videoHeight : 0;
        }),
      { timeout: 15_000 },
    )
    .toBeGreaterThan(1.55);
}
