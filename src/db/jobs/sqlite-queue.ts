// The job queue of the embedded SQLite database: a table of the file ("EmbeddedJob"), worked in-process.
//
// - Jobs are recorded in the command's own transaction (the engine's store inserts them with its other
//   statements), so they exist if and only if it commits; the store then wakes the worker at once.
// - The worker looks for due jobs about once a second too (jobs added by another process on the file, retries
//   whose backoff ended) and claims each with one conditional UPDATE: two processes on one file never run the
//   same job.
// - Jobs of one key never run at the same time, and coalesce while one waits: recording a job whose key
//   already has a waiting ('created') job adds nothing — the waiting one will see what changed, since it
//   cannot be claimed before the transaction that would have added the other one commits (SQLite's write lock).
// - A failed run is retried after retryDelaySeconds × 2^(attempt − 1), up to retryLimit times; a run still
//   'active' after expireSeconds is taken for the run of a process that died, and retried the same way.
//
// The worker has a connection of its own with busy timeout 0, like the rest of this project: a statement that
// meets another connection's write lock fails at once with "busy" and is tried again a few milliseconds later,
// never blocking the event loop. Its statements are synchronous and never span an await.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { JobRequest } from '../../core/store.js';
import type { Job, JobHandler, JobQueue, QueueSpec } from '../../conversation/storage.js';
import { isRetryableConflict } from '../client.js';
import { withConflictRetry } from '../retry.js';
import { sqliteTimestamp } from '../sqlite-sql.js';
import { checkSpec, Debounce, DEFAULT_SPEC, errorText, resolved, Runs, sleep, Wake, type JobQueueOptions } from './common.js';
import { inKeyOrder, type JobMatch, type JobOutbox, type SqlExecutor } from './outbox.js';

/** Records one job unless a job of the same queue and key is waiting (a NULL key never matches: always added). */
export const SQLITE_INSERT_JOB = `INSERT INTO "EmbeddedJob" ("id", "queue", "data", "key", "state", "attempt", "retryLimit", "retryDelaySeconds", "expireSeconds", "startAfter", "createdAt")
  SELECT ?, ?, ?, ?, 'created', 0, ?, ?, ?, ?, ?
  WHERE NOT EXISTS (SELECT 1 FROM "EmbeddedJob" WHERE "queue" = ? AND "key" = ? AND "state" = 'created')`;

/** Deletes the jobs not yet started of a workspace, or of one of its workshops. */
export const SQLITE_DISCARD_JOBS = `DELETE FROM "EmbeddedJob" WHERE "state" <> 'active'
  AND json_extract("data", '$.workspaceId') = ? AND (? IS NULL OR json_extract("data", '$.workshopId') = ?)`;

const SQL = {
  claim: `UPDATE "EmbeddedJob" SET "state" = 'active', "attempt" = "attempt" + 1, "startedAt" = ?
    WHERE "id" = (
      SELECT j."id" FROM "EmbeddedJob" j
      WHERE j."state" IN ('created', 'retry') AND j."startAfter" <= ? AND j."queue" = ?
        AND (j."key" IS NULL OR NOT EXISTS (
          SELECT 1 FROM "EmbeddedJob" a WHERE a."queue" = j."queue" AND a."key" = j."key" AND a."state" = 'active'))
      ORDER BY j."createdAt", j."rowid" LIMIT 1)
    AND "state" IN ('created', 'retry')
    RETURNING "id", "queue", "data", "attempt", "retryLimit", "retryDelaySeconds", "expireSeconds"`,
  complete: `UPDATE "EmbeddedJob" SET "state" = 'completed', "completedAt" = ?, "error" = NULL WHERE "id" = ? AND "state" = 'active' AND "attempt" = ?`,
  retry: `UPDATE "EmbeddedJob" SET "state" = 'retry', "startAfter" = ?, "error" = ? WHERE "id" = ? AND "state" = 'active' AND "attempt" = ?`,
  fail: `UPDATE "EmbeddedJob" SET "state" = 'failed', "completedAt" = ?, "error" = ? WHERE "id" = ? AND "state" = 'active' AND "attempt" = ?`,
  active: `SELECT "id", "queue", "data", "attempt", "retryLimit", "retryDelaySeconds", "expireSeconds", "startedAt" FROM "EmbeddedJob" WHERE "state" = 'active'`,
  purge: `DELETE FROM "EmbeddedJob" WHERE ("state" = 'completed' AND "completedAt" < ?) OR ("state" = 'failed' AND "completedAt" < ?)`,
  busy: `SELECT COUNT(*) AS "n" FROM "EmbeddedJob"
    WHERE ("state" = 'active' OR ("state" IN ('created', 'retry') AND "startAfter" <= ?)) AND (? IS NULL OR "queue" IN (SELECT "value" FROM json_each(?)))`,
} as const;

interface ClaimedRow {
  id: string;
  queue: string;
  data: string;
  attempt: number;
  retryLimit: number;
  retryDelaySeconds: number;
  expireSeconds: number;
}

const SWEEP_EVERY_MS = 500;
/** Commits this close together wake the worker once (see `committed`)... */
const WAKE_COALESCE_MS = 10;
/** ...but no later than this after the first of them. */
const WAKE_AT_MOST_MS = 250;
const PURGE_EVERY_MS = 60_000;

export class SqliteJobQueue implements JobQueue, JobOutbox {
  readonly provider = 'sqlite' as const;
  private readonly specs = new Map<string, QueueSpec>();
  private readonly handlers = new Map<string, JobHandler>();
  private readonly active = new Map<string, number>();
  private readonly runs = new Runs();
  private readonly wake = new Wake();
  private readonly statements = new Map<string, Database.Statement>();
  private connection: Database.Database | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private lastSweep = 0;
  private lastPurge = 0;
  private readonly wakeAfterBurst = new Debounce(() => this.wake.notify(), WAKE_COALESCE_MS, WAKE_AT_MOST_MS);

  constructor(private readonly file: string, private readonly logger: Logger, private readonly options: JobQueueOptions = {}) {
    for (const [queue, spec] of Object.entries(options.specs ?? {})) {
      checkSpec(queue, spec);
      this.specs.set(queue, spec);
    }
  }

  // ------------------------------------------------------------------------------------------ outbox

  /** The parameters of SQLITE_INSERT_JOB for one job. */
  private insertParams(job: JobRequest, now: Date): unknown[] {
    const spec = this.specs.get(job.queue) ?? DEFAULT_SPEC;
    const key = job.key ?? null;
    return [
      randomUUID(), job.queue, JSON.stringify(job.data), key, spec.retryLimit, spec.retryDelaySeconds, spec.expireSeconds,
      sqliteTimestamp(job.startAfter ?? now), sqliteTimestamp(now), job.queue, key,
    ];
  }

  async record(sql: SqlExecutor, jobs: readonly JobRequest[]): Promise<void> {
    const now = new Date();
    for (const job of inKeyOrder(jobs)) await sql.query(SQLITE_INSERT_JOB, this.insertParams(job, now));
  }

  recordSync(run: (sql: string, params: readonly unknown[]) => void, jobs: readonly JobRequest[]): void {
    const now = new Date();
    for (const job of inKeyOrder(jobs)) run(SQLITE_INSERT_JOB, this.insertParams(job, now));
  }

  committed(_queues: Iterable<string>): void {
    // A burst of commits wakes the worker once, when it has been quiet for WAKE_COALESCE_MS (at most
    // WAKE_AT_MOST_MS after its first): in a burst (50 votes at once) each commit would otherwise cost a look
    // at every queue, and the workshop's refresh would run again and again, on this process's one thread,
    // while the votes wait. A single commit still wakes it in WAKE_COALESCE_MS.
    this.wakeAfterBurst.touch();
  }

  async discard(sql: SqlExecutor, match: JobMatch): Promise<void> {
    await sql.query(SQLITE_DISCARD_JOBS, [match.workspaceId, match.workshopId ?? null, match.workshopId ?? null]);
  }

  discardSync(run: (sql: string, params: readonly unknown[]) => void, match: JobMatch): void {
    run(SQLITE_DISCARD_JOBS, [match.workspaceId, match.workshopId ?? null, match.workshopId ?? null]);
  }

  // ------------------------------------------------------------------------------------------ JobQueue

  async enqueue(jobs: readonly JobRequest[]): Promise<void> {
    if (this.stopping) throw new Error('the job queue is stopped');
    if (jobs.length === 0) return;
    await withConflictRetry(async () => {
      const db = this.db();
      db.exec('BEGIN IMMEDIATE');
      try {
        this.recordSync((sql, params) => this.statement(sql).run(...params), jobs);
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
    this.committed(jobs.map((j) => j.queue));
  }

  async work(queues: Record<string, { spec: QueueSpec; handler: JobHandler }>): Promise<void> {
    if (this.stopping) throw new Error('the job queue is stopped');
    for (const [queue, { spec, handler }] of Object.entries(queues)) {
      checkSpec(queue, spec);
      this.specs.set(queue, spec);
      this.handlers.set(queue, handler);
    }
    this.loop ??= this.runLoop();
    this.wake.notify();
  }

  async idle(): Promise<void> {
    for (;;) {
      if (this.runs.size === 0 && this.busyCount() === 0) return;
      await sleep(20);
    }
  }

  stop(): Promise<void> {
    return (this.stopped ??= (async () => {
      this.stopping = true;
      this.wakeAfterBurst.cancel();
      this.wake.notify();
      await this.loop;
      if (!(await this.runs.settle(resolved.stopTimeoutMs(this.options)))) {
        this.logger.warn({ running: this.runs.size }, 'job queue stopped with jobs still running: they will be retried once they expire');
      }
      this.connection?.close();
      this.connection = undefined;
    })());
  }

  // ------------------------------------------------------------------------------------------ worker

  private db(): Database.Database {
    if (!this.connection) {
      if (this.stopping && this.stopped) throw new Error('the job queue is stopped');
      this.connection = new Database(this.file, { timeout: 0 });
      this.statements.clear();
    }
    return this.connection;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db().prepare(sql)));
    return statement;
  }

  private async runLoop(): Promise<void> {
    const pollMs = resolved.pollIntervalMs(this.options);
    while (!this.stopping) {
      let claimed = false;
      try {
        this.maintain();
        claimed = this.claimAll();
      } catch (error) {
        if (isRetryableConflict(error)) {
          // Another connection holds the write lock for a few milliseconds: look again shortly.
          await sleep(5 + Math.random() * 20);
          continue;
        }
        this.logger.error({ err: error }, 'job queue: could not look for jobs');
      }
      if (!claimed && !this.stopping) await this.wake.wait(pollMs);
    }
  }

  /** Claims and starts due jobs while this process has room for them; true when it started any. */
  private claimAll(): boolean {
    const byDefault = resolved.concurrency(this.options);
    let started = false;
    for (const [queue, handler] of this.handlers) {
      const concurrency = this.specs.get(queue)?.concurrency ?? byDefault;
      while (!this.stopping && (this.active.get(queue) ?? 0) < concurrency) {
        const now = sqliteTimestamp();
        const row = this.statement(SQL.claim).get(now, now, queue) as ClaimedRow | undefined;
        if (!row) break;
        this.start(row, handler);
        started = true;
      }
    }
    return started;
  }

  private start(row: ClaimedRow, handler: JobHandler): void {
    this.active.set(row.queue, (this.active.get(row.queue) ?? 0) + 1);
    const run = (async () => {
      try {
        const job: Job = { id: row.id, queue: row.queue, data: JSON.parse(row.data) as Record<string, unknown>, attempt: row.attempt, lastAttempt: row.attempt > row.retryLimit };
        await handler(job);
        await this.finish(row, undefined);
      } catch (error) {
        await this.finish(row, error);
      } finally {
        this.active.set(row.queue, (this.active.get(row.queue) ?? 1) - 1);
        this.wake.notify(); // a slot is free, and a job of the same key may now run
      }
    })();
    this.runs.track(run);
  }

  /** Records a run's outcome, unless the run was taken for dead meanwhile (its row no longer says it is running). */
  private async finish(row: ClaimedRow, error: unknown): Promise<void> {
    try {
      const changed = await withConflictRetry(async () => error === undefined
        ? this.statement(SQL.complete).run(sqliteTimestamp(), row.id, row.attempt).changes
        : this.failRun(row, errorText(error)), { budgetMs: 60_000 });
      if (changed === 0) this.logger.warn({ job: row.id, queue: row.queue, attempt: row.attempt }, 'job finished after its run expired: its outcome is ignored');
    } catch (failure) {
      this.logger.error({ err: failure, job: row.id, queue: row.queue }, 'job queue: could not record the outcome of a job; it will run again once it expires');
    }
  }

  /** Fails one run: retried after its backoff, or failed for good after its last attempt. Returns the rows changed. */
  private failRun(row: ClaimedRow, message: string): number {
    const now = new Date();
    if (row.attempt <= row.retryLimit) {
      const delayMs = row.retryDelaySeconds * 1000 * 2 ** (row.attempt - 1);
      const changed = this.statement(SQL.retry).run(sqliteTimestamp(new Date(now.getTime() + delayMs)), message, row.id, row.attempt).changes;
      if (changed) this.logger.warn({ job: row.id, queue: row.queue, attempt: row.attempt, retryInMs: delayMs, error: message }, 'job failed; it will be retried');
      return changed;
    }
    const changed = this.statement(SQL.fail).run(sqliteTimestamp(now), message, row.id, row.attempt).changes;
    if (changed) this.logger.error({ job: row.id, queue: row.queue, attempt: row.attempt, data: row.data, error: message }, 'job failed for good');
    return changed;
  }

  /** Retries runs that expired (their process died), and deletes old finished jobs. */
  private maintain(): void {
    const now = Date.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) {
      for (const row of this.statement(SQL.active).all() as (ClaimedRow & { startedAt: string | null })[]) {
        const startedAt = row.startedAt ? Date.parse(row.startedAt) : 0;
        if (now - startedAt > row.expireSeconds * 1000) this.failRun(row, `expired: still running after ${row.expireSeconds} s`);
      }
      this.lastSweep = now;
    }
    if (now - this.lastPurge >= PURGE_EVERY_MS) {
      this.statement(SQL.purge).run(
        sqliteTimestamp(new Date(now - resolved.keepCompletedSeconds(this.options) * 1000)),
        sqliteTimestamp(new Date(now - resolved.keepFailedSeconds(this.options) * 1000)),
      );
      this.lastPurge = now;
    }
  }

  /** Jobs due now that wait or run, in the queues this process works (every queue before it works any). */
  private busyCount(): number {
    const queues = this.handlers.size > 0 ? JSON.stringify([...this.handlers.keys()]) : null;
    return (this.statement(SQL.busy).get(sqliteTimestamp(), queues, queues) as { n: number }).n;
  }
}
