-- CreateTable
CREATE TABLE "VoteReveal" (
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "revealedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("workshopId", "step"),
    CONSTRAINT "VoteReveal_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VoteReveal_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnusedCell" (
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "stageId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("stageId", "channelId"),
    CONSTRAINT "UnusedCell_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UnusedCell_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UnusedCell_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "Stage" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UnusedCell_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Workshop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "language" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "journey" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'open',
    "step" TEXT NOT NULL DEFAULT 'framing',
    "voteBudget" INTEGER NOT NULL DEFAULT 3,
    "voteCap" INTEGER NOT NULL DEFAULT 1,
    "votesLive" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "sourceWorkshopId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    CONSTRAINT "Workshop_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Workshop_sourceWorkshopId_fkey" FOREIGN KEY ("sourceWorkshopId") REFERENCES "Workshop" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Workshop" ("anonymous", "basis", "closedAt", "createdAt", "id", "journey", "language", "mode", "scope", "sourceWorkshopId", "status", "step", "title", "updatedAt", "version", "voteBudget", "voteCap", "workspaceId") SELECT "anonymous", "basis", "closedAt", "createdAt", "id", "journey", "language", "mode", "scope", "sourceWorkshopId", "status", "step", "title", "updatedAt", "version", "voteBudget", "voteCap", "workspaceId" FROM "Workshop";
DROP TABLE "Workshop";
ALTER TABLE "new_Workshop" RENAME TO "Workshop";
CREATE INDEX "Workshop_workspaceId_status_idx" ON "Workshop"("workspaceId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "UnusedCell_workshopId_idx" ON "UnusedCell"("workshopId");
