-- CreateTable
CREATE TABLE "TeamsReference" (
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "teamsUserId" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "serviceUrl" TEXT NOT NULL,
    "personalConversationId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamsReference_pkey" PRIMARY KEY ("workspaceId","userId")
);

-- CreateTable
CREATE TABLE "PublishedFile" (
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishedFile_pkey" PRIMARY KEY ("workshopId","version","name")
);

-- CreateIndex
CREATE INDEX "TeamsReference_workspaceId_updatedAt_idx" ON "TeamsReference"("workspaceId", "updatedAt");

-- AddForeignKey
ALTER TABLE "TeamsReference" ADD CONSTRAINT "TeamsReference_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedFile" ADD CONSTRAINT "PublishedFile_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedFile" ADD CONSTRAINT "PublishedFile_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
