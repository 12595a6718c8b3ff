// Who the Teams bot can reach (src/teams/references.ts, TeamsReferenceStore — matched by shape: src/db knows no
// platform), on the Prisma client for both databases. Every query filters on the workspace. `learn` runs on
// every activity, on the request path: it reads first and writes only when something changed, so a burst of
// clicks costs one indexed read each, and SQLite's single write lock is not taken for nothing.
import type { Db } from './client.js';
import { retryingClient } from './retry.js';

export interface TeamsReferenceRecord {
  workspaceId: string;
  userId: string;
  teamsUserId: string;
  name: string;
  serviceUrl: string;
  personalConversationId: string | null;
}

const FIELDS = { workspaceId: true, userId: true, teamsUserId: true, name: true, serviceUrl: true, personalConversationId: true } as const;

export class TeamsReferences {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = retryingClient(db);
  }

  async workspaceOf(tenant: string): Promise<string | null> {
    const found = await this.db.workspace.findUnique({ where: { platform_externalId: { platform: 'teams', externalId: tenant } }, select: { id: true } });
    return found?.id ?? null;
  }

  async learn(r: TeamsReferenceRecord): Promise<void> {
    const key = { workspaceId: r.workspaceId, userId: r.userId };
    const stored = await this.db.teamsReference.findUnique({ where: { workspaceId_userId: key }, select: FIELDS });
    // An unknown name or personal chat (a channel's activity, a chat we opened ourselves) keeps what is stored.
    const next = {
      teamsUserId: r.teamsUserId, serviceUrl: r.serviceUrl,
      name: r.name || stored?.name || '',
      personalConversationId: r.personalConversationId ?? stored?.personalConversationId ?? null,
    };
    if (stored && stored.teamsUserId === next.teamsUserId && stored.serviceUrl === next.serviceUrl && stored.name === next.name
      && stored.personalConversationId === next.personalConversationId) return;
    // One statement either way: two first activities of one person at once both land, the last one winning.
    await this.db.teamsReference.upsert({ where: { workspaceId_userId: key }, create: { ...key, ...next }, update: next });
  }

  async get(workspaceId: string, userId: string): Promise<TeamsReferenceRecord | null> {
    return this.db.teamsReference.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: FIELDS });
  }

  async serviceUrlOf(workspaceId: string): Promise<string | null> {
    const r = await this.db.teamsReference.findFirst({ where: { workspaceId }, orderBy: { updatedAt: 'desc' }, select: { serviceUrl: true } });
    return r?.serviceUrl ?? null;
  }

  async namesOf(workspaceId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db.teamsReference.findMany({ where: { workspaceId, userId: { in: [...userIds] }, name: { not: '' } }, select: { userId: true, name: true } });
    return new Map(rows.map((r) => [r.userId, r.name]));
  }

  async forget(workspaceId: string, userId: string): Promise<void> {
    await this.db.teamsReference.deleteMany({ where: { workspaceId, userId } });
  }
}
