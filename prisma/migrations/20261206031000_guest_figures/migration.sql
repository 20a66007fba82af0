-- Guests in a visit (issue 16): the VisitSummary aggregates ignore every event whose data has "guest": true.
-- No guest events exist before this migration, so the stored rows need no recomputation.
CREATE OR REPLACE FUNCTION visit_summary_events_inserted() RETURNS trigger AS $$
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
  -- A guest's own events (data.guest = true: their check-in, admission, joins, connections, quality) are not
  -- the patient's: wait, duration and quality stay per the patient (summarizeEvents() skips them too).
  WHERE NOT coalesce(e.data -> 'guest' = 'true'::jsonb, false)
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
