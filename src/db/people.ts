// People's time zones (src/conversation/schedule-store.ts, PersonStore), on the Prisma client for both
// databases. Every query filters on the workspace. Setting a time zone is one upsert that writes only when it
// changed: adapters call it on every request that carries one, and most of those change nothing.
import type { PersonStore } from '../conversation/schedule-store.js';
import type { Db } from './client.js';
import { retryingClient, withConflictRetry } from './retry.js';

export class People implements PersonStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = retryingClient(db);
  }

  async setTimeZone(workspaceId: string, userId: string, timeZone: string): Promise<boolean> {
    const now = new Date();
    const written = await withConflictRetry(() => this.db.$executeRaw`
      INSERT INTO "Person" ("workspaceId", "userId", "timeZone", "updatedAt")
      SELECT ${workspaceId}, ${userId}, ${timeZone}, ${now}
      WHERE EXISTS (SELECT 1 FROM "Workspace" WHERE "id" = ${workspaceId})
      ON CONFLICT ("workspaceId", "userId") DO UPDATE SET "timeZone" = excluded."timeZone", "updatedAt" = excluded."updatedAt"
      WHERE "Person"."timeZone" IS NULL OR "Person"."timeZone" <> excluded."timeZone"`);
    return written > 0;
  }

  async timeZones(workspaceId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db.person.findMany({ where: { workspaceId, userId: { in: [...userIds] }, timeZone: { not: null } }, select: { userId: true, timeZone: true } });
    return new Map(rows.map((r) => [r.userId, r.timeZone!]));
  }
}
