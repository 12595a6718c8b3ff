// The storage the application runs on: the engine's port, plus the two lookups only operator tools (the
// CLI) make across workspaces. `openStore` picks the implementation for the database that was opened.
import type { Store } from '../core/store.js';
import type { OpenDatabase } from './client.js';
import type { JobOutbox } from './jobs/outbox.js';
import type { OperatorStore } from './operator-lookups.js';
import { PrismaStore } from './prisma-store.js';
import { SqliteStore } from './sqlite-store.js';

export type { OperatorStore, WorkshopListing } from './operator-lookups.js';

export type AppStore = Store & OperatorStore;

/**
 * SQLite: better-sqlite3 directly, with cached statements (Prisma's per-statement cost dominates there);
 * PostgreSQL: Prisma, whose cost is small beside a network round trip. Both share Prisma's schema.
 *
 * `jobs`: the job queue of the same database (src/db/jobs, openJobQueue), in which commands record the jobs
 * that must follow them, in their own transaction. Without it (the CLI) a command that records jobs fails
 * with a clear error; commands that record none run as before.
 */
export function openStore(database: Pick<OpenDatabase, 'prisma' | 'raw'>, jobs?: JobOutbox): AppStore {
  return database.raw.provider === 'sqlite' ? new SqliteStore(database.raw.connection, { jobs }) : new PrismaStore(database, { jobs });
}
