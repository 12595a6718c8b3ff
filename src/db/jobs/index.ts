// The job queue for the database that was opened: pg-boss on PostgreSQL, a table of the file on SQLite.
// Both are a JobQueue (src/conversation/storage.ts) for the conversation layer and a JobOutbox for the stores,
// which record jobs inside their own transactions (openStore(database, queue)).
import type { Logger } from 'pino';
import type { JobQueue } from '../../conversation/storage.js';
import type { OpenDatabase } from '../client.js';
import type { JobQueueOptions } from './common.js';
import type { JobOutbox } from './outbox.js';

export type AppJobQueue = JobQueue & JobOutbox;
export type { JobQueueOptions };

export { jobSchemaName } from './schema-name.js';

/**
 * Opens the queue of `database`. On PostgreSQL this installs or upgrades pg-boss's schema (safe from several
 * replicas at once). Nothing runs until `work()`; `stop()` stops taking jobs, waits for the running ones
 * and closes what the queue opened (not the database).
 */
export async function openJobQueue(database: Pick<OpenDatabase, 'target'>, logger: Logger, options: JobQueueOptions = {}): Promise<AppJobQueue> {
  const target = database.target;
  // Each queue is loaded only for its database: a process on SQLite never loads pg-boss.
  if (target.provider === 'sqlite') return new (await import('./sqlite-queue.js')).SqliteJobQueue(target.file, logger, options);
  return (await import('./pg-queue.js')).PgBossJobQueue.open(target, logger, options);
}
