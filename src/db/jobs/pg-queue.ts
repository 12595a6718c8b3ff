// The job queue on PostgreSQL: pg-boss 10, in a schema of its own beside the application's
// (`<schema>_jobs` when DATABASE_URL names a `?schema=`, else `parcours_jobs`).
//
// - Jobs are recorded in the command's own transaction: pg-boss's `send` runs its INSERT through the
//   transaction's connection (its `db` option), so a job exists if and only if the command commits.
// - Every queue uses pg-boss's 'stately' policy, where a singleton key has at most one waiting ('created') and
//   one running job. A job with a key uses it as its singleton key: it coalesces with a waiting job of that key,
//   and two of one key never run at once. A job without a key gets a key of its own (`~<uuid>`), so it is
//   always added and runs alongside the others — one pg-boss queue per queue, whichever jobs it holds.
// - Coalescing must not lose a change: when the INSERT finds a job of its key waiting, the transaction locks
//   that job's row (a shared lock) until it commits (workers fetch with SKIP LOCKED), so the waiting job cannot
//   start before it can see what this transaction changed; if it started meanwhile, this job is added after all.
//   The waiting job is looked for first: in a burst of commands of one workshop, that one statement is all.
// - Workers are loops of this module (not pg-boss's `work`, which neither awaits a job's completion nor lets a
//   stop wait for it): one loop looks every `pollIntervalMs` which queues have due jobs and wakes one worker of
//   each, and a worker is woken (within 50 ms) when this process commits jobs for it. They fetch with pg-boss's
//   own statement plus one condition: a job whose key has a run in progress is passed over (pg-boss 10 would
//   pick it, fail on its unique index and fetch nothing, leaving every other key of the queue waiting behind it). Outcomes go through pg-boss's `complete` and `fail`, only
//   while the run is still the job's current one (same retry count, still active): a run that outlived its
//   expiry and was retried elsewhere does not complete its successor.
// - pg-boss's maintenance, every few seconds on one replica at a time, retries runs that expired (their process
//   died), archives completed jobs after an hour and deletes archived ones after a week.
//
// pg-boss gets a small pool of its own (not the application's): its maintenance statements are scripts with
// BEGIN … COMMIT, and a failed one would leave its connection inside an aborted transaction.
import { jobSchemaName } from './schema-name.js';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { JobRequest } from '../../core/store.js';
import type { JobHandler, JobQueue, QueueSpec } from '../../conversation/storage.js';
import { pgPoolConfig, type DatabaseTarget } from '../client.js';
import { checkSpec, Debounce, DEFAULT_SPEC, errorText, resolved, Runs, sleep, Wake, within, type JobQueueOptions } from './common.js';
import { inKeyOrder, type JobMatch, type JobOutbox, type SqlExecutor } from './outbox.js';
import { prepared } from '../pg-prepared.js';

type PostgresTarget = Extract<DatabaseTarget, { provider: 'postgresql' }>;


/** A queue's spec as pg-boss options (whole seconds, at least one; backoff doubles the delay at each retry). */
function bossOptions(spec: QueueSpec) {
  return {
    retryLimit: spec.retryLimit,
    retryDelay: Math.max(1, Math.ceil(spec.retryDelaySeconds)),
    retryBackoff: true,
    expireInSeconds: Math.max(1, Math.ceil(spec.expireSeconds)),
  };
}

/** Values for a driver that binds only scalars (Prisma's raw queries): JSON for objects, null for undefined. */
function scalar(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

const UNKEYED = '~';

/** A queue's name as an SQL string literal (names are the code's own; quotes are doubled all the same). */
const literal = (name: string): string => `'${name.replaceAll("'", "''")}'`;

/** Commits this close together wake a queue's workers once (see `committed`)... */
const WAKE_COALESCE_MS = 50;
/** ...but no later than this after the first of them. */
const WAKE_AT_MOST_MS = 250;

/** A worker also looks by itself every this many polls, should the poll loop fail to wake it. */
const WORKER_SAFETY_POLLS = 30;

/** A job as the worker fetches it. */
interface FetchedJob {
  id: string;
  data: Record<string, unknown> | null;
  retryCount: number;
  retryLimit: number;
}

export class PgBossJobQueue implements JobQueue, JobOutbox {
  readonly provider = 'postgresql' as const;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly boss: PgBoss;
  private readonly specs = new Map<string, QueueSpec>();
  private readonly created = new Map<string, Promise<void>>();
  private readonly handlers = new Map<string, JobHandler>();
  private readonly wakes = new Map<string, Wake>();
  private readonly loops: Promise<void>[] = [];
  private readonly pollWake = new Wake();
  private readonly runs = new Runs();
  private inflight = 0;
  private readonly toWake = new Set<string>();
  /** Wakes the workers of the queues in `toWake` once per burst of commits (see `committed`). */
  private readonly wakeAfterBurst = new Debounce(() => {
    const woken = [...this.toWake];
    this.toWake.clear();
    for (const queue of woken) this.wakes.get(queue)?.notifyOne();
  }, WAKE_COALESCE_MS, WAKE_AT_MOST_MS);
  private stopping = false;
  private stopped: Promise<void> | undefined;

  private constructor(target: PostgresTarget, private readonly logger: Logger, private readonly options: JobQueueOptions) {
    this.schema = jobSchemaName(target.schema);
    this.pool = new pg.Pool({ ...pgPoolConfig(target, 4), application_name: 'parcours-jobs' });
    this.pool.on('error', () => {}); // an idle client losing its server: the next query reconnects
    for (const [queue, spec] of Object.entries(options.specs ?? {})) {
      checkSpec(queue, spec);
      this.specs.set(queue, spec);
    }
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => this.execute(text, values) },
      schema: this.schema,
      schedule: false,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 2,
      archiveCompletedAfterSeconds: Math.max(60, resolved.keepCompletedSeconds(options)),
      archiveFailedAfterSeconds: Math.max(60, resolved.keepFailedSeconds(options)),
      deleteAfterDays: 7,
    });
    this.boss.on('error', (error) => this.logger.warn({ err: error }, 'job queue (pg-boss) error'));
  }

  /** Installs or upgrades pg-boss's schema (several replicas may start at once) and creates the declared queues. */
  static async open(target: PostgresTarget, logger: Logger, options: JobQueueOptions = {}): Promise<PgBossJobQueue> {
    const queue = new PgBossJobQueue(target, logger, options);
    try {
      await queue.boss.start();
      for (const name of queue.specs.keys()) await queue.ensureQueue(name);
    } catch (error) {
      await queue.boss.stop({ graceful: false, close: false, wait: true }).catch(() => {});
      await queue.pool.end().catch(() => {});
      throw error;
    }
    return queue;
  }

  /**
   * pg-boss's statements, on a connection of the pool; a failed script's transaction is rolled back.
   * `prepare`: one statement of ours, run often, prepared once per connection (pg-prepared.ts).
   */
  private async execute(text: string, values?: unknown[], prepare = false): Promise<pg.QueryResult> {
    this.inflight += 1;
    try {
      const client = await this.pool.connect();
      let broken = false;
      try {
        return await (prepare ? client.query(prepared(text, values ?? [])) : client.query(text, values));
      } catch (error) {
        if (/\bBEGIN\b/i.test(text)) broken = await client.query('ROLLBACK').then(() => false, () => true);
        throw error;
      } finally {
        client.release(broken);
      }
    } finally {
      this.inflight -= 1;
    }
  }

  private ensureQueue(queue: string): Promise<void> {
    let ready = this.created.get(queue);
    if (!ready) {
      ready = this.boss.createQueue(queue, { name: queue, policy: 'stately', ...bossOptions(this.specs.get(queue) ?? DEFAULT_SPEC) });
      ready.catch(() => this.created.delete(queue));
      this.created.set(queue, ready);
    }
    return ready;
  }

  private sendOptions(job: JobRequest): PgBoss.SendOptions {
    const spec = this.specs.get(job.queue);
    return {
      singletonKey: job.key ?? `${UNKEYED}${randomUUID()}`,
      ...(job.startAfter ? { startAfter: job.startAfter } : {}),
      ...(spec ? bossOptions(spec) : {}),
    };
  }

  // ------------------------------------------------------------------------------------------ outbox

  async record(sql: SqlExecutor, jobs: readonly JobRequest[]): Promise<void> {
    const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: await sql.query(text, (values ?? []).map(scalar)) }) };
    for (const job of inKeyOrder(jobs)) {
      await this.ensureQueue(job.queue);
      // A keyed job usually finds one of its key waiting (a burst of votes): locking it is then the whole work.
      if (job.key !== undefined && (await this.lockWaiting(sql, job.queue, job.key))) continue;
      for (let round = 0; round < 5; round += 1) {
        const id = await this.boss.send(job.queue, job.data, { ...this.sendOptions(job), db });
        if (id !== null || job.key === undefined) break;
        if (await this.lockWaiting(sql, job.queue, job.key)) break;
      }
    }
  }

  /**
   * Locks the waiting job of this key, if there is one, until the caller's transaction ends. A shared lock:
   * the worker's fetch (FOR UPDATE SKIP LOCKED) passes the job over until then, so it runs after it can see
   * what the transaction changed, while transactions coalescing with it at once (50 votes) do not queue
   * behind each other's commits on that row.
   */
  private async lockWaiting(sql: SqlExecutor, queue: string, key: string): Promise<boolean> {
    const { sql: text, params } = this.waitingLock(queue, key, 1);
    return (await sql.query(text, params)).length > 0;
  }

  waitingLock(queue: string, key: string, at: number, lock = true): { sql: string; params: unknown[] } {
    // The queue's name written in (job is partitioned by name): a plan kept for a prepared statement then
    // reads the one partition, where with a parameter PostgreSQL found it cheaper to plan every execution.
    return { sql: `SELECT id FROM ${this.schema}.job WHERE name = ${literal(queue)} AND singleton_key = $${at} AND state = 'created'${lock ? ' FOR SHARE' : ''}`, params: [key] };
  }

  recordSync(): void {
    throw new Error('PostgreSQL records jobs asynchronously, through the transaction (record)');
  }

  async discard(sql: SqlExecutor, match: JobMatch): Promise<void> {
    // Waiting jobs and the history of finished ones (which name the workshop too); a run in progress finishes.
    await sql.query(
      `DELETE FROM ${this.schema}.job WHERE state <> 'active' AND data->>'workspaceId' = $1 AND ($2::text IS NULL OR data->>'workshopId' = $2::text)`,
      [match.workspaceId, match.workshopId ?? null],
    );
    await sql.query(
      `DELETE FROM ${this.schema}.archive WHERE data->>'workspaceId' = $1 AND ($2::text IS NULL OR data->>'workshopId' = $2::text)`,
      [match.workspaceId, match.workshopId ?? null],
    );
  }

  discardSync(): void {
    throw new Error('PostgreSQL discards jobs asynchronously, through the transaction (discard)');
  }

  committed(queues: Iterable<string>): void {
    // A burst of commits wakes the workers once, when it has been quiet for WAKE_COALESCE_MS (at most
    // WAKE_AT_MOST_MS after its first commit). In a burst of votes (50 at once) each commit would otherwise
    // cost a fetch, and the workshop's refresh job, once taken, is no longer there for the next votes to
    // coalesce with: each of them would then record one again, in a transaction of several round trips
    // instead of the one statement (vote-writer-postgres.ts). A single commit still wakes them in 50 ms.
    for (const queue of queues) this.toWake.add(queue);
    this.wakeAfterBurst.touch();
  }

  // ------------------------------------------------------------------------------------------ JobQueue

  async enqueue(jobs: readonly JobRequest[]): Promise<void> {
    if (this.stopping) throw new Error('the job queue is stopped');
    // Outside a command, whatever the job will read has committed already: a waiting job of the same key sees it.
    for (const job of inKeyOrder(jobs)) {
      await this.ensureQueue(job.queue);
      await this.boss.send(job.queue, job.data, this.sendOptions(job));
    }
    this.committed(jobs.map((j) => j.queue));
  }

  async work(queues: Record<string, { spec: QueueSpec; handler: JobHandler }>): Promise<void> {
    if (this.stopping) throw new Error('the job queue is stopped');
    for (const [queue, { spec, handler }] of Object.entries(queues)) {
      checkSpec(queue, spec);
      this.specs.set(queue, spec);
      await this.ensureQueue(queue);
      // The queue may exist with other settings (created by an earlier version, or before it was declared).
      await this.boss.updateQueue(queue, { name: queue, policy: 'stately', ...bossOptions(spec) });
      const first = !this.handlers.has(queue);
      this.handlers.set(queue, handler);
      if (!first) continue;
      this.wakes.set(queue, new Wake());
      if (this.loops.length === 0) this.loops.push(this.pollLoop());
      for (let slot = 0; slot < (spec.concurrency ?? resolved.concurrency(this.options)); slot += 1) this.loops.push(this.loop(queue));
    }
  }

  async idle(): Promise<void> {
    const names = this.handlers.size > 0 ? [...this.handlers.keys()] : null;
    for (;;) {
      if (this.runs.size === 0) {
        const { rows } = await this.execute(
          `SELECT count(*)::int AS n FROM ${this.schema}.job
            WHERE ($1::text[] IS NULL OR name = ANY($1::text[])) AND (state = 'active' OR (state < 'active' AND start_after <= now()))`,
          [names],
        );
        if ((rows[0] as { n: number }).n === 0 && this.runs.size === 0) return;
      }
      await sleep(50);
    }
  }

  stop(): Promise<void> {
    return (this.stopped ??= (async () => {
      this.stopping = true;
      this.wakeAfterBurst.cancel();
      for (const wake of this.wakes.values()) wake.notify();
      this.pollWake.notify();
      // Each loop ends once its current run is recorded.
      await within(Promise.allSettled(this.loops), resolved.stopTimeoutMs(this.options));
      if (!(await this.runs.settle(100))) {
        this.logger.warn({ running: this.runs.size }, 'job queue stopped with jobs still running: they will be retried once they expire');
      }
      await this.boss.stop({ graceful: false, close: false, wait: true });
      // pg-boss's maintenance may be half-way through a statement.
      for (let waited = 0; this.inflight > 0 && waited < 5000; waited += 10) await sleep(10);
      // pool.end() resolves before its sockets are closed; each client's 'remove' comes once its socket is.
      const open = this.pool.totalCount;
      let removed = 0;
      const closed = new Promise<void>((resolve) => {
        if (open === 0) resolve();
        this.pool.on('remove', () => { if (++removed >= open) resolve(); });
      });
      await this.pool.end();
      await within(closed, 2000);
    })());
  }

  // ------------------------------------------------------------------------------------------ worker

  /**
   * One look a poll for every queue of this process: which have due jobs (recorded by another replica, retries
   * whose backoff ended, runs taken for dead)? One worker of each such queue is woken. Each worker polling on
   * its own cost a fetch per worker and poll — some 36 statements a second for an idle server.
   */
  private async pollLoop(): Promise<void> {
    const pollMs = resolved.pollIntervalMs(this.options);
    while (!this.stopping) {
      await this.pollWake.wait(pollMs);
      if (this.stopping) break;
      try {
        const { rows } = await this.execute(
          `SELECT DISTINCT name FROM ${this.schema}.job WHERE name = ANY($1::text[]) AND state < 'active' AND start_after <= now()`,
          [[...this.handlers.keys()]],
          true,
        );
        for (const row of rows as { name: string }[]) this.wakes.get(row.name)?.notifyOne();
      } catch (error) {
        this.logger.error({ err: error }, 'job queue: could not look for due jobs');
      }
    }
  }

  private async loop(queue: string): Promise<void> {
    const wake = this.wakes.get(queue)!;
    // The poll loop wakes a worker when its queue has due jobs; this is only a safety net.
    const pollMs = resolved.pollIntervalMs(this.options) * WORKER_SAFETY_POLLS;
    while (!this.stopping) {
      let job: FetchedJob | undefined;
      try {
        job = await this.fetch(queue);
      } catch (error) {
        this.logger.error({ err: error, queue }, 'job queue: could not fetch jobs');
      }
      if (job) {
        // There may be more: another of this queue's workers looks while this one runs the job.
        wake.notifyOne();
        await this.runs.track(this.run(queue, job)).catch((error: unknown) => this.logger.error({ err: error, queue }, 'job queue: a run failed unexpectedly'));
        continue;
      }
      if (!this.stopping) await wake.wait(pollMs);
    }
  }

  /**
   * Starts the next due job of the queue whose key has no run in progress: pg-boss's fetch statement
   * (src/plans.js, fetchNextJob) plus that condition, which pg-boss's stately index makes a cheap lookup.
   * Two fetchers taking the waiting and the retrying job of one key at once: one meets the unique index, and
   * fetches nothing this time.
   */
  private async fetch(queue: string): Promise<FetchedJob | undefined> {
    try {
      const { rows } = await this.execute(this.fetchSql(queue), [], true);
      return rows[0] as FetchedJob | undefined;
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505') return undefined;
      throw error;
    }
  }

  /** The queue's name written in, as in `waitingLock`: a prepared statement per queue, planned once. */
  private fetchSql(queue: string): string {
    const job = `${this.schema}.job`;
    const name = literal(queue);
    return `
      WITH next AS (
        SELECT j.id FROM ${job} j
        WHERE j.name = ${name} AND j.state < 'active' AND j.start_after < now()
          AND NOT EXISTS (
            SELECT 1 FROM ${job} a WHERE a.name = ${name} AND a.state = 'active' AND a.policy = 'stately'
              AND COALESCE(a.singleton_key, '') = COALESCE(j.singleton_key, ''))
        ORDER BY j.priority DESC, j.created_on, j.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      UPDATE ${job} j SET
        state = 'active',
        started_on = now(),
        retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
      FROM next
      WHERE j.name = ${name} AND j.id = next.id
      RETURNING j.id, j.data, j.retry_count AS "retryCount", j.retry_limit AS "retryLimit"`;
  }

  private async run(queue: string, job: FetchedJob): Promise<void> {
    const handler = this.handlers.get(queue)!;
    const lastAttempt = job.retryCount >= job.retryLimit;
    let failure: unknown;
    try {
      await handler({ id: job.id, queue, data: job.data ?? {}, attempt: job.retryCount + 1, lastAttempt });
    } catch (error) {
      failure = error ?? new Error('job failed');
    }
    await this.settle(queue, job, failure, lastAttempt);
  }

  /** Completes or fails the run, in one transaction that first checks that it is still the job's current run. */
  private async settle(queue: string, job: FetchedJob, failure: unknown, lastAttempt: boolean): Promise<void> {
    this.inflight += 1;
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      this.inflight -= 1;
      this.logger.error({ err: error, job: job.id, queue }, 'job queue: could not record the outcome of a job; it will run again once it expires');
      return;
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const current = await client.query(
        `SELECT 1 FROM ${this.schema}.job WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3 FOR UPDATE`,
        [queue, job.id, job.retryCount],
      );
      if (current.rowCount) {
        const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
        if (failure === undefined) await this.boss.complete(queue, job.id, {}, { db });
        else await this.boss.fail(queue, job.id, { message: errorText(failure) }, { db });
      }
      await client.query('COMMIT');
      const context = { job: job.id, queue, attempt: job.retryCount + 1 };
      if (!current.rowCount) this.logger.warn(context, 'job finished after its run expired: its outcome is ignored');
      else if (failure !== undefined && lastAttempt) this.logger.error({ ...context, data: job.data, error: errorText(failure) }, 'job failed for good');
      else if (failure !== undefined) this.logger.warn({ ...context, error: errorText(failure) }, 'job failed; it will be retried');
    } catch (error) {
      broken = await client.query('ROLLBACK').then(() => false, () => true);
      this.logger.error({ err: error, job: job.id, queue }, 'job queue: could not record the outcome of a job; it will run again once it expires');
    } finally {
      client.release(broken);
      this.inflight -= 1;
    }
  }
}
