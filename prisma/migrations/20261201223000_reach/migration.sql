-- Reaching the patient: reminders, one-tap join links, visits the clinic books (issue 14).

-- AlterEnum (the new values are not used in this migration, so adding them inside its transaction is safe)
ALTER TYPE "VisitEventType" ADD VALUE 'BOOKED_BY_STAFF';
ALTER TYPE "VisitEventType" ADD VALUE 'REMINDER_SENT';
ALTER TYPE "VisitEventType" ADD VALUE 'REMINDER_FAILED';
ALTER TYPE "VisitEventType" ADD VALUE 'LINK_USED';

-- CreateEnum
CREATE TYPE "ReminderStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'CANCELLED');

-- AlterTable (the patient's account page adds the same two columns in 20261201222000_patient_details)
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "phone" TEXT,
ADD COLUMN IF NOT EXISTS "dateOfBirth" DATE;

-- AlterTable
ALTER TABLE "ProviderProfile" ADD COLUMN     "reminderMinutes" INTEGER[] DEFAULT ARRAY[1440, 60]::INTEGER[];

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "bookedById" TEXT;

-- CreateTable
CREATE TABLE "Reminder" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "offsetMinutes" INTEGER NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "ReminderStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedAt" TIMESTAMPTZ(3),
    "sentAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitLink" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "userId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "VisitLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Reminder_status_dueAt_idx" ON "Reminder"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_appointmentId_startsAt_offsetMinutes_key" ON "Reminder"("appointmentId", "startsAt", "offsetMinutes");

-- CreateIndex
CREATE UNIQUE INDEX "VisitLink_tokenHash_key" ON "VisitLink"("tokenHash");

-- CreateIndex
CREATE INDEX "VisitLink_appointmentId_idx" ON "VisitLink"("appointmentId");

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitLink" ADD CONSTRAINT "VisitLink_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitLink" ADD CONSTRAINT "VisitLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
