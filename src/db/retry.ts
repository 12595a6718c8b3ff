// Concurrent writers on one database sometimes collide: SQLite answers "busy" when another connection
// holds the write lock (we never block the event loop waiting for it), PostgreSQL aborts one side of a
// deadlock or serialization failure. The unit of work is a whole transaction, so it is safe to run again.
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryableConflict } from './client.js';
import { DomainError } from '../core/errors.js';

export interface RetryOptions {
  /** Give up after this long (default 15 s). */
  budgetMs?: number;
}

export async function withConflictRetry<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.budgetMs ?? 15_000);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryableConflict(error)) throw error;
      if (Date.now() >= deadline) throw new DomainError('errors.conflictRetriesExhausted');
      // Exponential backoff with full jitter, from 1 ms up to 50 ms, so colliding writers spread out.
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
  }
}
