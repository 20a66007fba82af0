import { randomUUID } from "node:crypto";
import pg from "pg";
import { createVisitNow, type VisitFixture } from "./visit-fixtures";

/**
 * A finished direct call written straight into the e2e database: check-in, admission, both join, both
 * report CONNECTED (relayed: false), both sides post QUALITY samples every 5 s, the provider ends it.
 * The database's own triggers keep the admin summary, exactly as for a live call.
 */
export async function createReviewedVisit(samples = 8): Promise<VisitFixture & { patientName: string }> {
  const patientName = `Review ${randomUUID().slice(0, 8)}`;
  const visit = await createVisitNow({ startInMinutes: -40, patientName });
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const start = Date.now() - 40 * 60_000;
    const at = (seconds: number) => new Date(start + seconds * 1000);
    const pat = visit.patient.id;
    const doc = visit.provider.id;
    const link = { localCandidateType: "host", remoteCandidateType: "srflx", relayed: false, session: "e2e-session-1" };
    const rows: [string, string | null, Date, object][] = [
      [
        "DEVICE_CHECK",
        pat,
        at(-120),
        { camera: "ok", microphone: "ok", speaker: "heard", network: "direct", relayAvailable: false, summary: "ready" },
      ],
      ["CHECKED_IN", pat, at(-60), {}],
      ["ADMITTED", doc, at(60), {}],
      ["JOINED", pat, at(65), {}],
      ["JOINED", doc, at(66), {}],
      ["CONNECTED", pat, at(70), link],
      ["CONNECTED", doc, at(70), link],
    ];
    for (let i = 0; i < samples; i++) {
      for (const [actor, base] of [
        [pat, 40],
        [doc, 60],
      ] as const) {
        rows.push([
          "QUALITY",
          actor,
          at(75 + i * 5),
          {
            rttMs: base + (i % 4) * 10,
            jitterMs: 4,
            packetLossPct: (i % 3) * 0.5,
            inKbps: 800 + i * 20,
            outKbps: 750,
            fps: 30,
            width: 640,
            height: 480,
            localCandidateType: "host",
            remoteCandidateType: "srflx",
            quality: "good",
            relayed: false,
          },
        ]);
      }
    }
    rows.push(["ENDED", doc, at(75 + samples * 5), {}], ["LEFT", pat, at(76 + samples * 5), {}], ["LEFT", doc, at(77 + samples * 5), {}]);
    const values = rows
      .map((_, i) => `($1, $${i * 4 + 2}::"VisitEventType", $${i * 4 + 3}, $${i * 4 + 4}, $${i * 4 + 5}::jsonb)`)
      .join(", ");
    await client.query(`INSERT INTO "VisitEvent" ("appointmentId", type, "actorId", at, data) VALUES ${values}`, [
      visit.appointmentId,
      ...rows.flatMap(([type, actor, when, data]) => [type, actor, when, JSON.stringify(data)]),
    ]);
    await client.query(`UPDATE "Appointment" SET status = 'COMPLETED', "updatedAt" = now() WHERE id = $1`, [visit.appointmentId]);
    return { ...visit, patientName };
  } finally {
    await client.end();
  }
}

/** `count` past visits (one a day, oldest first) between one new provider and one new patient: for paging. */
export async function createPastVisits(count: number): Promise<VisitFixture> {
  const visit = await createVisitNow({ startInMinutes: -24 * 60 });
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, "updatedAt")
       SELECT $1 || '-' || n, $2, $3, $4::timestamptz - n * interval '1 day', $4::timestamptz - n * interval '1 day' + interval '30 minutes',
              $4::timestamptz - n * interval '1 day' + interval '30 minutes', 'Follow-up', now()
       FROM generate_series(1, $5::int - 1) AS n`,
      [visit.appointmentId, visit.patient.id, visit.provider.id, new Date(Date.now() - 24 * 3600_000), count],
    );
    return visit;
  } finally {
    await client.end();
  }
}
