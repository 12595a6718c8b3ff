-- CreateTable
CREATE TABLE "TeamsReference" (
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "teamsUserId" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "serviceUrl" TEXT NOT NULL,
    "personalConversationId" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("workspaceId", "userId"),
    CONSTRAINT "TeamsReference_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PublishedFile" (
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "bytes" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("workshopId", "version", "name"),
    CONSTRAINT "PublishedFile_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PublishedFile_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TeamsReference_workspaceId_updatedAt_idx" ON "TeamsReference"("workspaceId", "updatedAt");
