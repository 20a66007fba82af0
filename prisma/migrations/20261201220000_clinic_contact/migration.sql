-- CreateTable
CREATE TABLE "ClinicContact" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "phone" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "hours" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "ClinicContact_pkey" PRIMARY KEY ("id"),
    -- One clinic, one row.
    CONSTRAINT "ClinicContact_single_row" CHECK ("id" = 1)
);
