-- CreateEnum
CREATE TYPE "VisitEventType" AS ENUM ('DEVICE_CHECK', 'CHECKED_IN', 'RUNNING_LATE', 'ADMITTED', 'JOINED', 'LEFT', 'CONNECTED', 'RECONNECTING', 'RECONNECTED', 'QUALITY', 'ENDED', 'NO_SHOW');

-- CreateTable
CREATE TABLE "VisitEvent" (
    "id" BIGSERIAL NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "type" "VisitEventType" NOT NULL,
    "actorId" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "VisitEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VisitEvent_appointmentId_at_idx" ON "VisitEvent"("appointmentId", "at");

-- CreateIndex
CREATE INDEX "VisitEvent_type_at_idx" ON "VisitEvent"("type", "at");

-- AddForeignKey
ALTER TABLE "VisitEvent" ADD CONSTRAINT "VisitEvent_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Visit events are a record of what happened: nobody edits or deletes them, not even the app.
CREATE FUNCTION visit_event_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'visit events are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "VisitEvent_append_only"
  BEFORE UPDATE OR DELETE ON "VisitEvent"
  FOR EACH ROW EXECUTE FUNCTION visit_event_is_append_only();
