// The engine's storage port on the embedded SQLite file, straight on better-sqlite3.
//
// Why not through Prisma like PostgreSQL: on SQLite the database itself answers a small statement in a
// few microseconds, and Prisma's client adds 50–200 µs to each one (bench/README.md, "Engine"), so a
// command cost 15–18 times what the same statements cost on the driver. Here statements are prepared
// once and cached. The schema, the migrations and the row formats stay Prisma's: rows written here are
// read by the Prisma client and the other way round (test/db/sqlite-store.test.ts proves it).
//
// One connection, and one transaction at a time on it: transactions queue in-process (as Prisma's
// adapter does with its mutex) and take SQLite's write lock as they begin (BEGIN IMMEDIATE), so what a
// transaction reads stays true until it commits. Another process on the same file gets "busy" at once
// (busy timeout 0, never blocking the event loop) and the whole transaction is retried.
import type Database from 'better-sqlite3';
import type { BallotData, Store, StoreTx, VoteRequest, VoteResult, VoteRules } from '../core/store.js';
import type { WorkshopData, WorkspaceRecord } from '../core/records.js';
import type { OperatorStore, WorkshopListing } from './operator-lookups.js';
import { ReadBatches } from './read-batches.js';
import { withConflictRetry } from './retry.js';
import { newId, SqliteStatements, sqliteTimestamp } from './sqlite-sql.js';
import { SqliteStoreTx } from './sqlite-store-tx.js';
import { sqliteVoteWriter } from './vote-writer-sqlite.js';
import { TxJobs, type JobOutbox } from './jobs/outbox.js';

export class SqliteStore implements Store, OperatorStore {
  private readonly sql: SqliteStatements;
  private readonly writeVote: ReturnType<typeof sqliteVoteWriter>;
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * Ballots of one workshop asked for at once are read together (read-batches.ts): statements on the file are
   * microseconds, one short transaction holds them together, and what every ballot shows is read once.
   */
  private readonly ballots = new ReadBatches<string, BallotData | null>(async (key, userIds) => {
    const [workspaceId, workshopId] = key.split('\u0000') as [string, string];
    return (await this.transaction(workspaceId, (tx) => (tx as SqliteStoreTx).loadBallots(workshopId, userIds))) ?? userIds.map(() => null);
  });

  /** `options.jobs`: the job queue that StoreTx.enqueue and votes record jobs for (without one, recording jobs throws). */
  constructor(connection: () => Database.Database, private readonly options: { jobs?: JobOutbox } = {}) {
    this.sql = new SqliteStatements(connection);
    this.writeVote = sqliteVoteWriter(() => this.sql.connection, options.jobs);
  }

  castVote(workspaceId: string, request: VoteRequest, rules: VoteRules): Promise<{ replay: string } | VoteResult> {
    return withConflictRetry(() => this.serially(() => this.writeVote(workspaceId, request, rules)));
  }

  transaction<T>(workspaceId: string, work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return withConflictRetry(() => this.serially(async () => {
      const db = this.sql.connection;
      db.exec('BEGIN IMMEDIATE');
      try {
        const jobs = new TxJobs(this.options.jobs);
        const result = await work(new SqliteStoreTx(this.sql, workspaceId, jobs));
        db.exec('COMMIT');
        jobs.committed();
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }));
  }

  loadBallot(workspaceId: string, workshopId: string, userId: string): Promise<BallotData | null> {
    return this.ballots.get(`${workspaceId}\u0000${workshopId}`, userId);
  }

  loadWorkshop(workspaceId: string, workshopId: string): Promise<WorkshopData | null> {
    return this.transaction(workspaceId, (tx) => tx.loadWorkshop(workshopId));
  }

  async ensureWorkspace(platform: string, externalId: string, name = ''): Promise<WorkspaceRecord> {
    // Retried like every write: another process holding the file's write lock answers "busy" at once.
    return withConflictRetry(() => this.serially(async () => {
      // Called on every request: a workspace known, installed and named as asked needs no write.
      const found = this.sql.get<WorkspaceRecord & { uninstalledAt: string | null }>(
        'SELECT "id", "platform", "externalId", "name", "uninstalledAt" FROM "Workspace" WHERE "platform" = ? AND "externalId" = ?', platform, externalId,
      );
      if (found && found.uninstalledAt === null && (name === '' || name === found.name)) {
        return { id: found.id, platform: found.platform, externalId: found.externalId, name: found.name };
      }
      return this.sql.get<WorkspaceRecord>(
        // Someone using it shows the app is installed there: a removal recorded earlier no longer stands.
        `INSERT INTO "Workspace" ("id", "platform", "externalId", "name", "createdAt") VALUES (?, ?, ?, ?, ?)
          ON CONFLICT ("platform", "externalId") DO UPDATE SET "name" = CASE WHEN excluded."name" = '' THEN "name" ELSE excluded."name" END, "uninstalledAt" = NULL
          RETURNING "id", "platform", "externalId", "name"`,
        newId(), platform, externalId, name, sqliteTimestamp(),
      )!;
    }));
  }

  async setUninstalled(platform: string, externalId: string, at: Date | null): Promise<string | null> {
    return withConflictRetry(() => this.serially(async () => this.sql.get<{ id: string }>(
      'UPDATE "Workspace" SET "uninstalledAt" = ? WHERE "platform" = ? AND "externalId" = ? RETURNING "id"',
      at ? sqliteTimestamp(at) : null, platform, externalId,
    )?.id ?? null));
  }

  async purgeWorkspace(workspaceId: string, since: Date): Promise<boolean> {
    return withConflictRetry(() => this.serially(async () => {
      const db = this.sql.connection;
      db.exec('BEGIN IMMEDIATE');
      try {
        const found = this.sql.get<{ uninstalledAt: string | null }>('SELECT "uninstalledAt" FROM "Workspace" WHERE "id" = ?', workspaceId);
        if (!found?.uninstalledAt || new Date(found.uninstalledAt).getTime() !== since.getTime()) {
          db.exec('ROLLBACK');
          return false;
        }
        new TxJobs(this.options.jobs).discardSync((sql, params) => { this.sql.run(sql, ...(params as never[])); }, { workspaceId });
        // Every row of the workspace goes with it (ON DELETE CASCADE on every table).
        this.sql.run('DELETE FROM "Workspace" WHERE "id" = ?', workspaceId);
        db.exec('COMMIT');
        return true;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }));
  }

  async workspaceOfWorkshop(workshopId: string): Promise<string | null> {
    return this.serially(async () => this.sql.get<{ workspaceId: string }>('SELECT "workspaceId" FROM "Workshop" WHERE "id" = ?', workshopId)?.workspaceId ?? null);
  }

  async allWorkshops(): Promise<WorkshopListing[]> {
    return this.serially(async () => this.sql.all<WorkshopListing>(
      `SELECT w."id", w."title", w."step", w."status", s."platform", s."externalId" FROM "Workshop" w JOIN "Workspace" s ON s."id" = w."workspaceId"
        ORDER BY w."createdAt" DESC, w."id" DESC`,
    ));
  }

  /** Runs `work` once every earlier unit on this connection has finished, whatever their outcome. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
