// Concurrent writers on one database sometimes collide, and the unit of work is a whole transaction,
// so it is safe to run again:
// - SQLite answers "busy" when another connection holds the write lock (we never block the event loop
//   waiting for it); PostgreSQL aborts one side of a deadlock or serialization failure;
// - a unique violation means a race was lost (two first clicks of one user both creating their
//   participant row). Re-running lets the rules see the winner's row and decide again. It is retried
//   a few times only: a unique violation that persists is a bug, not a race.
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryableConflict, type Db } from './client.js';
import { DomainError } from '../core/errors.js';

export interface RetryOptions {
  /** Give up after this long (default 15 s). */
  budgetMs?: number;
}

const MAX_UNIQUE_RETRIES = 3;

/** Prisma's P2002, or better-sqlite3's own code when a store writes on the driver directly. */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'P2002' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export async function withConflictRetry<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.budgetMs ?? 15_000);
  let uniqueRetries = 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const unique = isUniqueViolation(error) && uniqueRetries++ < MAX_UNIQUE_RETRIES;
      if (!unique && !isRetryableConflict(error)) throw error;
      if (Date.now() >= deadline) throw new DomainError('errors.conflictRetriesExhausted');
      // Exponential backoff with full jitter, up to 50 ms, so colliding writers spread out.
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
  }
}

/**
 * The client for repositories that write one statement at a time, outside any transaction (the Slack
 * ones): each statement is retried on a write conflict. On SQLite the engine's store writes through a
 * connection of its own, and a statement meeting its write lock fails at once with "busy".
 */
export function retryingClient(db: Db): Db {
  return db.$extends({ query: { $allModels: { $allOperations: ({ args, query }) => withConflictRetry(() => query(args)) } } }) as unknown as Db;
}
