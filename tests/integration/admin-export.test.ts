import "../support/mock-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, startTestApp, type TestApp, type TestUser } from "../support/integration-app";
import { createPatient, createProvider } from "../support/factories";
import { addEvents, callEvents, createAdmin, createVisitAt } from "../support/admin-fixtures";

type Db = typeof import("@/lib/db").db;
let app: TestApp;
let db: Db;
let exportCsv: typeof import("@/app/api/admin/sessions/export/route").GET;
let auditList: typeof import("@/app/api/admin/audit/route").GET;
let admin: TestUser;
let provider: TestUser;
const ids: string[] = [];
const EVIL = '=HYPERLINK("http://evil"), "quoted"\nnext line';

beforeAll(async () => {
  app = await startTestApp();
  db = (await import("@/lib/db")).db;
  exportCsv = (await import("@/app/api/admin/sessions/export/route")).GET;
  auditList = (await import("@/app/api/admin/audit/route")).GET;
  admin = await createAdmin(db);
  provider = await createProvider(db);
  const evil = await createPatient(db, { name: EVIL });
  const plain = await createPatient(db, { name: "@plain -patient" });
  for (let i = 0; i < 7; i++) {
    const start = new Date(Date.parse("2026-02-02T08:00:00Z") + i * 3_600_000);
    const patient = i % 2 === 0 ? evil : plain;
    const id = await createVisitAt(db, patient, provider, start, i === 6 ? "SCHEDULED" : "COMPLETED");
    if (i < 6) await addEvents(db, id, callEvents(start, patient.id, provider.id, { relayed: i % 3 === 0 }));
    ids.push(id);
  }
});
afterAll(async () => app?.close());

const get = (path: string) => new Request(`http://test${path}`);

/** Minimal RFC 4180 reader, enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("CSV export", () => {
  it("streams the filtered sessions with escaped, formula-safe cells, and audits the export with its filter", async () => {
    const response = await asUser(admin, () =>
      exportCsv(get(`/api/admin/sessions/export?providerId=${provider.id}&from=2026-02-02&to=2026-02-02`), undefined),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="sessions-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.body).toBeInstanceOf(ReadableStream);
    const rows = parseCsv(await response.text());
    expect(rows[0]?.slice(0, 4)).toEqual(["visit_id", "scheduled_start_utc", "scheduled_end_utc", "provider"]);
    expect(rows).toHaveLength(1 + 7);
    expect(rows.slice(1).map((r) => r[0])).toEqual([...ids].reverse());
    const patients = new Set(rows.slice(1).map((r) => r[4]));
    expect(patients).toEqual(new Set([`'${EVIL}`, "'@plain -patient"]));
    const first = rows.find((r) => r[0] === ids[0]);
    expect(first?.slice(7, 16)).toEqual([
      "Completed",
      "180",
      "2026-02-02T08:03:00.000Z",
      "2026-02-02T08:15:00.000Z",
      "false",
      "720",
      "relay",
      "0",
      "good",
    ]);
    const entry = await db.auditEntry.findFirst({ where: { action: "session.export", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(entry?.filter).toEqual({ provider: provider.name, from: "2026-02-02", to: "2026-02-02", timeZone: "Europe/London" });
    expect(entry).toMatchObject({ targetId: provider.id, targetName: provider.name });
  });

  it("pulls one page at a time as the reader asks, and stops when the reader cancels", async () => {
    const { sessionsCsvStream } = await import("@/lib/admin/export-sessions");
    const { resolveSessionFilter } = await import("@/lib/admin/session-filters");
    const stream = sessionsCsvStream(resolveSessionFilter({ providerId: provider.id }, "UTC"), new Date(), 2);
    const reader = stream.getReader();
    const chunks: string[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(new TextDecoder().decode(r.value));
    expect(chunks).toHaveLength(1 + 4);
    expect(chunks.slice(1).map((c) => parseCsv(c).length)).toEqual([2, 2, 2, 1]);
    const early = sessionsCsvStream(resolveSessionFilter({ providerId: provider.id }, "UTC"), new Date(), 2).getReader();
    await early.read();
    await early.cancel();
    expect((await early.read()).done).toBe(true);
  });

  it("refuses bad filters before streaming anything (422), without an audit entry", async () => {
    const before = await db.auditEntry.count();
    const response = await asUser(admin, () => exportCsv(get("/api/admin/sessions/export?outcome=everything"), undefined));
    expect(response.status).toBe(422);
    expect(await db.auditEntry.count()).toBe(before);
  });
});

describe("audit trail", () => {
  it("is append-only in the database: updates, deletes and truncation are refused", async () => {
    const entry = await db.auditEntry.create({
      data: { actorId: admin.id, actorEmail: admin.email, action: "session.view", targetId: ids[0] },
    });
    await expect(db.auditEntry.update({ where: { id: entry.id }, data: { action: "nothing" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    await expect(db.auditEntry.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEntry"`)).rejects.toThrow(/append-only/);
    expect(await db.auditEntry.findUnique({ where: { id: entry.id } })).toMatchObject({ action: "session.view" });
  });

  it("offers no API to change entries, and lists them newest first, page by page", async () => {
    const routeModule = await import("@/app/api/admin/audit/route");
    expect(Object.keys(routeModule)).toEqual(["GET"]);
    for (let i = 0; i < 3; i++)
      await db.auditEntry.create({ data: { actorId: admin.id, actorEmail: admin.email, action: "session.view", targetId: `page-${i}` } });
    const first = (await (await asUser(admin, () => auditList(get("/api/admin/audit?limit=2"), undefined))).json()) as {
      entries: { id: string; targetId: string }[];
      nextBefore: string;
    };
    expect(first.entries.map((e) => e.targetId)).toEqual(["page-2", "page-1"]);
    const second = (await (
      await asUser(admin, () => auditList(get(`/api/admin/audit?limit=2&before=${first.nextBefore}`), undefined))
    ).json()) as { entries: { targetId: string }[] };
    expect(second.entries[0]?.targetId).toBe("page-0");
    expect((await asUser(admin, () => auditList(get("/api/admin/audit?before=abc"), undefined))).status).toBe(422);
  });
});
