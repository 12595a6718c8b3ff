// Store.castVote on PostgreSQL (src/db/vote-writer-postgres.ts): the usual click — a voter who already joined,
// the workshop's refresh job waiting or not — is two statements and no transaction; everything else falls back
// to the transaction. Either way budgets and caps hold, a delivery applies once, and the job runs after the vote.
// The pool's statements are counted by wrapping it: what the database is sent is what is asserted.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { voteRules } from '../../src/core/evaluation.js';
import type { VoteTarget } from '../../src/core/records.js';
import type { JobRequest, Store } from '../../src/core/store.js';
import { jobSchemaName, openJobQueue, type AppJobQueue } from '../../src/db/jobs/index.js';
import { openStore } from '../../src/db/operator-store.js';
import { freshDatabase, SKIP_POSTGRES, type TestDatabase } from '../helpers/database.js';

const QUEUE = 'refresh-test';

describe.skipIf(SKIP_POSTGRES)('castVote on PostgreSQL', () => {
  let db: TestDatabase;
  let queue: AppJobQueue;
  let store: Store;
  const sent: string[] = [];
  /** The clicks of each batched write sent (its $3, the votes' ids), and a step to take just before the next one goes. */
  const writes: number[] = [];
  let beforeWrite: (() => Promise<unknown>) | null = null;

  beforeAll(async () => {
    db = await freshDatabase('postgresql');
    queue = await openJobQueue(db, pino({ level: 'silent' }), { pollIntervalMs: 60_000 });
    store = openStore(db, queue);
    // Every statement the pool is sent, by its first words (named statements included).
    if (db.raw.provider !== 'postgresql') throw new Error('PostgreSQL expected');
    const pool = db.raw.pool as pg.Pool & { query: (...args: unknown[]) => unknown };
    const query = pool.query.bind(pool);
    pool.query = ((config: unknown, values?: unknown) => {
      const text = typeof config === 'string' ? config : (config as { text: string }).text;
      sent.push(text);
      if (!text.includes('unnest($3::text[]')) return query(config, values);
      writes.push(((config as { values: unknown[][] }).values[2] ?? []).length);
      const before = beforeWrite;
      beforeWrite = null;
      return before ? before().then(() => query(config, values)) : query(config, values);
    }) as typeof pool.query;
    // A connection taken by hand is a transaction's (pool.query takes its own with a callback).
    const connect = pool.connect.bind(pool) as (callback?: unknown) => unknown;
    (pool as { connect: unknown }).connect = (callback?: unknown) => {
      if (callback) return connect(callback);
      sent.push('connect');
      return connect();
    };
  }, 60_000);
  afterEach(() => { sent.length = 0; writes.length = 0; beforeWrite = null; });
  afterAll(async () => {
    await queue?.stop();
    await db?.close();
  });

  /** A workshop in the evaluation step with `observations` irritants, and a voter who joined it. */
  async function workshop(options: { budget?: number; cap?: number; observations?: number } = {}) {
    const { id: workspaceId } = await store.ensureWorkspace('test', `W-${randomUUID()}`);
    return store.transaction(workspaceId, async (tx) => {
      const w = await tx.createWorkshop({
        title: 'Votes', scope: '', language: 'en', mode: 'async', journey: 'current', basis: 'data', anonymous: false,
        voteBudget: options.budget ?? 3, voteCap: options.cap ?? 1, sourceWorkshopId: null,
      });
      await tx.updateWorkshop(w.id, w.version, { step: 'evaluation' });
      const stage = await tx.createStage(w.id, { label: 'I pay', phase: 'purchase', position: 0, authorId: null });
      const observations: string[] = [];
      for (let i = 0; i < (options.observations ?? 4); i += 1) {
        observations.push((await tx.createObservation(w.id, { stageId: stage.id, touchpointId: null, kind: 'irritant', text: `Slow ${i}`, momentOfTruth: false, authorId: 'U0' })).id);
      }
      await tx.createParticipant(w.id, { userId: 'U-VOTER', displayName: 'Una', role: 'participant', departmentId: null });
      return { workspaceId, workshopId: w.id, observations };
    });
  }

  const refresh = (workshopId: string): JobRequest[] => [{ queue: QUEUE, key: workshopId, data: { workshopId } }];

  function vote(w: { workspaceId: string; workshopId: string }, target: VoteTarget, more: { userId?: string; deliveryId?: string; jobs?: JobRequest[] } = {}) {
    return store.castVote(w.workspaceId, {
      workshopId: w.workshopId, userId: more.userId ?? 'U-VOTER', displayName: 'Una', target,
      ...(more.deliveryId ? { deliveryId: more.deliveryId } : {}), jobs: more.jobs ?? refresh(w.workshopId),
    }, voteRules(w.workshopId, target));
  }

  async function jobs(workshopId: string): Promise<string[]> {
    const rows = await db.prisma.$queryRawUnsafe<{ state: string }[]>(
      `SELECT state::text AS state FROM ${jobSchemaName(db.target.provider === 'postgresql' ? db.target.schema : undefined)}.job WHERE name = $1 AND singleton_key = $2`, QUEUE, workshopId);
    return rows.map((r) => r.state);
  }

  const transactions = () => sent.filter((s) => s === 'connect').length;
  const votes = async (workshopId: string) => db.prisma.vote.count({ where: { workshopId } });

  it('casts a joined voter\'s vote beside a waiting job in two statements, no transaction, and adds no job', async () => {
    const w = await workshop();
    await queue.enqueue(refresh(w.workshopId));
    sent.length = 0;
    expect(await vote(w, { observationId: w.observations[0]! }, { deliveryId: 'd-1' })).toStrictEqual({ remaining: 2, onItem: 1 });
    expect(sent).toHaveLength(2);
    expect(transactions()).toBe(0);
    expect(await jobs(w.workshopId)).toEqual(['created']);
    expect(await votes(w.workshopId)).toBe(1);
    // The delivery's outcome was recorded with the vote: received again, it is replayed, not cast.
    const again = await vote(w, { observationId: w.observations[0]! }, { deliveryId: 'd-1' });
    expect(again).toHaveProperty('replay');
    expect(await votes(w.workshopId)).toBe(1);
  });

  it('records the job first when none waits, once for votes cast at the same moment, then casts each in one statement', async () => {
    const w = await workshop({ budget: 4, cap: 1, observations: 4 });
    const voters = ['U-A', 'U-B', 'U-C', 'U-D'];
    await store.transaction(w.workspaceId, async (tx) => {
      for (const userId of voters) await tx.createParticipant(w.workshopId, { userId, displayName: userId, role: 'participant', departmentId: null });
    });
    sent.length = 0;
    const results = await Promise.all(voters.map((userId, i) => vote(w, { observationId: w.observations[i]! }, { userId })));
    expect(results).toStrictEqual(voters.map(() => ({ remaining: 3, onItem: 1 })));
    expect(transactions()).toBe(0);
    // Their facts are read together: the first click's read alone, the others', asked meanwhile, in one more.
    expect(sent.filter((s) => s.includes('unnest($1::text[]')).length).toBeLessThanOrEqual(2);
    expect(sent.filter((s) => /INSERT INTO \S+\.job\b/.test(s))).toHaveLength(1);
    expect(await jobs(w.workshopId)).toEqual(['created']);
    expect(await votes(w.workshopId)).toBe(4);
  });

  it('reads the facts of clicks at once together, and each click still gets its own: a newcomer joins, a refusal writes nothing', async () => {
    const w = await workshop({ budget: 1, cap: 1, observations: 3 });
    await store.transaction(w.workspaceId, async (tx) => {
      for (const userId of ['U-A', 'U-B']) await tx.createParticipant(w.workshopId, { userId, displayName: userId, role: 'participant', departmentId: null });
    });
    await queue.enqueue(refresh(w.workshopId));
    await vote(w, { observationId: w.observations[0]! }, { userId: 'U-B' });
    sent.length = 0;
    // U-A votes, U-B has no vote left, U-NEW joins, and an item of no workshop is not found: all at once.
    const outcomes = await Promise.allSettled([
      vote(w, { observationId: w.observations[1]! }, { userId: 'U-A' }),
      vote(w, { observationId: w.observations[2]! }, { userId: 'U-B' }),
      vote(w, { observationId: w.observations[2]! }, { userId: 'U-NEW' }),
      vote(w, { observationId: 'no-such-item' }, { userId: 'U-A', deliveryId: 'd-missing' }),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as { code: string }).code))).toStrictEqual([
      { remaining: 0, onItem: 1 }, 'errors.voteBudgetExhausted', { remaining: 0, onItem: 1 }, 'errors.observationNotFound',
    ]);
    expect(sent.filter((s) => s.includes('unnest($1::text[]')).length).toBeLessThanOrEqual(2);
    expect(transactions()).toBe(1); // the newcomer's
    expect((await db.prisma.vote.findMany({ where: { workshopId: w.workshopId } })).map((v) => v.observationId).sort())
      .toStrictEqual([w.observations[0]!, w.observations[1]!, w.observations[2]!].sort());
    expect(await db.prisma.processedDelivery.count({ where: { deliveryId: 'd-missing' } })).toBe(0);
  });

  it('writes the votes of clicks at once in one statement, and when one of them cannot be written, only that one fails', async () => {
    const w = await workshop({ budget: 3, cap: 1, observations: 3 });
    await store.transaction(w.workspaceId, async (tx) => {
      for (const userId of ['U-A', 'U-B', 'U-C']) await tx.createParticipant(w.workshopId, { userId, displayName: userId, role: 'participant', departmentId: null });
    });
    await queue.enqueue(refresh(w.workshopId));
    sent.length = 0;
    const together = await Promise.all(['U-A', 'U-B', 'U-C'].map((userId, i) => vote(w, { observationId: w.observations[i]! }, { userId })));
    expect(together).toStrictEqual([0, 1, 2].map(() => ({ remaining: 2, onItem: 1 })));
    expect(writes).toStrictEqual([3]);
    expect(transactions()).toBe(0);
    // The second item is removed after the facts were read and just before the votes are written: the statement
    // fails on that vote, and the others are written again one by one.
    writes.length = 0;
    beforeWrite = () => db.prisma.observation.delete({ where: { id: w.observations[1]! } });
    const outcomes = await Promise.allSettled(['U-A', 'U-B', 'U-C'].map((userId, i) => vote(w, { observationId: w.observations[(i + 1) % 3]! }, { userId })));
    expect(writes[0]).toBe(3);
    expect(outcomes.map((o) => o.status)).toStrictEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect((await db.prisma.vote.findMany({ where: { workshopId: w.workshopId } })).map((v) => `${v.observationId === w.observations[0] ? 0 : 2}`).sort())
      .toStrictEqual(['0', '0', '2', '2']);
  });

  it('keeps the budget and the cap when one voter clicks many times at once, and applies a delivery received twice at once once', async () => {
    const w = await workshop({ budget: 3, cap: 1, observations: 6 });
    await queue.enqueue(refresh(w.workshopId));
    // Twelve clicks at once: each of six items twice (cap 1), over a budget of 3.
    const targets = [...w.observations, ...w.observations].map((observationId) => ({ observationId }));
    const outcomes = await Promise.allSettled(targets.map((target) => vote(w, target)));
    const refusals = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code as string);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(refusals).toHaveLength(9);
    expect(refusals.every((code) => code === 'errors.voteBudgetExhausted' || code === 'errors.voteItemCapReached')).toBe(true);
    const cast = await db.prisma.vote.findMany({ where: { workshopId: w.workshopId } });
    expect(cast).toHaveLength(3);
    expect(new Set(cast.map((v) => v.observationId)).size).toBe(3);

    const other = await workshop({ budget: 3, cap: 1 });
    await queue.enqueue(refresh(other.workshopId));
    const twice = await Promise.all([0, 1].map(() => vote(other, { observationId: other.observations[0]! }, { deliveryId: 'd-twice' })));
    expect(twice.filter((r) => 'replay' in r)).toHaveLength(1);
    expect(twice.find((r) => !('replay' in r))).toStrictEqual({ remaining: 2, onItem: 1 });
    expect(await votes(other.workshopId)).toBe(1);
  });

  it('leaves a newcomer\'s first vote and a refused vote to the transaction, which joins them and writes nothing on a refusal', async () => {
    const w = await workshop({ budget: 1 });
    await queue.enqueue(refresh(w.workshopId));
    sent.length = 0;
    expect(await vote(w, { observationId: w.observations[0]! }, { userId: 'U-NEW' })).toStrictEqual({ remaining: 0, onItem: 1 });
    expect(transactions()).toBe(1);
    expect(await db.prisma.participant.count({ where: { workshopId: w.workshopId, userId: 'U-NEW' } })).toBe(1);
    sent.length = 0;
    await expect(vote(w, { observationId: w.observations[1]! }, { userId: 'U-NEW', deliveryId: 'd-refused' })).rejects.toMatchObject({ code: 'errors.voteBudgetExhausted' });
    expect(transactions()).toBe(0);
    expect(await votes(w.workshopId)).toBe(1);
    expect(await db.prisma.processedDelivery.count({ where: { deliveryId: 'd-refused' } })).toBe(0);
  });

  it('runs the job after the votes that coalesced with it', async () => {
    const w = await workshop({ budget: 4, cap: 1, observations: 4 });
    const seen: number[] = [];
    await queue.work({ [QUEUE]: { spec: { retryLimit: 0, retryDelaySeconds: 1, expireSeconds: 30 }, handler: async () => { seen.push(await votes(w.workshopId)); } } });
    await Promise.all(w.observations.map((observationId) => vote(w, { observationId })));
    await queue.idle();
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.at(-1)).toBe(4);
  });
});
