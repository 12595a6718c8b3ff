// What the stores need from the job queue to record jobs inside their own transactions (an outbox): the
// job then exists if and only if the command's transaction commits. The queue (pg-queue.ts, sqlite-queue.ts)
// implements it for its database; the stores hand it their transaction as an executor.
import type { JobRequest } from '../../core/store.js';

/** SQL in the caller's open transaction: Prisma's interactive transaction, a pg client, a better-sqlite3 connection. */
export interface SqlExecutor {
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

export interface JobOutbox {
  readonly provider: 'sqlite' | 'postgresql';
  /** Records the jobs through `sql`, a transaction of the caller that is still open. */
  record(sql: SqlExecutor, jobs: readonly JobRequest[]): Promise<void>;
  /** SQLite only: the same for a synchronous caller (better-sqlite3 inside its own transaction). */
  recordSync(run: (sql: string, params: readonly unknown[]) => void, jobs: readonly JobRequest[]): void;
  /** The transaction that recorded jobs of these queues committed: wake this process's workers for them. */
  committed(queues: Iterable<string>): void;
  /**
   * Deletes, through `sql`, the jobs whose data names this workspace (and this workshop, when given), waiting
   * or finished: what a deleted workshop or a purged workspace leaves behind. Runs in progress finish.
   */
  discard(sql: SqlExecutor, match: JobMatch): Promise<void>;
  /** SQLite only: the same for a synchronous caller. */
  discardSync(run: (sql: string, params: readonly unknown[]) => void, match: JobMatch): void;
  /**
   * PostgreSQL: a SELECT that finds and locks the waiting job of this queue and key, as `record` would first,
   * for a caller to run inside a statement of its own (a CTE) and save a round trip. Its parameters are
   * numbered from `$at`. `lock` false: the same look without the lock, for a read. Absent where recording
   * is not a round trip (SQLite).
   */
  waitingLock?(queue: string, key: string, at: number, lock?: boolean): { sql: string; params: unknown[] };
}

/** Jobs whose data has this `workspaceId` (and this `workshopId`, when given). */
export interface JobMatch {
  workspaceId: string;
  workshopId?: string;
}

export const NO_JOB_QUEUE =
  'this store was opened without a job queue, so it cannot record jobs: open it with openStore(database, queue)';

/**
 * The jobs of one transaction attempt: records them through the outbox and remembers their queues, so that
 * the store wakes the workers once (and only if) the transaction committed.
 */
export class TxJobs {
  private readonly queues = new Set<string>();

  constructor(private readonly outbox: JobOutbox | undefined) {}

  async record(sql: SqlExecutor, jobs: readonly JobRequest[]): Promise<void> {
    if (jobs.length === 0) return;
    if (!this.outbox) throw new Error(NO_JOB_QUEUE);
    await this.outbox.record(sql, jobs);
    for (const job of jobs) this.queues.add(job.queue);
  }

  recordSync(run: (sql: string, params: readonly unknown[]) => void, jobs: readonly JobRequest[]): void {
    if (jobs.length === 0) return;
    if (!this.outbox) throw new Error(NO_JOB_QUEUE);
    this.outbox.recordSync(run, jobs);
    for (const job of jobs) this.queues.add(job.queue);
  }

  /** Deletes waiting jobs of a workshop or workspace in this transaction (nothing without a queue). */
  async discard(sql: SqlExecutor, match: JobMatch): Promise<void> {
    await this.outbox?.discard(sql, match);
  }

  discardSync(run: (sql: string, params: readonly unknown[]) => void, match: JobMatch): void {
    this.outbox?.discardSync(run, match);
  }

  /**
   * The statement that would find the one keyed job of `jobs` already waiting and lock it (see
   * JobOutbox.waitingLock), or null when there is no such shortcut. When the caller's statement found it,
   * `coalesced(jobs)` stands for `record`.
   */
  waitingLock(jobs: readonly JobRequest[], at: number, lock = true): { sql: string; params: unknown[] } | null {
    const [job] = jobs;
    if (jobs.length !== 1 || job?.key === undefined || !this.outbox?.waitingLock) return null;
    return this.outbox.waitingLock(job.queue, job.key, at, lock);
  }

  coalesced(jobs: readonly JobRequest[]): void {
    for (const job of jobs) this.queues.add(job.queue);
  }

  /** Call after the commit. */
  committed(): void {
    if (this.queues.size > 0) this.outbox?.committed(this.queues);
  }
}

/** Jobs in a stable order, so that two transactions recording the same keys take their locks in the same order. */
export function inKeyOrder(jobs: readonly JobRequest[]): JobRequest[] {
  const rank = (j: JobRequest) => `${j.queue}\u0000${j.key ?? ''}`;
  return [...jobs].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}
