/**
 * First-load JavaScript of the main pages, gzipped (issue 8). Next 16's build output no longer prints sizes,
 * so each page is loaded in Chromium, signed in as the role that uses it, and every script it fetches from
 * /_next/static until the network is idle is gzipped here, byte for byte as served (level 9, as gzip-size
 * does), which is exact whatever the server's own compression does. Each page loads three times in a fresh
 * browser context. Also checks that simple-peer (the call's code) loads on the visit room only.
 */
import { gzipSync } from "node:zlib";
import type { Browser } from "@playwright/test";
import { demoAccounts, DEMO_PASSWORD } from "../prisma/demo-accounts";
import { launchChromium } from "./lib/browser";
import { Client } from "./lib/http";
import { BENCH_PASSWORD, connect, insertAppointments, insertProvider, insertUsers, middayZone } from "./lib/fixtures";
import { infoRow, round, targetRow } from "./lib/stats";
import type { BenchContext, Row } from "./lib/types";

const LOADS = 3;
const SIMPLE_PEER_MARKERS = ["ERR_WEBRTC_SUPPORT", "No WebRTC support: Specify `opts.wrtc`"];

type PageSpec = { name: string; path: string; budgetKb: number; signIn?: { email: string; password: string }; isVisitRoom?: boolean };
type Load = { kb: number; scripts: string[]; simplePeer: boolean };

function demoEmail(role: "PATIENT" | "PROVIDER" | "ADMIN"): string {
  return demoAccounts.find((a) => a.role === role)!.email;
}

export async function benchPageWeight(ctx: BenchContext): Promise<Row[]> {
  const db = connect(ctx.databaseUrl);
  const browser = await launchChromium();
  const gzCache = new Map<string, { gz: number; simplePeer: boolean }>();
  try {
    // A visit whose room is open now, for its own patient.
    const provider = await insertProvider(db, { timeZone: middayZone() });
    const [patient] = await insertUsers(db, "PATIENT", 1, { prefix: "weight" });
    const start = new Date(Date.now() + 2 * 60_000);
    const [visitId] = await insertAppointments(db, [
      { patientId: patient!.id, providerId: provider.id, start, end: new Date(start.getTime() + 30 * 60_000) },
    ]);

    const admin = new Client(ctx.baseUrl);
    await admin.signIn(demoEmail("ADMIN"), DEMO_PASSWORD);
    const sessions = await admin.timed("GET", "/admin/sessions");
    const adminPath = sessions.status === 200 ? "/admin/sessions" : "/admin";
    const bookable = demoAccounts.find((a) => a.role === "PROVIDER")!.id;

    const pages: PageSpec[] = [
      { name: "sign-in", path: "/sign-in", budgetKb: 180 },
      { name: "booking", path: `/book/${bookable}`, budgetKb: 180, signIn: { email: demoEmail("PATIENT"), password: DEMO_PASSWORD } },
      { name: "dashboard", path: "/dashboard", budgetKb: 180, signIn: { email: demoEmail("PROVIDER"), password: DEMO_PASSWORD } },
      {
        name: "visit room",
        path: `/visits/${visitId}`,
        budgetKb: 250,
        signIn: { email: patient!.email, password: BENCH_PASSWORD },
        isVisitRoom: true,
      },
      { name: `admin (${adminPath})`, path: adminPath, budgetKb: 180, signIn: { email: demoEmail("ADMIN"), password: DEMO_PASSWORD } },
    ];

    const rows: Row[] = [];
    const peerOutside: string[] = [];
    let peerInVisitRoom = false;
    for (const spec of pages) {
      const client = spec.signIn ? await new Client(ctx.baseUrl).signIn(spec.signIn.email, spec.signIn.password) : undefined;
      const loads: Load[] = [];
      for (let i = 0; i < LOADS; i++) loads.push(await loadPage(browser, ctx, spec, client, gzCache));
      const kbs = loads.map((l) => l.kb);
      const last = loads[loads.length - 1]!;
      rows.push(
        targetRow(`first-load JS (gzip): ${spec.name}`, kbs, "KB", spec.budgetKb, {
          on: "median",
          note: `${last.scripts.length} scripts${spec.name.startsWith("admin") && adminPath === "/admin" ? "; /admin/sessions not built yet" : ""}`,
        }),
      );
      if (loads.some((l) => l.simplePeer)) {
        if (spec.isVisitRoom) peerInVisitRoom = true;
        else peerOutside.push(spec.name);
      }
    }
    rows.push({
      ...infoRow("simple-peer loaded outside the visit room", [peerOutside.length], "pages"),
      reference: "target: 0 (call code on the visit room only)",
      pass: peerOutside.length === 0,
      note: peerOutside.length
        ? `on ${peerOutside.join(", ")}`
        : `visit room first load ${peerInVisitRoom ? "includes" : "does not include"} it`,
    });
    return rows;
  } finally {
    await browser.close();
    await db.end();
  }
}

async function loadPage(
  browser: Browser,
  ctx: BenchContext,
  spec: PageSpec,
  client: Client | undefined,
  cache: Map<string, { gz: number; simplePeer: boolean }>,
): Promise<Load> {
  const context = await browser.newContext({ baseURL: ctx.baseUrl });
  try {
    if (client) await context.addCookies(client.browserCookies());
    const page = await context.newPage();
    const bodies: Promise<{ path: string; body: Buffer }>[] = [];
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (response.request().resourceType() === "script" && url.pathname.startsWith("/_next/static/") && response.status() === 200) {
        bodies.push(response.body().then((body) => ({ path: url.pathname, body })));
      }
    });
    const response = await page.goto(spec.path, { waitUntil: "load" });
    if (response?.status() !== 200) throw new Error(`${spec.path} answered ${response?.status()}`);
    await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
    const scripts = new Map((await Promise.all(bodies)).map((b) => [b.path, b.body]));
    let bytes = 0;
    let simplePeer = false;
    for (const [path, body] of scripts) {
      let entry = cache.get(path);
      if (!entry) {
        entry = { gz: gzipSync(body, { level: 9 }).length, simplePeer: SIMPLE_PEER_MARKERS.some((m) => body.includes(m)) };
        cache.set(path, entry);
      }
      bytes += entry.gz;
      simplePeer ||= entry.simplePeer;
    }
    return { kb: round(bytes / 1024, 1), scripts: [...scripts.keys()], simplePeer };
  } finally {
    await context.close();
  }
}
