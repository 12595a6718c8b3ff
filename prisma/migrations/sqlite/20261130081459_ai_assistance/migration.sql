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
    "reminderHours" TEXT NOT NULL DEFAULT '24,1',
    "remindAnyTime" BOOLEAN NOT NULL DEFAULT false,
    "autoAdvance" BOOLEAN NOT NULL DEFAULT false,
    "digestHour" INTEGER,
    "digestTimeZone" TEXT,
    "aiTokensUsed" INTEGER NOT NULL DEFAULT 0,
    "narrative" TEXT,
    "narrativeAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "sourceWorkshopId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    CONSTRAINT "Workshop_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Workshop_sourceWorkshopId_fkey" FOREIGN KEY ("sourceWorkshopId") REFERENCES "Workshop" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Workshop" ("anonymous", "autoAdvance", "basis", "closedAt", "createdAt", "digestHour", "digestTimeZone", "id", "journey", "language", "mode", "remindAnyTime", "reminderHours", "scope", "sourceWorkshopId", "status", "step", "title", "updatedAt", "version", "voteBudget", "voteCap", "votesLive", "workspaceId") SELECT "anonymous", "autoAdvance", "basis", "closedAt", "createdAt", "digestHour", "digestTimeZone", "id", "journey", "language", "mode", "remindAnyTime", "reminderHours", "scope", "sourceWorkshopId", "status", "step", "title", "updatedAt", "version", "voteBudget", "voteCap", "votesLive", "workspaceId" FROM "Workshop";
DROP TABLE "Workshop";
ALTER TABLE "new_Workshop" RENAME TO "Workshop";
CREATE INDEX "Workshop_workspaceId_status_idx" ON "Workshop"("workspaceId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
