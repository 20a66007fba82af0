-- CreateTable
CREATE TABLE "VisitSummary" (
    "appointmentId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "checkedInAt" TIMESTAMPTZ(3),
    "admittedAt" TIMESTAMPTZ(3),
    "firstJoinedAt" TIMESTAMPTZ(3),
    "firstConnectedAt" TIMESTAMPTZ(3),
    "lastRecoveredAt" TIMESTAMPTZ(3),
    "lastReconnectingAt" TIMESTAMPTZ(3),
    "lastCallActivityAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "noShowAt" TIMESTAMPTZ(3),
    "relayed" BOOLEAN,
    "patientReconnects" INTEGER NOT NULL DEFAULT 0,
    "providerReconnects" INTEGER NOT NULL DEFAULT 0,
    "qualitySamples" INTEGER NOT NULL DEFAULT 0,
    "qualityScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "outcomeIfOver" TEXT NOT NULL DEFAULT 'open',
    "outcomeIfOpen" TEXT NOT NULL DEFAULT 'open',

    CONSTRAINT "VisitSummary_pkey" PRIMARY KEY ("appointmentId")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetId" TEXT,
    "filter" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VisitSummary_startsAt_appointmentId_idx" ON "VisitSummary"("startsAt", "appointmentId");

-- CreateIndex
CREATE INDEX "VisitSummary_providerId_startsAt_idx" ON "VisitSummary"("providerId", "startsAt");

-- CreateIndex
CREATE INDEX "VisitSummary_patientId_startsAt_idx" ON "VisitSummary"("patientId", "startsAt");

-- CreateIndex
CREATE INDEX "VisitSummary_outcomeIfOver_startsAt_appointmentId_idx" ON "VisitSummary"("outcomeIfOver", "startsAt", "appointmentId");

-- CreateIndex
CREATE INDEX "VisitSummary_endsAt_idx" ON "VisitSummary"("endsAt");

-- CreateIndex
CREATE INDEX "AuditEntry_targetId_idx" ON "AuditEntry"("targetId");

-- ---------------------------------------------------------------------------------------------------
-- VisitSummary is kept by the database itself, never written by the app:
--   * each appointment gets its row when inserted, and the row's copy of status/times/people follows
--     every change of the appointment (reschedule, cancel, complete, no-show);
--   * each batch of new visit events is folded into its visits' rows by one statement-level trigger (a
--     bulk insert of millions of events costs one GROUP BY, not a trigger call per row). Each merge is
--     order-independent (LEAST for "first", GREATEST for "last", sums for counts), so events arriving
--     late or out of order give the same row as in-order ones;
--   * a row trigger derives the outcome twice, as if the visit were over and as if not: which applies
--     depends only on the clock (endsAt + 1 hour), so the list filters on an indexed column.
-- Keep in step with summarizeEvents() and outcomeOf() in lib/admin/session-figures.ts (an integration
-- test compares them on odd event sequences).
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION visit_outcome(s "VisitSummary", over boolean) RETURNS text AS $$
  SELECT CASE
    WHEN s.status = 'CANCELLED' THEN 'cancelled'
    WHEN s.status = 'NO_SHOW' OR s."noShowAt" IS NOT NULL THEN 'no-show'
    WHEN s."firstConnectedAt" IS NOT NULL THEN
      CASE
        WHEN NOT (s."endedAt" IS NOT NULL OR s.status = 'COMPLETED') THEN CASE WHEN over THEN 'dropped' ELSE 'open' END
        WHEN s."lastReconnectingAt" IS NOT NULL
          AND (s."lastRecoveredAt" IS NULL OR s."lastReconnectingAt" > s."lastRecoveredAt")
          AND (s."endedAt" IS NULL OR s."lastReconnectingAt" <= s."endedAt") THEN 'dropped'
        ELSE 'completed'
      END
    WHEN s."endedAt" IS NOT NULL OR s.status = 'COMPLETED' THEN 'never-connected'
    WHEN s."checkedInAt" IS NOT NULL OR s."admittedAt" IS NOT NULL OR s."firstJoinedAt" IS NOT NULL THEN
      CASE WHEN over THEN 'never-connected' ELSE 'open' END
    WHEN over THEN 'no-show'
    ELSE 'open'
  END
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION visit_summary_set_outcomes() RETURNS trigger AS $$
BEGIN
  NEW."outcomeIfOver" := visit_outcome(NEW, true);
  NEW."outcomeIfOpen" := visit_outcome(NEW, false);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "VisitSummary_outcomes"
  BEFORE INSERT OR UPDATE ON "VisitSummary"
  FOR EACH ROW EXECUTE FUNCTION visit_summary_set_outcomes();

-- The appointment's own columns.
CREATE FUNCTION visit_summary_appointments_inserted() RETURNS trigger AS $$
BEGIN
  INSERT INTO "VisitSummary" AS s ("appointmentId", "providerId", "patientId", "startsAt", "endsAt", status)
  SELECT a.id, a."providerId", a."patientId", a."startsAt", a."endsAt", a.status FROM new_appointments a
  ON CONFLICT ("appointmentId") DO UPDATE SET
    "providerId" = EXCLUDED."providerId", "patientId" = EXCLUDED."patientId",
    "startsAt" = EXCLUDED."startsAt", "endsAt" = EXCLUDED."endsAt", status = EXCLUDED.status;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Appointment_summary_insert"
  AFTER INSERT ON "Appointment"
  REFERENCING NEW TABLE AS new_appointments
  FOR EACH STATEMENT EXECUTE FUNCTION visit_summary_appointments_inserted();

CREATE FUNCTION visit_summary_appointment_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM "VisitSummary" WHERE "appointmentId" = OLD.id;
    RETURN NULL;
  END IF;
  INSERT INTO "VisitSummary" AS s ("appointmentId", "providerId", "patientId", "startsAt", "endsAt", status)
  VALUES (NEW.id, NEW."providerId", NEW."patientId", NEW."startsAt", NEW."endsAt", NEW.status)
  ON CONFLICT ("appointmentId") DO UPDATE SET
    "providerId" = EXCLUDED."providerId", "patientId" = EXCLUDED."patientId",
    "startsAt" = EXCLUDED."startsAt", "endsAt" = EXCLUDED."endsAt", status = EXCLUDED.status;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Appointment_summary_update"
  AFTER UPDATE OF status, "startsAt", "endsAt", "patientId", "providerId" ON "Appointment"
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD."startsAt" IS DISTINCT FROM NEW."startsAt" OR OLD."endsAt" IS DISTINCT FROM NEW."endsAt"
    OR OLD."patientId" IS DISTINCT FROM NEW."patientId" OR OLD."providerId" IS DISTINCT FROM NEW."providerId")
  EXECUTE FUNCTION visit_summary_appointment_changed();

CREATE TRIGGER "Appointment_summary_delete"
  AFTER DELETE ON "Appointment"
  FOR EACH ROW EXECUTE FUNCTION visit_summary_appointment_changed();

-- The events' aggregates.
CREATE FUNCTION visit_summary_events_inserted() RETURNS trigger AS $$
BEGIN
  INSERT INTO "VisitSummary" AS s (
    "appointmentId", "providerId", "patientId", "startsAt", "endsAt", status,
    "eventCount", "checkedInAt", "admittedAt", "firstJoinedAt", "firstConnectedAt", "lastRecoveredAt", "lastReconnectingAt",
    "lastCallActivityAt", "endedAt", "noShowAt", relayed, "patientReconnects", "providerReconnects", "qualitySamples", "qualityScore"
  )
  SELECT
    a.id, a."providerId", a."patientId", a."startsAt", a."endsAt", a.status,
    count(*)::int,
    min(e.at) FILTER (WHERE e.type = 'CHECKED_IN'),
    min(e.at) FILTER (WHERE e.type = 'ADMITTED'),
    min(e.at) FILTER (WHERE e.type = 'JOINED'),
    min(e.at) FILTER (WHERE e.type = 'CONNECTED'),
    max(e.at) FILTER (WHERE e.type IN ('CONNECTED', 'RECONNECTED')),
    max(e.at) FILTER (WHERE e.type = 'RECONNECTING'),
    max(e.at) FILTER (WHERE e.type IN ('CONNECTED', 'RECONNECTING', 'RECONNECTED', 'QUALITY', 'LEFT')),
    min(e.at) FILTER (WHERE e.type = 'ENDED'),
    min(e.at) FILTER (WHERE e.type = 'NO_SHOW'),
    bool_or(coalesce(e.data -> 'relayed' = 'true'::jsonb, false)) FILTER (WHERE e.type IN ('CONNECTED', 'RECONNECTED')),
    (count(*) FILTER (WHERE e.type = 'RECONNECTING' AND e."actorId" = a."patientId"))::int,
    (count(*) FILTER (WHERE e.type = 'RECONNECTING' AND e."actorId" = a."providerId"))::int,
    (count(*) FILTER (WHERE e.type = 'QUALITY' AND e.data ->> 'quality' IN ('good', 'fair', 'poor')))::int,
    coalesce(sum(CASE e.data ->> 'quality' WHEN 'good' THEN 1.0 WHEN 'fair' THEN 0.5 WHEN 'poor' THEN 0.0 END) FILTER (WHERE e.type = 'QUALITY'), 0)::float8
  FROM new_events e
  JOIN "Appointment" a ON a.id = e."appointmentId"
  GROUP BY a.id
  ON CONFLICT ("appointmentId") DO UPDATE SET
    "eventCount" = s."eventCount" + EXCLUDED."eventCount",
    "checkedInAt" = LEAST(s."checkedInAt", EXCLUDED."checkedInAt"),
    "admittedAt" = LEAST(s."admittedAt", EXCLUDED."admittedAt"),
    "firstJoinedAt" = LEAST(s."firstJoinedAt", EXCLUDED."firstJoinedAt"),
    "firstConnectedAt" = LEAST(s."firstConnectedAt", EXCLUDED."firstConnectedAt"),
    "lastRecoveredAt" = GREATEST(s."lastRecoveredAt", EXCLUDED."lastRecoveredAt"),
    "lastReconnectingAt" = GREATEST(s."lastReconnectingAt", EXCLUDED."lastReconnectingAt"),
    "lastCallActivityAt" = GREATEST(s."lastCallActivityAt", EXCLUDED."lastCallActivityAt"),
    "endedAt" = LEAST(s."endedAt", EXCLUDED."endedAt"),
    "noShowAt" = LEAST(s."noShowAt", EXCLUDED."noShowAt"),
    relayed = CASE WHEN s.relayed IS NULL THEN EXCLUDED.relayed WHEN EXCLUDED.relayed IS NULL THEN s.relayed ELSE s.relayed OR EXCLUDED.relayed END,
    "patientReconnects" = s."patientReconnects" + EXCLUDED."patientReconnects",
    "providerReconnects" = s."providerReconnects" + EXCLUDED."providerReconnects",
    "qualitySamples" = s."qualitySamples" + EXCLUDED."qualitySamples",
    "qualityScore" = s."qualityScore" + EXCLUDED."qualityScore";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "VisitEvent_summary"
  AFTER INSERT ON "VisitEvent"
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION visit_summary_events_inserted();

-- Appointments and events from before this migration: a row per appointment, then their events folded
-- in once (the same statement as the trigger's, over all events).
INSERT INTO "VisitSummary" ("appointmentId", "providerId", "patientId", "startsAt", "endsAt", status)
SELECT id, "providerId", "patientId", "startsAt", "endsAt", status FROM "Appointment";

INSERT INTO "VisitSummary" AS s (
  "appointmentId", "providerId", "patientId", "startsAt", "endsAt", status,
  "eventCount", "checkedInAt", "admittedAt", "firstJoinedAt", "firstConnectedAt", "lastRecoveredAt", "lastReconnectingAt",
  "lastCallActivityAt", "endedAt", "noShowAt", relayed, "patientReconnects", "providerReconnects", "qualitySamples", "qualityScore"
)
SELECT
  a.id, a."providerId", a."patientId", a."startsAt", a."endsAt", a.status,
  count(*)::int,
  min(e.at) FILTER (WHERE e.type = 'CHECKED_IN'),
  min(e.at) FILTER (WHERE e.type = 'ADMITTED'),
  min(e.at) FILTER (WHERE e.type = 'JOINED'),
  min(e.at) FILTER (WHERE e.type = 'CONNECTED'),
  max(e.at) FILTER (WHERE e.type IN ('CONNECTED', 'RECONNECTED')),
  max(e.at) FILTER (WHERE e.type = 'RECONNECTING'),
  max(e.at) FILTER (WHERE e.type IN ('CONNECTED', 'RECONNECTING', 'RECONNECTED', 'QUALITY', 'LEFT')),
  min(e.at) FILTER (WHERE e.type = 'ENDED'),
  min(e.at) FILTER (WHERE e.type = 'NO_SHOW'),
  bool_or(coalesce(e.data -> 'relayed' = 'true'::jsonb, false)) FILTER (WHERE e.type IN ('CONNECTED', 'RECONNECTED')),
  (count(*) FILTER (WHERE e.type = 'RECONNECTING' AND e."actorId" = a."patientId"))::int,
  (count(*) FILTER (WHERE e.type = 'RECONNECTING' AND e."actorId" = a."providerId"))::int,
  (count(*) FILTER (WHERE e.type = 'QUALITY' AND e.data ->> 'quality' IN ('good', 'fair', 'poor')))::int,
  coalesce(sum(CASE e.data ->> 'quality' WHEN 'good' THEN 1.0 WHEN 'fair' THEN 0.5 WHEN 'poor' THEN 0.0 END) FILTER (WHERE e.type = 'QUALITY'), 0)::float8
FROM "VisitEvent" e
JOIN "Appointment" a ON a.id = e."appointmentId"
GROUP BY a.id
ON CONFLICT ("appointmentId") DO UPDATE SET
  "eventCount" = s."eventCount" + EXCLUDED."eventCount",
  "checkedInAt" = LEAST(s."checkedInAt", EXCLUDED."checkedInAt"),
  "admittedAt" = LEAST(s."admittedAt", EXCLUDED."admittedAt"),
  "firstJoinedAt" = LEAST(s."firstJoinedAt", EXCLUDED."firstJoinedAt"),
  "firstConnectedAt" = LEAST(s."firstConnectedAt", EXCLUDED."firstConnectedAt"),
  "lastRecoveredAt" = GREATEST(s."lastRecoveredAt", EXCLUDED."lastRecoveredAt"),
  "lastReconnectingAt" = GREATEST(s."lastReconnectingAt", EXCLUDED."lastReconnectingAt"),
  "lastCallActivityAt" = GREATEST(s."lastCallActivityAt", EXCLUDED."lastCallActivityAt"),
  "endedAt" = LEAST(s."endedAt", EXCLUDED."endedAt"),
  "noShowAt" = LEAST(s."noShowAt", EXCLUDED."noShowAt"),
  relayed = CASE WHEN s.relayed IS NULL THEN EXCLUDED.relayed WHEN EXCLUDED.relayed IS NULL THEN s.relayed ELSE s.relayed OR EXCLUDED.relayed END,
  "patientReconnects" = s."patientReconnects" + EXCLUDED."patientReconnects",
  "providerReconnects" = s."providerReconnects" + EXCLUDED."providerReconnects",
  "qualitySamples" = s."qualitySamples" + EXCLUDED."qualitySamples",
  "qualityScore" = s."qualityScore" + EXCLUDED."qualityScore";

-- The audit trail is a record of who looked: nobody edits, deletes or truncates it, not even the app.
CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEntry_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();

CREATE TRIGGER "AuditEntry_no_truncate"
  BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();
