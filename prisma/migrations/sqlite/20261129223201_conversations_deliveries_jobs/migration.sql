-- Conversations, deliveries and the embedded job queue. Hand-edited from the generated diff: the rows of
-- "SlackConversation" are carried over before it is dropped — each becomes a "Conversation" (platform 'slack',
-- its channel, anchor and step messages; a 'pending:' claim, which only meant "being posted", becomes NULL), and
-- each key of its comma-separated "delivered" list a "Delivery" row that was delivered. Rows whose workshop is
-- gone are left behind (the old table had no foreign key).
-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "uninstalledAt" DATETIME;

-- CreateTable
CREATE TABLE "Conversation" (
    "workshopId" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "rootMessageId" TEXT,
    "step" TEXT,
    "stepMessageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Conversation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Delivery" (
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "ref" TEXT,
    "permanent" BOOLEAN NOT NULL DEFAULT false,
    "claimedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("workshopId", "key"),
    CONSTRAINT "Delivery_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Delivery_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmbeddedJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "queue" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "key" TEXT,
    "state" TEXT NOT NULL DEFAULT 'created',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "retryLimit" INTEGER NOT NULL,
    "retryDelaySeconds" REAL NOT NULL,
    "expireSeconds" REAL NOT NULL,
    "startAfter" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_platform_conversationId_idx" ON "Conversation"("workspaceId", "platform", "conversationId");

-- CreateIndex
CREATE INDEX "EmbeddedJob_state_startAfter_idx" ON "EmbeddedJob"("state", "startAfter");

-- CreateIndex
CREATE INDEX "EmbeddedJob_queue_key_state_idx" ON "EmbeddedJob"("queue", "key", "state");

-- Carry "SlackConversation" over
INSERT INTO "Conversation" ("workshopId", "workspaceId", "platform", "conversationId", "rootMessageId", "step", "stepMessageId", "createdAt", "updatedAt")
SELECT s."workshopId", w."workspaceId", 'slack', s."channelId",
    CASE WHEN s."anchorTs" LIKE 'pending:%' THEN NULL ELSE s."anchorTs" END,
    s."step",
    CASE WHEN s."stepTs" LIKE 'pending:%' THEN NULL ELSE s."stepTs" END,
    s."createdAt", s."updatedAt"
FROM "SlackConversation" s JOIN "Workshop" w ON w."id" = s."workshopId";

WITH RECURSIVE "split" ("workshopId", "workspaceId", "at", "key", "rest") AS (
    SELECT s."workshopId", w."workspaceId", s."updatedAt", '', s."delivered" || ','
    FROM "SlackConversation" s JOIN "Workshop" w ON w."id" = s."workshopId"
    UNION ALL
    SELECT "workshopId", "workspaceId", "at", substr("rest", 1, instr("rest", ',') - 1), substr("rest", instr("rest", ',') + 1)
    FROM "split" WHERE "rest" <> ''
)
INSERT INTO "Delivery" ("workspaceId", "workshopId", "key", "status", "attempts", "permanent", "claimedAt", "createdAt", "updatedAt")
SELECT "workspaceId", "workshopId", "key", 'delivered', 1, false, "at", "at", "at" FROM "split" WHERE "key" <> ''
ON CONFLICT DO NOTHING;

-- DropTable
DROP TABLE "SlackConversation";
