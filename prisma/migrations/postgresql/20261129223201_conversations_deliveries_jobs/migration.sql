-- Conversations, deliveries and the embedded job queue. Hand-edited from the generated diff: the rows of
-- "SlackConversation" are carried over before it is dropped — each becomes a "Conversation" (platform 'slack',
-- its channel, anchor and step messages; a 'pending:' claim, which only meant "being posted", becomes NULL), and
-- each key of its comma-separated "delivered" list a "Delivery" row that was delivered. Rows whose workshop is
-- gone are left behind (the old table had no foreign key).
-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "uninstalledAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Conversation" (
    "workshopId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "rootMessageId" TEXT,
    "step" TEXT,
    "stepMessageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("workshopId")
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
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("workshopId","key")
);

-- CreateTable
CREATE TABLE "EmbeddedJob" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "key" TEXT,
    "state" TEXT NOT NULL DEFAULT 'created',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "retryLimit" INTEGER NOT NULL,
    "retryDelaySeconds" DOUBLE PRECISION NOT NULL,
    "expireSeconds" DOUBLE PRECISION NOT NULL,
    "startAfter" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmbeddedJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_platform_conversationId_idx" ON "Conversation"("workspaceId", "platform", "conversationId");

-- CreateIndex
CREATE INDEX "EmbeddedJob_state_startAfter_idx" ON "EmbeddedJob"("state", "startAfter");

-- CreateIndex
CREATE INDEX "EmbeddedJob_queue_key_state_idx" ON "EmbeddedJob"("queue", "key", "state");

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Carry "SlackConversation" over
INSERT INTO "Conversation" ("workshopId", "workspaceId", "platform", "conversationId", "rootMessageId", "step", "stepMessageId", "createdAt", "updatedAt")
SELECT s."workshopId", w."workspaceId", 'slack', s."channelId",
    CASE WHEN s."anchorTs" LIKE 'pending:%' THEN NULL ELSE s."anchorTs" END,
    s."step",
    CASE WHEN s."stepTs" LIKE 'pending:%' THEN NULL ELSE s."stepTs" END,
    s."createdAt", s."updatedAt"
FROM "SlackConversation" s JOIN "Workshop" w ON w."id" = s."workshopId";

INSERT INTO "Delivery" ("workspaceId", "workshopId", "key", "status", "attempts", "permanent", "claimedAt", "createdAt", "updatedAt")
SELECT w."workspaceId", s."workshopId", k."key", 'delivered', 1, false, s."updatedAt", s."updatedAt", s."updatedAt"
FROM "SlackConversation" s JOIN "Workshop" w ON w."id" = s."workshopId"
    CROSS JOIN LATERAL unnest(string_to_array(s."delivered", ',')) AS k("key")
WHERE k."key" <> ''
ON CONFLICT DO NOTHING;

-- DropTable
DROP TABLE "SlackConversation";
