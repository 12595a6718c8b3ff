// Where each workshop lives on its chat platform (src/conversation/storage.ts, ConversationStore), on the
// Prisma client for both databases. Every query filters on the workspace. Statements run one at a time,
// outside any transaction, each retried when it meets a write lock (on SQLite the engine's store writes
// through a connection of its own and holds the lock while it does).
import type { ConversationRecord, ConversationStore, PlatformName } from '../conversation/storage.js';
import type { Db } from './client.js';
import { retryingClient, withConflictRetry } from './retry.js';
import type * as P from './generated/sqlite/client.js';

function record(r: P.Conversation): ConversationRecord {
  return {
    workspaceId: r.workspaceId, workshopId: r.workshopId, platform: r.platform as PlatformName, conversationId: r.conversationId,
    rootMessageId: r.rootMessageId, step: r.step, stepMessageId: r.stepMessageId, createdAt: r.createdAt,
  };
}

export class Conversations implements ConversationStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = retryingClient(db);
  }

  async create(workspaceId: string, workshopId: string, platform: PlatformName, conversationId: string): Promise<void> {
    // Insert-if-absent in one statement: a framing submission delivered twice at once (a platform's retry
    // overtaking the first) reaches here twice with the same workshop, and the first row is the one we want.
    const now = new Date();
    await withConflictRetry(() => this.db.$executeRaw`
      INSERT INTO "Conversation" ("workshopId", "workspaceId", "platform", "conversationId", "createdAt", "updatedAt")
      VALUES (${workshopId}, ${workspaceId}, ${platform}, ${conversationId}, ${now}, ${now})
      ON CONFLICT DO NOTHING`);
  }

  async get(workspaceId: string, workshopId: string): Promise<ConversationRecord | null> {
    const r = await this.db.conversation.findFirst({ where: { workspaceId, workshopId } });
    return r ? record(r) : null;
  }

  async latestIn(workspaceId: string, platform: PlatformName, conversationId: string): Promise<ConversationRecord | null> {
    const r = await this.db.conversation.findFirst({
      where: { workspaceId, platform, conversationId },
      orderBy: [{ createdAt: 'desc' }, { workshopId: 'desc' }],
    });
    return r ? record(r) : null;
  }

  async byThread(workspaceId: string, platform: PlatformName, conversationId: string, rootMessageId: string): Promise<ConversationRecord | null> {
    const r = await this.db.conversation.findFirst({
      where: { workspaceId, platform, conversationId, rootMessageId },
      orderBy: [{ createdAt: 'desc' }, { workshopId: 'desc' }],
    });
    return r ? record(r) : null;
  }

  async conversationsOf(workspaceId: string, workshopIds: readonly string[]): Promise<Map<string, string>> {
    if (workshopIds.length === 0) return new Map();
    const rows = await this.db.conversation.findMany({
      where: { workspaceId, workshopId: { in: [...workshopIds] } }, select: { workshopId: true, conversationId: true },
    });
    return new Map(rows.map((r) => [r.workshopId, r.conversationId]));
  }

  async setRootMessage(workspaceId: string, workshopId: string, messageId: string | null): Promise<void> {
    await this.db.conversation.updateMany({ where: { workspaceId, workshopId }, data: { rootMessageId: messageId } });
  }

  async setStepMessage(workspaceId: string, workshopId: string, step: string, messageId: string | null): Promise<void> {
    await this.db.conversation.updateMany({ where: { workspaceId, workshopId }, data: { step, stepMessageId: messageId } });
  }
}
