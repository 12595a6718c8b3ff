// The job queue on both databases (src/db/jobs): pg-boss on PostgreSQL, a table of the file on SQLite. Jobs
// recorded in a command's transaction exist iff it commits; keys coalesce and serialise; failures are
// retried with backoff up to a limit; a run whose process died is retried once it expires; several
// processes ("replicas") share the work without running a job twice; idle() and stop() keep their word.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job, QueueSpec } from '../../src/conversation/storage.js';
import type { JobRequest, Store, VoteRules } from '../../src/core/store.js';
import { jobSchemaName, openJobQueue, type AppJobQueue, type JobQueueOptions } from '../../src/db/jobs/index.js';
import { NO_JOB_QUEUE } from '../../src/db/jobs/outbox.js';
import { openStore } from '../../src/db/operator-store.js';
import { PrismaStore } from '../../src/db/prisma-store.js';
import { sqliteTimestamp } from '../../src/db/sqlite-sql.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';

/** What these tests ask of a store. */
type JobStore = Pick<Store, 'transaction' | 'castVote' | 'ensureWorkspace'>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await sleep(20);
  }
}

function capturingLogger() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe.each(providers)('job queue on %s', (provider) => {
  // PostgreSQL's retry delays are whole seconds (pg-boss); SQLite's may be shorter.
  const DELAY = provider === 'sqlite' ? 0.1 : 1;
  const spec = (overrides: Partial<QueueSpec> = {}): QueueSpec => ({ retryLimit: 2, retryDelaySeconds: DELAY, expireSeconds: 30, ...overrides });

  let db: TestDatabase;
  const opened: AppJobQueue[] = [];
  const { logger, lines } = capturingLogger();

  beforeAll(async () => { db = await freshDatabase(provider); });
  afterEach(async () => { await Promise.all(opened.splice(0).map((q) => q.stop())); });
  afterAll(async () => { await db?.close(); });

  async function open(options: JobQueueOptions = {}, database: Pick<TestDatabase, 'target'> = db): Promise<AppJobQueue> {
    const queue = await openJobQueue(database, logger, { pollIntervalMs: 200, maintenanceIntervalSeconds: 1, ...options });
    opened.push(queue);
    return queue;
  }

  const name = () => `q-${randomUUID().slice(0, 8)}`;

  /** Runs of a queue's handler, in order. */
  function recorder(work: (job: Job) => Promise<void> = async () => {}) {
    const runs: (Job & { at: number })[] = [];
    return { runs, handler: async (job: Job) => { runs.push({ ...job, at: Date.now() }); await work(job); } };
  }

  /** The stores that record jobs on this database: the one the application runs on, and PrismaStore on SQLite too. */
  function stores(queue: AppJobQueue): [string, JobStore][] {
    const list: [string, JobStore][] = [['openStore', openStore(db, queue)]];
    if (provider === 'sqlite') list.push(['PrismaStore', new PrismaStore(db, { jobs: queue })]);
    return list;
  }

  const jobsSchema = () => jobSchemaName(db.target.provider === 'postgresql' ? db.target.schema : undefined);

  async function jobStates(queueName: string): Promise<string[]> {
    if (provider === 'sqlite') {
      const rows = await db.prisma.embeddedJob.findMany({ where: { queue: queueName }, orderBy: { createdAt: 'asc' } });
      return rows.map((r) => r.state);
    }
    const rows = await db.prisma.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text AS state FROM ${jobsSchema()}.job WHERE name = $1 ORDER BY created_on`, queueName);
    return rows.map((r) => r.state);
  }

  it('runs a job recorded in a transaction that commits, at once and once; never one whose transaction rolled back', async () => {
    // A long poll: the job must start because the commit woke the worker, not because it polled.
    const queue = await open({ pollIntervalMs: 10_000 });
    for (const [label, store] of stores(queue)) {
      const q = name();
      const { runs, handler } = recorder();
      await queue.work({ [q]: { spec: spec(), handler } });
      await sleep(50); // the worker's first look finds nothing and waits
      const { id: workspaceId } = await store.ensureWorkspace('test', `T-${q}`);
      const committedAt = Date.now();
      await store.transaction(workspaceId, (tx) => tx.enqueue([{ queue: q, data: { n: 1, label } }]));
      await expect(store.transaction(workspaceId, async (tx) => {
        await tx.enqueue([{ queue: q, data: { n: 2, label } }]);
        throw new Error('refused');
      })).rejects.toThrow('refused');
      await until(() => runs.length > 0, 5_000);
      expect(runs[0]!.at - committedAt, label).toBeLessThan(2_000);
      await queue.idle();
      await sleep(300);
      expect(runs.map((r) => r.data), label).toEqual([{ n: 1, label }]);
      expect(runs[0], label).toMatchObject({ queue: q, attempt: 1, lastAttempt: false });
      expect(await jobStates(q), label).toEqual(['completed']);
    }
  });

  it('records the jobs of an applied vote with it, not those of a refused vote or a replay', async () => {
    const queue = await open();
    const q = name();
    const { runs, handler } = recorder();
    await queue.work({ [q]: { spec: spec(), handler } });
    for (const [label, store] of stores(queue)) {
      const { id: workspaceId } = await store.ensureWorkspace('test', `V-${q}-${label}`);
      const observationId = await store.transaction(workspaceId, async (tx) => {
        const workshop = await tx.createWorkshop({
          title: 'Votes', scope: '', language: 'en', mode: 'async', journey: 'current', basis: 'data', anonymous: false, voteBudget: 3, voteCap: 1, sourceWorkshopId: null,
        });
        const stage = await tx.createStage(workshop.id, { label: 'I pay', phase: 'purchase', position: 0, authorId: null });
        return { workshopId: workshop.id, id: (await tx.createObservation(workshop.id, { stageId: stage.id, touchpointId: null, kind: 'irritant', text: 'Slow', momentOfTruth: false, authorId: 'U0' })).id };
      });
      const rules = (refuse: boolean): VoteRules => ({
        admit: () => 'evaluation',
        joining: () => ({ role: 'participant', departmentId: null }),
        decide: (facts) => {
          if (refuse) throw new Error('over budget');
          return { remaining: facts.budget - facts.used - 1, onItem: facts.onItem + 1 };
        },
        record: (result) => JSON.stringify(result),
      });
      const request = (n: number, deliveryId: string) => ({
        workshopId: observationId.workshopId, userId: 'U1', displayName: 'Una', target: { observationId: observationId.id }, deliveryId,
        jobs: [{ queue: q, data: { n, label } }] satisfies JobRequest[],
      });
      expect(await store.castVote(workspaceId, request(1, `d1-${label}`), rules(false))).toEqual({ remaining: 2, onItem: 1 });
      expect(await store.castVote(workspaceId, request(2, `d1-${label}`), rules(false))).toHaveProperty('replay');
      await expect(store.castVote(workspaceId, request(3, `d2-${label}`), rules(true))).rejects.toThrow('over budget');
    }
    await until(() => runs.length >= stores(queue).length, 5_000);
    await queue.idle();
    await sleep(300);
    expect(runs.map((r) => r.data)).toEqual(stores(queue).map(([label]) => ({ n: 1, label })));
  });

  it('refuses to record jobs without a queue, clearly, and rolls the command back', async () => {
    const store = openStore(db);
    const { id: workspaceId } = await store.ensureWorkspace('test', `N-${randomUUID()}`);
    await expect(store.transaction(workspaceId, async (tx) => {
      await tx.createWorkshop({ title: 'No queue', scope: '', language: 'en', mode: 'async', journey: 'current', basis: 'data', anonymous: false, voteBudget: 3, voteCap: 1, sourceWorkshopId: null });
      await tx.enqueue([{ queue: 'anything', data: {} }]);
    })).rejects.toThrow(NO_JOB_QUEUE);
    expect(await store.transaction(workspaceId, (tx) => tx.listWorkshops())).toEqual([]);
    // Recording no job needs no queue.
    await store.transaction(workspaceId, (tx) => tx.enqueue([]));
  });

  it('coalesces jobs of one key while one waits; jobs without a key are all added', async () => {
    const queue = await open();
    const q = name();
    const { runs, handler } = recorder();
    const [[, store]] = stores(queue) as [[string, JobStore]];
    const { id: workspaceId } = await store.ensureWorkspace('test', `C-${q}`);
    // Nobody works the queue yet: the jobs wait.
    await store.transaction(workspaceId, (tx) => tx.enqueue([{ queue: q, key: 'W1', data: { n: 1 } }, { queue: q, data: { n: 10 } }]));
    await store.transaction(workspaceId, (tx) => tx.enqueue([{ queue: q, key: 'W1', data: { n: 2 } }, { queue: q, key: 'W2', data: { n: 3 } }]));
    await queue.enqueue([{ queue: q, key: 'W1', data: { n: 4 } }, { queue: q, data: { n: 11 } }]);
    await queue.work({ [q]: { spec: spec(), handler } });
    await until(() => runs.length >= 4, 5_000);
    await queue.idle();
    await sleep(300);
    expect(runs.map((r) => r.data.n).sort((a, b) => Number(a) - Number(b))).toEqual([1, 3, 10, 11]);
  });

  it('does not start a waiting job before the transaction that coalesced with it commits', async () => {
    // Otherwise the job could run on what it saw before that transaction's change, and the change would never show.
    const queue = await open({ pollIntervalMs: 100 });
    const q = name();
    const { runs, handler } = recorder();
    const [[, store]] = stores(queue) as [[string, JobStore]];
    const { id: workspaceId } = await store.ensureWorkspace('test', `R-${q}`);
    await queue.enqueue([{ queue: q, key: 'W1', data: { n: 1 } }]);
    let committedAt = 0;
    await store.transaction(workspaceId, async (tx) => {
      await tx.enqueue([{ queue: q, key: 'W1', data: { n: 2 } }]);
      await queue.work({ [q]: { spec: spec(), handler } });
      await sleep(700); // the worker looks several times meanwhile
      expect(runs).toEqual([]);
      committedAt = Date.now();
    });
    await until(() => runs.length === 1, 5_000);
    await queue.idle();
    expect(runs.map((r) => r.data.n)).toEqual([1]);
    expect(runs[0]!.at).toBeGreaterThanOrEqual(committedAt);
  });

  it.runIf(provider === 'postgresql')('lets transactions coalescing with one waiting job proceed together; the job starts after the last commits', async () => {
    // 50 votes at once each coalesce with the workshop's waiting refresh: none may wait for another's commit.
    const queue = await open({ pollIntervalMs: 100 });
    const q = name();
    const { runs, handler } = recorder();
    const [[, store]] = stores(queue) as [[string, JobStore]];
    const { id: workspaceId } = await store.ensureWorkspace('test', `S-${q}`);
    await queue.enqueue([{ queue: q, key: 'W1', data: { n: 1 } }]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let firstRecorded!: () => void;
    const recorded = new Promise<void>((resolve) => { firstRecorded = resolve; });
    const first = store.transaction(workspaceId, async (tx) => {
      await tx.enqueue([{ queue: q, key: 'W1', data: { n: 2 } }]);
      firstRecorded();
      await held; // still open: its lock on the waiting job is held
    });
    await recorded;
    await queue.work({ [q]: { spec: spec(), handler } });
    // A second transaction records the same key while the first is open, and commits.
    const second = store.transaction(workspaceId, (tx) => tx.enqueue([{ queue: q, key: 'W1', data: { n: 3 } }]));
    const outcome = await Promise.race([second.then(() => 'committed'), sleep(3_000).then(() => 'waited for the first')]);
    if (outcome !== 'committed') { release(); await Promise.all([first, second]); }
    expect(outcome).toBe('committed');
    await sleep(400); // the worker looks several times meanwhile
    expect(runs).toEqual([]);
    const committedAt = Date.now();
    release();
    await first;
    await until(() => runs.length === 1, 5_000);
    await queue.idle();
    expect(runs.map((r) => r.data.n)).toEqual([1]);
    expect(runs[0]!.at).toBeGreaterThanOrEqual(committedAt);
  });

  it('discards the waiting jobs of a workshop or of a workspace', async () => {
    const queue = await open();
    const q = name();
    const { runs, handler } = recorder();
    await queue.enqueue([
      { queue: q, data: { workspaceId: 'W1', workshopId: 'K1', n: 1 } },
      { queue: q, key: 'K1', data: { workspaceId: 'W1', workshopId: 'K1', n: 2 } },
      { queue: q, data: { workspaceId: 'W1', workshopId: 'K2', n: 3 } },
      { queue: q, data: { workspaceId: 'W2', workshopId: 'K3', n: 4 } },
      { queue: q, data: { workspaceId: 'W3', workshopId: 'K4', n: 5 } },
    ]);
    const sql = { query: (text: string, params: readonly unknown[]) => db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params) };
    await queue.discard(sql, { workspaceId: 'W1', workshopId: 'K1' });
    await queue.discard(sql, { workspaceId: 'W2' });
    await queue.work({ [q]: { spec: spec(), handler } });
    await until(() => runs.length >= 2, 5_000);
    await queue.idle();
    expect(runs.map((r) => r.data.n).sort()).toEqual([3, 5]);
  });

  it('never runs two jobs of one key at the same time, and runs one added while the other runs', async () => {
    const queue = await open({ concurrency: 4 });
    const q = name();
    const running = new Map<string, number>();
    const ended = new Map<number, number>();
    let overlap = false;
    const { runs, handler } = recorder(async (job) => {
      const key = String(job.data.key);
      running.set(key, (running.get(key) ?? 0) + 1);
      if (running.get(key)! > 1) overlap = true;
      await sleep(key === 'K' ? 400 : 50);
      running.set(key, running.get(key)! - 1);
      ended.set(Number(job.data.n), Date.now());
    });
    await queue.work({ [q]: { spec: spec(), handler } });
    await queue.enqueue([{ queue: q, key: 'K', data: { key: 'K', n: 1 } }]);
    await until(() => runs.length === 1, 5_000);
    // K runs: another K waits (and coalesces with a third); other keys run alongside.
    await queue.enqueue([
      { queue: q, key: 'K', data: { key: 'K', n: 2 } }, { queue: q, key: 'K', data: { key: 'K', n: 3 } },
      { queue: q, key: 'L', data: { key: 'L', n: 4 } }, { queue: q, data: { key: 'none-1', n: 5 } }, { queue: q, data: { key: 'none-2', n: 6 } },
    ]);
    await until(() => runs.length >= 5, 10_000);
    await queue.idle();
    expect(overlap).toBe(false);
    expect(runs.filter((r) => r.data.key === 'K').map((r) => r.data.n)).toEqual([1, 2]);
    expect(runs.map((r) => r.data.n).sort()).toEqual([1, 2, 4, 5, 6]);
    // The other keys did not wait behind K's waiting job.
    expect(runs.find((r) => r.data.n === 4)!.at).toBeLessThan(ended.get(1)!);
  });

  it('runs as many jobs of a queue at once as its spec says, beyond the process default', async () => {
    const queue = await open({ concurrency: 2 });
    const wide = name();
    const narrow = name();
    const peak = { [wide]: 0, [narrow]: 0 };
    const now = { [wide]: 0, [narrow]: 0 };
    const counting = (q: string) => recorder(async () => {
      now[q]! += 1;
      peak[q] = Math.max(peak[q]!, now[q]!);
      await sleep(300);
      now[q]! -= 1;
    });
    const w = counting(wide);
    const n = counting(narrow);
    await queue.work({ [wide]: { spec: spec({ concurrency: 5 }), handler: w.handler }, [narrow]: { spec: spec(), handler: n.handler } });
    await queue.enqueue(Array.from({ length: 5 }, (_, i) => ({ queue: wide, data: { i } })));
    await queue.enqueue(Array.from({ length: 5 }, (_, i) => ({ queue: narrow, data: { i } })));
    await until(() => w.runs.length === 5 && n.runs.length === 5, 15_000);
    await queue.idle();
    expect(peak[wide]).toBe(5);
    expect(peak[narrow]).toBe(2);
  });

  it('retries a failing job with exponential backoff, then stops at its limit and logs it', async () => {
    const queue = await open();
    const q = name();
    const { runs, handler } = recorder(async () => { throw new Error('platform down'); });
    await queue.work({ [q]: { spec: spec({ retryLimit: 2 }), handler } });
    await queue.enqueue([{ queue: q, data: { n: 1 } }]);
    await until(() => runs.length === 3, 20_000);
    expect(runs.map((r) => [r.attempt, r.lastAttempt])).toEqual([[1, false], [2, false], [3, true]]);
    const gaps = [runs[1]!.at - runs[0]!.at, runs[2]!.at - runs[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(DELAY * 1000 - 50);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * DELAY * 1000 - 50);
    await until(async () => (await jobStates(q)).includes('failed'), 5_000);
    await sleep(provider === 'sqlite' ? 500 : 1_500);
    expect(runs).toHaveLength(3);
    expect(await jobStates(q)).toEqual(['failed']);
    expect(lines.some((l) => l.level === 50 && l.msg === 'job failed for good' && l.queue === q)).toBe(true);
  });

  it('retries a run that expired: its process died mid-run', async () => {
    const q = name();
    // Declared up front, so that the job recorded before work() has this queue's expiry.
    const queue = await open({ specs: { [q]: spec({ expireSeconds: 1 }) } });
    await queue.enqueue([{ queue: q, data: { n: 1 } }]);
    // What a process that died half-way through a run leaves: the job active, started long ago.
    if (provider === 'sqlite') {
      await db.prisma.$executeRawUnsafe(`UPDATE "EmbeddedJob" SET "state" = 'active', "attempt" = 1, "startedAt" = ? WHERE "queue" = ?`, sqliteTimestamp(new Date(Date.now() - 60_000)), q);
    } else {
      await db.prisma.$executeRawUnsafe(`UPDATE ${jobsSchema()}.job SET state = 'active', started_on = now() - interval '1 minute' WHERE name = $1`, q);
    }
    const { runs, handler } = recorder();
    const startedAt = Date.now();
    await queue.work({ [q]: { spec: spec({ expireSeconds: 1 }), handler } });
    await until(() => runs.length === 1, 15_000);
    expect(runs[0]).toMatchObject({ attempt: 2, data: { n: 1 } });
    expect(Date.now() - startedAt).toBeLessThan(provider === 'sqlite' ? 3_000 : 8_000);
    await queue.idle();
    expect(await jobStates(q)).toEqual(['completed']);
  });

  it('shares 200 jobs between two replicas, each job run exactly once', async () => {
    const q = name();
    const counts = new Map<number, number>();
    const ran = { a: 0, b: 0 };
    const handler = (replica: 'a' | 'b') => async (job: Job) => {
      const n = Number(job.data.n);
      counts.set(n, (counts.get(n) ?? 0) + 1);
      ran[replica] += 1;
      await sleep(2);
    };
    // Two processes: each its own database clients and its own queue.
    const other = await db.secondClient();
    const a = await open({ concurrency: 3 });
    const b = await open({ concurrency: 3 }, other);
    await a.work({ [q]: { spec: spec(), handler: handler('a') } });
    await b.work({ [q]: { spec: spec(), handler: handler('b') } });
    const jobs = Array.from({ length: 200 }, (_, n) => ({ queue: q, data: { n } }));
    await Promise.all([a.enqueue(jobs.slice(0, 100)), b.enqueue(jobs.slice(100))]);
    await until(() => counts.size === 200, 25_000);
    await Promise.all([a.idle(), b.idle()]);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(counts.size).toBe(200);
    expect(ran.a + ran.b).toBe(200);
    expect(ran.a).toBeGreaterThan(0);
    expect(ran.b).toBeGreaterThan(0);
  });

  it.runIf(provider === 'postgresql')('looks for due jobs once a poll for all its queues and workers; a job recorded elsewhere still runs within a poll', async () => {
    const queues = Array.from({ length: 6 }, () => name());
    const ran: unknown[] = [];
    const a = await open({ concurrency: 2 });
    await a.work(Object.fromEntries(queues.map((q) => [q, { spec: spec(), handler: async (job: Job) => { ran.push(job.data.n); } }])));
    await sleep(300); // each worker's first look, at its start
    const pg = (await import('pg')).default;
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const query = proto.query;
    let looks = 0;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string } | null)?.text ?? '');
      if (text.includes('WITH next AS') || text.includes('SELECT DISTINCT name FROM')) looks += 1;
      return query.apply(this, args);
    };
    try {
      await sleep(1000);
    } finally {
      proto.query = query;
    }
    // 12 workers each looking every 200 ms would make some 60 statements; one look a poll makes about 5.
    expect(looks).toBeGreaterThan(0);
    expect(looks).toBeLessThanOrEqual(10);
    // A job recorded by another process, which has no worker for its queue, runs here.
    const other = await db.secondClient();
    const b = await open({}, other);
    await b.enqueue([{ queue: queues[3]!, data: { n: 7 } }]);
    await until(() => ran.includes(7), 5_000);
    expect(ran).toEqual([7]);
  });

  it('idle() waits for the jobs due now, not for those scheduled later', async () => {
    const queue = await open();
    const q = name();
    const { runs, handler } = recorder(async () => { await sleep(300); });
    await queue.work({ [q]: { spec: spec(), handler } });
    await queue.enqueue([
      { queue: q, data: { n: 1 } },
      { queue: q, data: { n: 2 }, startAfter: new Date(Date.now() + 60_000) },
    ]);
    const started = Date.now();
    await queue.idle();
    expect(runs.map((r) => r.data.n)).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await jobStates(q)).toEqual(['completed', 'created']);
  });

  it('stop() waits for the running job, records it, and leaves no handle open', async () => {
    const resources = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
    const count = (list: string[]) => list.reduce((m, r) => m.set(r, (m.get(r) ?? 0) + 1), new Map<string, number>());
    await sleep(100);
    const before = count(resources());
    const queue = await openJobQueue(db, logger, { pollIntervalMs: 200, maintenanceIntervalSeconds: 1 });
    const q = name();
    let finished = false;
    const { runs, handler } = recorder(async () => { await sleep(400); finished = true; });
    await queue.work({ [q]: { spec: spec(), handler } });
    await queue.enqueue([{ queue: q, data: { n: 1 } }]);
    await until(() => runs.length === 1, 5_000);
    await queue.stop();
    expect(finished).toBe(true);
    await sleep(50);
    const after = count(resources());
    for (const [type, n] of after) expect(n, `${type} handles`).toBeLessThanOrEqual(before.get(type) ?? 0);
    expect(await jobStates(q)).toEqual(['completed']);
    await expect(queue.enqueue([{ queue: q, data: {} }])).rejects.toThrow(/stopped/);
  });
});
