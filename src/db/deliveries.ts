// Which deliveries a workshop made on its platform (src/conversation/storage.ts, DeliveryStore), on the
// Prisma client for both databases: one row per (workshop, key), claimed before sending so that two replicas,
// or two runs of one job, never make the same delivery twice. Every query filters on the workspace.
//
// A claim is an insert-if-absent through the unique key (ON CONFLICT DO NOTHING: never a caught exception,
// which on PostgreSQL would abort an enclosing transaction); when the row exists, a takeover is a
// conditional update on the status and attempt count read just before, so of two claimers only one wins.
import type { DeliveryClaim, DeliveryRecord, DeliveryStore } from '../conversation/storage.js';
import type { Db } from './client.js';
import { retryingClient, withConflictRetry } from './retry.js';

/** A "sending" claim older than this is taken for the claim of a process that died mid-send. */
export const DEFAULT_STALE_AFTER_MS = 5 * 60_000;

type Status = DeliveryRecord['status'];

export class Deliveries implements DeliveryStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = retryingClient(db);
  }

  async claim(workspaceId: string, workshopId: string, key: string, options: { now?: Date; staleAfterMs?: number } = {}): Promise<DeliveryClaim> {
    const now = options.now ?? new Date();
    const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    const inserted = await withConflictRetry(() => this.db.$executeRaw`
      INSERT INTO "Delivery" ("workspaceId", "workshopId", "key", "status", "attempts", "claimedAt", "createdAt", "updatedAt")
      VALUES (${workspaceId}, ${workshopId}, ${key}, 'sending', 1, ${now}, ${now}, ${now})
      ON CONFLICT DO NOTHING`);
    if (inserted === 1) return { status: 'claimed', attempt: 1 };

    // The row exists. A takeover that loses to another claimer re-reads what that one left.
    for (let round = 0; round < 3; round += 1) {
      const row = await this.db.delivery.findFirst({ where: { workspaceId, workshopId, key } });
      if (!row) throw new Error(`delivery ${key} of workshop ${workshopId} is not in workspace ${workspaceId}`);
      const status = row.status as Status;
      if (status === 'delivered') return { status: 'delivered', ref: row.ref };
      if (status === 'failed' && row.permanent) return { status: 'failed', error: row.error ?? '' };
      if (status === 'sending' && now.getTime() - row.claimedAt.getTime() < staleAfterMs) return { status: 'race' };
      // 'retry', a failure that may be retried, or a stale claim: take it over if nobody changed it since.
      const { count } = await this.db.delivery.updateMany({
        where: { workspaceId, workshopId, key, status: row.status, attempts: row.attempts },
        data: { status: 'sending', attempts: { increment: 1 }, claimedAt: now, permanent: false },
      });
      if (count === 1) return { status: 'claimed', attempt: row.attempts + 1 };
    }
    return { status: 'race' };
  }

  async delivered(workspaceId: string, workshopId: string, key: string, ref: string | null = null): Promise<void> {
    const { count } = await this.db.delivery.updateMany({
      where: { workspaceId, workshopId, key }, data: { status: 'delivered', ref, error: null, permanent: false },
    });
    if (count === 1) return;
    // Made without a claim (or its row is gone): recorded all the same, so it is not made again.
    const now = new Date();
    await withConflictRetry(() => this.db.$executeRaw`
      INSERT INTO "Delivery" ("workspaceId", "workshopId", "key", "status", "attempts", "ref", "claimedAt", "createdAt", "updatedAt")
      VALUES (${workspaceId}, ${workshopId}, ${key}, 'delivered', 1, ${ref}, ${now}, ${now}, ${now})
      ON CONFLICT DO NOTHING`);
  }

  async failed(workspaceId: string, workshopId: string, key: string, error: string, permanent: boolean): Promise<void> {
    // Never over a delivery that was made: a claim taken over as stale may have succeeded in the meantime.
    await this.db.delivery.updateMany({
      where: { workspaceId, workshopId, key, status: { not: 'delivered' } },
      data: { status: permanent ? 'failed' : 'retry', error, permanent },
    });
  }

  async list(workspaceId: string, workshopId: string): Promise<DeliveryRecord[]> {
    const rows = await this.db.delivery.findMany({ where: { workspaceId, workshopId }, orderBy: [{ createdAt: 'asc' }, { key: 'asc' }] });
    return rows.map((r) => ({
      workshopId: r.workshopId, key: r.key, status: r.status as Status, attempts: r.attempts, error: r.error, ref: r.ref, updatedAt: r.updatedAt,
    }));
  }
}
