// The map pictures and roadmap documents that were posted as links (src/conversation/file-links.ts,
// PublishedFileStore), on the Prisma client for both databases. Every query filters on the workspace, so a
// link signed for one workspace never reads another's files. Rows go with their workshop and their
// workspace (ON DELETE CASCADE).
import type { PublishedFile, PublishedFileStore } from '../conversation/file-links.js';
import type { Db } from './client.js';
import { retryingClient, withConflictRetry } from './retry.js';

export class PublishedFiles implements PublishedFileStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = retryingClient(db);
  }

  async save(workspaceId: string, workshopId: string, version: string, files: readonly PublishedFile[]): Promise<void> {
    const now = new Date();
    // One statement per file, insert-if-absent: a version's bytes never change, so the first saved is kept
    // when a retried job or another replica saves the same file at the same moment. Not one transaction: a
    // file saved alone is already good, and a retry saves the rest.
    for (const f of files) {
      await withConflictRetry(() => this.db.$executeRaw`
        INSERT INTO "PublishedFile" ("workspaceId", "workshopId", "version", "name", "bytes", "createdAt")
        SELECT ${workspaceId}, ${workshopId}, ${version}, ${f.name}, ${new Uint8Array(f.bytes)}, ${now}
        WHERE EXISTS (SELECT 1 FROM "Workshop" WHERE "id" = ${workshopId} AND "workspaceId" = ${workspaceId})
        ON CONFLICT DO NOTHING`);
    }
  }

  async get(workspaceId: string, workshopId: string, version: string, name: string): Promise<Buffer | null> {
    const r = await this.db.publishedFile.findFirst({ where: { workspaceId, workshopId, version, name }, select: { bytes: true } });
    return r ? Buffer.from(r.bytes) : null;
  }

  async names(workspaceId: string, workshopId: string, version: string): Promise<string[]> {
    const rows = await this.db.publishedFile.findMany({ where: { workspaceId, workshopId, version }, select: { name: true }, orderBy: { name: 'asc' } });
    return rows.map((r) => r.name);
  }
}
