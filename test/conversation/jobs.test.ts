// What must follow a command, as jobs: `planJobs` turns the engine's effects into them (pure), and they are
// recorded with the command whether or not this replica runs a worker — a replica with PARCOURS_WORKER=off
// runs none, and another one on the same database carries them out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Effect } from '../../src/core/context.js';
import { planJobs } from '../../src/conversation/jobs.js';
import { jobSchemaName } from '../../src/db/jobs/index.js';
import type { RunningServer } from '../../src/server.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';
import { Conversation, startTeamsServer, TENANT, type Person } from './helpers/harness.js';
import { RecordingPlatform, text } from './helpers/recording-platform.js';

describe('planJobs: effects → jobs', () => {
  const actor: Actor = { workspaceId: 'ws-1', userId: 'fac', displayName: 'Fatou' };
  const origin = { platform: 'teams', workspace: TENANT, userId: 'fac', conversationId: 'conv-1', threadId: 'msg-1' };
  const base = (workshopId: string) => ({ workspaceId: 'ws-1', workshopId, platform: 'teams', workspace: TENANT });
  const tell = { userId: 'fac', conversationId: 'conv-1', threadId: 'msg-1' };
  const changed = (workshopId: string): Effect => ({ kind: 'contentChanged', workshopId });

  it('refreshes each workshop once, keyed by the workshop, whatever the number of its effects', () => {
    const effects: Effect[] = [changed('w1'), { kind: 'stepChanged', workshopId: 'w1', from: 'framing', to: 'persona' }, changed('w2'), changed('w1')];
    expect(planJobs(effects, actor, origin)).toEqual([
      { queue: 'refresh', key: 'w1', data: { ...base('w1'), link: null, tell: null } },
      // A new step plans its reminders and deadline again (issue 12).
      { queue: 'schedule', key: 'w1', data: { ...base('w1'), tell: null } },
      { queue: 'refresh', key: 'w2', data: { ...base('w2'), link: null, tell: null } },
    ]);
  });

  it('links a new workshop to the conversation it was started from, and says who to tell if it cannot be posted there', () => {
    expect(planJobs([{ kind: 'workshopCreated', workshopId: 'w1' }, changed('w1')], actor, origin)).toEqual([
      { queue: 'refresh', key: 'w1', data: { ...base('w1'), link: 'conv-1', tell } },
      { queue: 'schedule', key: 'w1', data: { ...base('w1'), tell: null } },
    ]);
    // Framed from a place with no conversation (a home tab): nothing to link, the person is still told.
    expect(planJobs([{ kind: 'workshopCreated', workshopId: 'w1' }], actor, { ...origin, conversationId: null, threadId: null })).toEqual([
      { queue: 'refresh', key: 'w1', data: { ...base('w1'), link: null, tell: { userId: 'fac', conversationId: null, threadId: null } } },
      { queue: 'schedule', key: 'w1', data: { ...base('w1'), tell: null } },
    ]);
  });

  it('delivers a draft map when the roadmap is ready, and the final one when the workshop closes', () => {
    const roadmap: Effect[] = [{ kind: 'stepChanged', workshopId: 'w1', from: 'solutions', to: 'roadmap' }, { kind: 'roadmapReady', workshopId: 'w1' }];
    expect(planJobs(roadmap, actor, origin)).toEqual([
      { queue: 'refresh', key: 'w1', data: { ...base('w1'), link: null, tell: null } },
      { queue: 'schedule', key: 'w1', data: { ...base('w1'), tell: null } },
      { queue: 'deliver', data: { ...base('w1'), what: 'draft', tell } },
    ]);
    expect(planJobs([{ kind: 'workshopClosed', workshopId: 'w1' }], actor, origin)).toEqual([
      { queue: 'refresh', key: 'w1', data: { ...base('w1'), link: null, tell: null } },
      { queue: 'deliver', data: { ...base('w1'), what: 'final', tell } },
      { queue: 'schedule', key: 'w1', data: { ...base('w1'), tell: null } },
    ]);
  });

  it('plans nothing without a platform origin (the CLI), or with one it does not know', () => {
    const effects: Effect[] = [{ kind: 'workshopCreated', workshopId: 'w1' }, { kind: 'workshopClosed', workshopId: 'w1' }];
    expect(planJobs(effects, actor, undefined)).toEqual([]);
    expect(planJobs(effects, actor, { ...origin, platform: 'cli' })).toEqual([]);
    expect(planJobs(effects, actor, { ...origin, workspace: '' })).toEqual([]);
    expect(planJobs([], actor, origin)).toEqual([]);
  });
});

const FAC: Person = { id: 'fac-fatou', name: 'Fatou' };
const HEAD: Person = { id: 'head-sales', name: 'Sam' };

/** Jobs recorded and due, not yet run. */
async function waitingJobs(db: TestDatabase): Promise<number> {
  if (db.target.provider === 'sqlite') {
    const rows = await db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "EmbeddedJob" WHERE "state" IN ('created', 'retry')`);
    return Number(rows[0]!.n);
  }
  const rows = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT COUNT(*)::int AS n FROM ${jobSchemaName(db.target.schema)}.job WHERE state IN ('created', 'retry')`);
  return rows[0]!.n;
}

describe.each(providers)('a replica without a worker, on %s', (provider) => {
  let db: TestDatabase;
  let front: RunningServer;
  let worker: RunningServer | undefined;
  const frontPlatform = new RecordingPlatform();
  const workerPlatform = new RecordingPlatform();

  beforeAll(async () => {
    db = await freshDatabase(provider);
    front = await startTeamsServer(db.rawUrl, frontPlatform, { PARCOURS_WORKER: 'off' });
  });

  afterAll(async () => {
    await worker?.close();
    await front?.close();
    await db?.close();
  });

  it('answers and records the jobs but runs none; a replica with a worker on the same database carries them out', async () => {
    // Requests go to the replica without a worker; what people see is read from the worker's platform.
    const c = new Conversation(front, workerPlatform, 'conv-replicas');
    const opened = await c.command(FAC, 'new en');
    const answer = await c.submit(FAC, opened.reply, {
      title: 'Two replicas', language: 'en', mode: 'live', journey: 'current', basis: 'staff', department_0: 'Sales', head_0: HEAD.id, voteBudget: '3',
    });
    expect(answer.reply).toEqual({ kind: 'closeForm' });
    expect(await waitingJobs(db)).toBe(2); // the refresh, and the workshop's schedule
    // Longer than a worker's poll: nothing was run here.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(frontPlatform.calls).toEqual([]);
    expect(await waitingJobs(db)).toBe(2);
    expect((await db.prisma.conversation.findMany()).map((r) => [r.conversationId, r.rootMessageId])).toEqual([['conv-replicas', null]]);

    worker = await startTeamsServer(db.rawUrl, workerPlatform);
    await worker.layer.idle();
    expect(c.posts('anchor')).toHaveLength(1);
    expect(c.posts('step')).toHaveLength(1);
    expect(c.posts('step')[0]!.threadId).toBe(c.anchorId());
    expect(text(c.posts('anchor')[0]!.message)).toContain('Two replicas');
    expect(await waitingJobs(db)).toBe(0);

    // A click through the replica without a worker: the worker's replica posts the next step.
    expect((await c.advance(FAC)).reply).toEqual({ kind: 'none' });
    await worker.layer.idle();
    expect(c.stepMessage().view.step).toBe('persona');
    expect(c.posts('step')).toHaveLength(2);
    expect(frontPlatform.calls).toEqual([]);
  });
});

describe.each(providers)('jobs about a workshop deleted meanwhile, on %s', (provider) => {
  let db: TestDatabase;
  let front: RunningServer;
  let worker: RunningServer | undefined;
  const platform = new RecordingPlatform();

  beforeAll(async () => {
    db = await freshDatabase(provider);
    front = await startTeamsServer(db.rawUrl, platform, { PARCOURS_WORKER: 'off' });
  });

  afterAll(async () => {
    await worker?.close();
    await front?.close();
    await db?.close();
  });

  it('are dropped, neither retried nor sent stale', async () => {
    const c = new Conversation(front, platform, 'conv-deleted');
    const opened = await c.command(FAC, 'new en');
    await c.submit(FAC, opened.reply, { title: 'Gone before posted', language: 'en', mode: 'async', journey: 'current', basis: 'staff', department_0: 'Sales', voteBudget: '3' });
    expect(await waitingJobs(db)).toBe(2);
    // The workshop goes before any worker ran its refresh (its jobs stay, as a job already running would).
    await db.prisma.workshop.deleteMany({ where: { title: 'Gone before posted' } });
    worker = await startTeamsServer(db.rawUrl, platform);
    await worker.layer.idle();
    expect(c.posts('anchor')).toEqual([]);
    expect(await waitingJobs(db)).toBe(0);
    expect(await db.prisma.conversation.count()).toBe(0);
  });
});
