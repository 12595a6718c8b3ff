-- AlterTable
ALTER TABLE "Workshop" ADD COLUMN     "votesLive" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "VoteReveal" (
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "revealedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VoteReveal_pkey" PRIMARY KEY ("workshopId","step")
);

-- CreateTable
CREATE TABLE "UnusedCell" (
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "stageId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnusedCell_pkey" PRIMARY KEY ("stageId","channelId")
);

-- CreateIndex
CREATE INDEX "UnusedCell_workshopId_idx" ON "UnusedCell"("workshopId");

-- AddForeignKey
ALTER TABLE "VoteReveal" ADD CONSTRAINT "VoteReveal_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteReveal" ADD CONSTRAINT "VoteReveal_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnusedCell" ADD CONSTRAINT "UnusedCell_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnusedCell" ADD CONSTRAINT "UnusedCell_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnusedCell" ADD CONSTRAINT "UnusedCell_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "Stage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnusedCell" ADD CONSTRAINT "UnusedCell_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
