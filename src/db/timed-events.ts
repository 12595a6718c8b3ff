// The timed events of each workshop (src/conversation/schedule-store.ts, TimedEventStore), on the Prisma client
// for both databases. A workshop's plan is replaced in one transaction; claiming due events is safe with several
// replicas: on PostgreSQL one UPDATE takes the rows no one holds, skipping those another replica is taking
// (FOR UPDATE SKIP LOCKED); on SQLite, which has one writer, each row is taken by a compare-and-set on the
// claim read just before, so of two claimers only one wins it. Rows go with their workshop (ON DELETE CASCADE).
import type { EventPlan, TimedEventRecord, TimedEventStore } from '../conversation/schedule-store.js';
import { FOLLOW_UP } from '../conversation/schedule-store.js';
import type { PlatformName } from '../conversation/storage.js';
import type { Db, Provider, RawDriver } from './client.js';
import { retryingClient, withConflictRetry } from './retry.js';
import { sqliteTimestamp } from './sqlite-sql.js';
import type * as P from './generated/sqlite/client.js';

type Row = P.TimedEvent & { workspace: { platform: string; externalId: string } };

function record(r: Row): TimedEventRecord {
  return {
    id: r.id, workspaceId: r.workspaceId, workshopId: r.workshopId, key: r.key, dueAt: r.dueAt, claimedAt: r.claimedAt,
    data: parseData(r.data), platform: r.workspace.platform as PlatformName, workspace: r.workspace.externalId,
  };
}

function parseData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const WITH_WORKSPACE = { workspace: { select: { platform: true, externalId: true } } } as const;

export class TimedEvents implements TimedEventStore {
  private readonly db: Db;

  /**
   * `raw`: the client without the per-statement retry, for transactions (retried whole). `driver`: the driver
   * underneath, asked first whether anything is due — every replica polls every few seconds, idle or not, and
   * Prisma's first query loads its query compiler (~60 MB resident) into a process that may serve no one yet.
   */
  constructor(private readonly raw: Db, private readonly provider: Provider, private readonly driver?: RawDriver) {
    this.db = retryingClient(raw);
  }

  /** Whether any event is due and free, asked of the driver (no Prisma); true when there is no driver to ask. */
  private async anyDue(now: Date, staleBefore: Date): Promise<boolean> {
    const d = this.driver;
    if (!d) return true;
    const where = '"dueAt" <= {now} AND ("claimedAt" IS NULL OR "claimedAt" < {stale})';
    if (d.provider === 'sqlite') {
      // Prisma keeps SQLite DateTimes as ISO 8601 text with one fixed offset: they compare as text.
      const sql = `SELECT 1 FROM "TimedEvent" WHERE ${where.replace('{now}', '?').replace('{stale}', '?')} LIMIT 1`;
      return d.connection().prepare(sql).get(sqliteTimestamp(now), sqliteTimestamp(staleBefore)) !== undefined;
    }
    const sql = `SELECT 1 FROM "TimedEvent" WHERE ${where.replace('{now}', '$1').replace('{stale}', '$2')} LIMIT 1`;
    return (await d.pool.query(sql, [now, staleBefore])).rowCount !== 0;
  }

  async sync(workspaceId: string, workshopId: string, planned: readonly EventPlan[]): Promise<void> {
    const wanted = new Map(planned.map((e) => [e.key, { dueAt: e.dueAt, data: JSON.stringify(e.data) }]));
    await withConflictRetry(() => this.raw.$transaction(async (tx) => {
      // Read in the transaction: a workshop deleted meanwhile (or of another workspace) gets no row.
      if (!(await tx.workshop.findFirst({ where: { id: workshopId, workspaceId }, select: { id: true } }))) return;
      const rows = await tx.timedEvent.findMany({ where: { workspaceId, workshopId } });
      const stale: string[] = [];
      const kept = new Set<string>();
      for (const r of rows) {
        const w = wanted.get(r.key);
        if (w && w.dueAt.getTime() === r.dueAt.getTime() && w.data === r.data) kept.add(r.key);
        else if (w || !r.key.includes(FOLLOW_UP) || wanted.size === 0) stale.push(r.id);
      }
      if (stale.length) await tx.timedEvent.deleteMany({ where: { workspaceId, id: { in: stale } } });
      const fresh = [...wanted].filter(([key]) => !kept.has(key)).map(([key, w]) => ({ workspaceId, workshopId, key, dueAt: w.dueAt, data: w.data }));
      if (fresh.length) await tx.timedEvent.createMany({ data: fresh });
    }, { maxWait: 10_000, timeout: 20_000 }));
  }

  async follow(workspaceId: string, workshopId: string, event: EventPlan): Promise<void> {
    const data = JSON.stringify(event.data);
    await this.db.timedEvent.deleteMany({ where: { workspaceId, workshopId, key: event.key, NOT: { dueAt: event.dueAt, data } } });
    const now = new Date();
    // Insert-if-absent: a retried job plans the same follow-up again; the first row (and its claim) stays.
    await withConflictRetry(() => this.db.$executeRaw`
      INSERT INTO "TimedEvent" ("id", "workspaceId", "workshopId", "key", "dueAt", "data", "createdAt")
      SELECT ${`fu${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 12)}`}, ${workspaceId}, ${workshopId}, ${event.key}, ${event.dueAt}, ${data}, ${now}
      WHERE EXISTS (SELECT 1 FROM "Workshop" WHERE "id" = ${workshopId} AND "workspaceId" = ${workspaceId})
      ON CONFLICT DO NOTHING`);
  }

  async claimDue(now: Date, limit: number, staleAfterMs: number): Promise<TimedEventRecord[]> {
    const staleBefore = new Date(now.getTime() - staleAfterMs);
    if (!(await this.anyDue(now, staleBefore))) return [];
    const ids = this.provider === 'postgresql' ? await this.claimPostgres(now, staleBefore, limit) : await this.claimSqlite(now, staleBefore, limit);
    if (ids.length === 0) return [];
    const rows = await this.db.timedEvent.findMany({ where: { id: { in: ids } }, include: WITH_WORKSPACE, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] });
    return rows.map(record);
  }

  private async claimPostgres(now: Date, staleBefore: Date, limit: number): Promise<string[]> {
    const rows = await withConflictRetry(() => this.raw.$queryRaw<{ id: string }[]>`
      UPDATE "TimedEvent" SET "claimedAt" = ${now}
      WHERE "id" IN (
        SELECT "id" FROM "TimedEvent"
        WHERE "dueAt" <= ${now} AND ("claimedAt" IS NULL OR "claimedAt" < ${staleBefore})
        ORDER BY "dueAt", "id" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id"`);
    return rows.map((r) => r.id);
  }

  private async claimSqlite(now: Date, staleBefore: Date, limit: number): Promise<string[]> {
    const due = await this.db.timedEvent.findMany({
      where: { dueAt: { lte: now }, OR: [{ claimedAt: null }, { claimedAt: { lt: staleBefore } }] },
      select: { id: true, claimedAt: true }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], take: limit,
    });
    const mine: string[] = [];
    for (const row of due) {
      // Taken only if nobody took it since it was read.
      const { count } = await this.db.timedEvent.updateMany({ where: { id: row.id, claimedAt: row.claimedAt }, data: { claimedAt: now } });
      if (count === 1) mine.push(row.id);
    }
    return mine;
  }

  async done(id: string): Promise<void> {
    await this.db.timedEvent.deleteMany({ where: { id } });
  }

  async list(workspaceId: string, workshopId: string): Promise<TimedEventRecord[]> {
    const rows = await this.db.timedEvent.findMany({ where: { workspaceId, workshopId }, include: WITH_WORKSPACE, orderBy: [{ dueAt: 'asc' }, { key: 'asc' }] });
    return rows.map(record);
  }
}
