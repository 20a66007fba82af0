-- One live visit room per participant and visit (issue 13, item 4).

-- CreateTable
CREATE TABLE "RoomHolder" (
    "appointmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "session" TEXT NOT NULL,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RoomHolder_pkey" PRIMARY KEY ("appointmentId","userId")
);

-- AddForeignKey
ALTER TABLE "RoomHolder" ADD CONSTRAINT "RoomHolder_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
