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
import type { Store, StoreTx, VoteRequest, VoteResult, VoteRules } from '../core/store.js';
import type { WorkspaceRecord } from '../core/records.js';
import type { OperatorStore, WorkshopListing } from './operator-store.js';
import { withConflictRetry } from './retry.js';
import { newId, SqliteStatements, sqliteTimestamp } from './sqlite-sql.js';
import { SqliteStoreTx } from './sqlite-store-tx.js';
import { sqliteVoteWriter } from './vote-writer-sqlite.js';

export class SqliteStore implements Store, OperatorStore {
  private readonly sql: SqliteStatements;
  private readonly writeVote: ReturnType<typeof sqliteVoteWriter>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(connection: () => Database.Database) {
    this.sql = new SqliteStatements(connection);
    this.writeVote = sqliteVoteWriter(() => this.sql.connection);
  }

  castVote(workspaceId: string, request: VoteRequest, rules: VoteRules): Promise<{ replay: string } | VoteResult> {
    return withConflictRetry(() => this.serially(() => this.writeVote(workspaceId, request, rules)));
  }

  transaction<T>(workspaceId: string, work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return withConflictRetry(() => this.serially(async () => {
      const db = this.sql.connection;
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(new SqliteStoreTx(this.sql, workspaceId));
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }));
  }

  async ensureWorkspace(platform: string, externalId: string, name = ''): Promise<WorkspaceRecord> {
    return this.serially(async () => this.sql.get<WorkspaceRecord>(
      `INSERT INTO "Workspace" ("id", "platform", "externalId", "name", "createdAt") VALUES (?, ?, ?, ?, ?)
        ON CONFLICT ("platform", "externalId") DO UPDATE SET "name" = CASE WHEN excluded."name" = '' THEN "name" ELSE excluded."name" END
        RETURNING "id", "platform", "externalId", "name"`,
      newId(), platform, externalId, name, sqliteTimestamp(),
    )!);
  }

  async workspaceOfWorkshop(workshopId: string): Promise<string | null> {
    return this.serially(async () => this.sql.get<{ workspaceId: string }>('SELECT "workspaceId" FROM "Workshop" WHERE "id" = ?', workshopId)?.workspaceId ?? null);
  }

  async allWorkshops(): Promise<WorkshopListing[]> {
    return this.serially(async () => this.sql.all<WorkshopListing>(
      `SELECT w."id", w."title", w."step", w."status", s."platform", s."externalId" FROM "Workshop" w JOIN "Workspace" s ON s."id" = w."workspaceId"
        ORDER BY w."createdAt" DESC, w."rowid" DESC`,
    ));
  }

  /** Runs `work` once every earlier unit on this connection has finished, whatever their outcome. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
