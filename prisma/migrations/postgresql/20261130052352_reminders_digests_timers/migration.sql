-- AlterTable
ALTER TABLE "Workshop" ADD COLUMN     "autoAdvance" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "digestHour" INTEGER,
ADD COLUMN     "digestTimeZone" TEXT,
ADD COLUMN     "remindAnyTime" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reminderHours" TEXT NOT NULL DEFAULT '24,1';

-- CreateTable
CREATE TABLE "Person" (
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "timeZone" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("workspaceId","userId")
);

-- CreateTable
CREATE TABLE "TimedEvent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "claimedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TimedEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepState" (
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "lastNudgeAt" TIMESTAMP(3),
    "timerEndsAt" TIMESTAMP(3),
    "timerLeftMs" INTEGER,
    "timerEnded" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "StepState_pkey" PRIMARY KEY ("workshopId","step")
);

-- CreateIndex
CREATE INDEX "TimedEvent_dueAt_idx" ON "TimedEvent"("dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "TimedEvent_workshopId_key_key" ON "TimedEvent"("workshopId", "key");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimedEvent" ADD CONSTRAINT "TimedEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimedEvent" ADD CONSTRAINT "TimedEvent_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepState" ADD CONSTRAINT "StepState_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepState" ADD CONSTRAINT "StepState_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
