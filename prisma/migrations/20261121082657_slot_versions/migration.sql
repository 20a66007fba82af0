-- AlterTable
ALTER TABLE "ProviderProfile" ADD COLUMN     "slotsVersion" INTEGER NOT NULL DEFAULT 0;

-- Free slots are cached per provider under "slotsVersion" (lib/providers/slot-cache.ts). Every change that
-- can alter a provider's free slots bumps it here, in the writer's own transaction, so no code path can
-- forget to and every instance sees the change at its next request.
CREATE FUNCTION bump_slots_version(provider text) RETURNS void AS $$
  UPDATE "ProviderProfile" SET "slotsVersion" = "slotsVersion" + 1 WHERE "userId" = provider;
$$ LANGUAGE sql;

-- For tables with a "providerId": appointments, weekly hours and dated exceptions.
CREATE FUNCTION provider_slots_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM bump_slots_version(OLD."providerId"); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."providerId" <> OLD."providerId") THEN
    PERFORM bump_slots_version(NEW."providerId");
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER "Appointment_slots_added_or_removed"
  AFTER INSERT OR DELETE ON "Appointment"
  FOR EACH ROW EXECUTE FUNCTION provider_slots_changed();

-- Check-in, completion and no-shows leave the time blocked: only moves and cancellations free or take slots.
CREATE TRIGGER "Appointment_slots_moved"
  AFTER UPDATE ON "Appointment"
  FOR EACH ROW
  WHEN (OLD."startsAt" IS DISTINCT FROM NEW."startsAt"
     OR OLD."endsAt" IS DISTINCT FROM NEW."endsAt"
     OR OLD."blockedUntil" IS DISTINCT FROM NEW."blockedUntil"
     OR OLD."providerId" IS DISTINCT FROM NEW."providerId"
     OR (OLD."status" = 'CANCELLED') IS DISTINCT FROM (NEW."status" = 'CANCELLED'))
  EXECUTE FUNCTION provider_slots_changed();

CREATE TRIGGER "AvailabilityRule_slots"
  AFTER INSERT OR UPDATE OR DELETE ON "AvailabilityRule"
  FOR EACH ROW EXECUTE FUNCTION provider_slots_changed();

CREATE TRIGGER "AvailabilityException_slots"
  AFTER INSERT OR UPDATE OR DELETE ON "AvailabilityException"
  FOR EACH ROW EXECUTE FUNCTION provider_slots_changed();

CREATE FUNCTION provider_profile_slots_changed() RETURNS trigger AS $$
BEGIN
  NEW."slotsVersion" := OLD."slotsVersion" + 1;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER "ProviderProfile_slots"
  BEFORE UPDATE ON "ProviderProfile"
  FOR EACH ROW
  WHEN (OLD."visitMinutes" IS DISTINCT FROM NEW."visitMinutes"
     OR OLD."bufferMinutes" IS DISTINCT FROM NEW."bufferMinutes"
     OR OLD."minNoticeMinutes" IS DISTINCT FROM NEW."minNoticeMinutes"
     OR OLD."horizonDays" IS DISTINCT FROM NEW."horizonDays")
  EXECUTE FUNCTION provider_profile_slots_changed();

-- The slot answer carries the provider's name and zone, and only active providers offer slots.
CREATE FUNCTION user_slots_changed() RETURNS trigger AS $$
BEGIN
  PERFORM bump_slots_version(NEW."id");
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER "User_slots"
  AFTER UPDATE ON "User"
  FOR EACH ROW
  WHEN (OLD."name" IS DISTINCT FROM NEW."name"
     OR OLD."timeZone" IS DISTINCT FROM NEW."timeZone"
     OR OLD."active" IS DISTINCT FROM NEW."active"
     OR OLD."role" IS DISTINCT FROM NEW."role")
  EXECUTE FUNCTION user_slots_changed();
