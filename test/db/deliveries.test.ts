// The conversation layer's storage on both databases: where a workshop lives (ConversationStore) and the
// deliveries it made (DeliveryStore), claimed through their unique key.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversations } from '../../src/db/conversations.js';
import { Deliveries, DEFAULT_STALE_AFTER_MS } from '../../src/db/deliveries.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';

describe.each(providers)('conversations and deliveries on %s', (provider) => {
  let database: TestDatabase | undefined;
  beforeAll(async () => { database = await freshDatabase(provider); });
  afterAll(async () => { await database?.close(); });

  let second: Awaited<ReturnType<TestDatabase['secondClient']>> | undefined;
  const secondClient = async () => (second ??= await database!.secondClient());

  /** Two new workspaces, each with a workshop. */
  async function setUp() {
    const db = database!;
    const ids: Record<string, { workspaceId: string; workshopId: string }> = {};
    for (const name of ['A', 'B']) {
      const ws = await db.prisma.workspace.create({ data: { platform: 'slack', externalId: `T${name}-${randomUUID()}` } });
      const wk = await db.prisma.workshop.create({ data: { workspaceId: ws.id, title: name, language: 'en', mode: 'async', journey: 'current', basis: 'data' } });
      ids[name] = { workspaceId: ws.id, workshopId: wk.id };
    }
    return { db, a: ids.A!, b: ids.B! };
  }

  it('keeps one conversation per workshop, read only within its workspace', async () => {
    const { db, a, b } = await setUp();
    const conversations = new Conversations(db.prisma);
    // A submission delivered twice at once: one row, no error.
    await Promise.all([
      conversations.create(a.workspaceId, a.workshopId, 'slack', 'C1'),
      conversations.create(a.workspaceId, a.workshopId, 'slack', 'C1'),
      conversations.create(a.workspaceId, a.workshopId, 'slack', 'C2'),
    ]);
    expect(await db.prisma.conversation.count({ where: { workshopId: a.workshopId } })).toBe(1);
    const first = await conversations.get(a.workspaceId, a.workshopId);
    expect(first).toMatchObject({ workspaceId: a.workspaceId, workshopId: a.workshopId, platform: 'slack', rootMessageId: null, step: null, stepMessageId: null });
    expect(first!.createdAt).toBeInstanceOf(Date);

    await conversations.setRootMessage(a.workspaceId, a.workshopId, '1.0001');
    await conversations.setStepMessage(a.workspaceId, a.workshopId, 'stages', '1.0002');
    expect(await conversations.get(a.workspaceId, a.workshopId)).toMatchObject({ rootMessageId: '1.0001', step: 'stages', stepMessageId: '1.0002' });

    // Another workspace sees nothing of it and changes nothing.
    expect(await conversations.get(b.workspaceId, a.workshopId)).toBeNull();
    await conversations.setRootMessage(b.workspaceId, a.workshopId, 'hijack');
    expect((await conversations.get(a.workspaceId, a.workshopId))!.rootMessageId).toBe('1.0001');
    expect(await conversations.conversationsOf(b.workspaceId, [a.workshopId])).toEqual(new Map());
    expect(await conversations.conversationsOf(a.workspaceId, [a.workshopId, 'missing'])).toEqual(new Map([[a.workshopId, first!.conversationId]]));
    expect(await conversations.conversationsOf(a.workspaceId, [])).toEqual(new Map());
  });

  it("finds a conversation's most recent workshop", async () => {
    const { db, a } = await setUp();
    const conversations = new Conversations(db.prisma);
    const later = await db.prisma.workshop.create({ data: { workspaceId: a.workspaceId, title: 'later', language: 'en', mode: 'async', journey: 'target', basis: 'data' } });
    await conversations.create(a.workspaceId, a.workshopId, 'slack', 'C1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await conversations.create(a.workspaceId, later.id, 'slack', 'C1');
    expect((await conversations.latestIn(a.workspaceId, 'slack', 'C1'))?.workshopId).toBe(later.id);
    expect(await conversations.latestIn(a.workspaceId, 'teams', 'C1')).toBeNull();
    expect(await conversations.latestIn(a.workspaceId, 'slack', 'C9')).toBeNull();
  });

  it('answers a claim: claimed, then race while it is fresh, delivered once made', async () => {
    const { db, a, b } = await setUp();
    const deliveries = new Deliveries(db.prisma);
    expect(await deliveries.claim(a.workspaceId, a.workshopId, 'final:1:map')).toEqual({ status: 'claimed', attempt: 1 });
    expect(await deliveries.claim(a.workspaceId, a.workshopId, 'final:1:map')).toEqual({ status: 'race' });
    await deliveries.delivered(a.workspaceId, a.workshopId, 'final:1:map', 'F123');
    expect(await deliveries.claim(a.workspaceId, a.workshopId, 'final:1:map')).toEqual({ status: 'delivered', ref: 'F123' });
    // The same key in another workshop is another delivery.
    expect(await deliveries.claim(b.workspaceId, b.workshopId, 'final:1:map')).toEqual({ status: 'claimed', attempt: 1 });
    expect(await deliveries.list(a.workspaceId, a.workshopId)).toEqual([
      expect.objectContaining({ workshopId: a.workshopId, key: 'final:1:map', status: 'delivered', attempts: 1, error: null, ref: 'F123' }),
    ]);
    expect(await deliveries.list(b.workspaceId, a.workshopId)).toEqual([]);
  });

  it('lets one of two concurrent claimers win', async () => {
    const { db, a } = await setUp();
    const deliveries = new Deliveries(db.prisma);
    const other = new Deliveries((await secondClient()).prisma);
    for (let round = 0; round < 5; round += 1) {
      const key = `step:stages:${round}`;
      const answers = await Promise.all([deliveries.claim(a.workspaceId, a.workshopId, key), other.claim(a.workspaceId, a.workshopId, key)]);
      expect(answers.map((x) => x.status).sort()).toEqual(['claimed', 'race']);
      // A retry taken over by two at once: still one winner.
      await deliveries.failed(a.workspaceId, a.workshopId, key, 'rate limited', false);
      const again = await Promise.all([deliveries.claim(a.workspaceId, a.workshopId, key), other.claim(a.workspaceId, a.workshopId, key)]);
      expect(again.map((x) => x.status).sort()).toEqual(['claimed', 'race']);
      expect(again.find((x) => x.status === 'claimed')).toEqual({ status: 'claimed', attempt: 2 });
    }
  });

  it('retries a failure that may be retried, never a permanent one', async () => {
    const { db, a } = await setUp();
    const deliveries = new Deliveries(db.prisma);
    const key = 'final:1:head:D1';
    await deliveries.claim(a.workspaceId, a.workshopId, key);
    await deliveries.failed(a.workspaceId, a.workshopId, key, 'ratelimited', false);
    expect((await deliveries.list(a.workspaceId, a.workshopId))[0]).toMatchObject({ status: 'retry', attempts: 1, error: 'ratelimited' });
    expect(await deliveries.claim(a.workspaceId, a.workshopId, key)).toEqual({ status: 'claimed', attempt: 2 });
    await deliveries.failed(a.workspaceId, a.workshopId, key, 'user_not_found', true);
    expect(await deliveries.claim(a.workspaceId, a.workshopId, key)).toEqual({ status: 'failed', error: 'user_not_found' });
    expect(await deliveries.claim(a.workspaceId, a.workshopId, key, { now: new Date(Date.now() + 24 * 3600_000) })).toEqual({ status: 'failed', error: 'user_not_found' });
    expect((await deliveries.list(a.workspaceId, a.workshopId))[0]).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('takes over a claim gone stale (its process died mid-send), once', async () => {
    const { db, a } = await setUp();
    const deliveries = new Deliveries(db.prisma);
    const key = 'final:2:map';
    const t0 = new Date();
    expect(await deliveries.claim(a.workspaceId, a.workshopId, key, { now: t0 })).toEqual({ status: 'claimed', attempt: 1 });
    const fresh = new Date(t0.getTime() + DEFAULT_STALE_AFTER_MS - 1000);
    expect(await deliveries.claim(a.workspaceId, a.workshopId, key, { now: fresh })).toEqual({ status: 'race' });
    const stale = new Date(t0.getTime() + DEFAULT_STALE_AFTER_MS + 1000);
    const other = new Deliveries((await secondClient()).prisma);
    const answers = await Promise.all([
      deliveries.claim(a.workspaceId, a.workshopId, key, { now: stale }),
      other.claim(a.workspaceId, a.workshopId, key, { now: stale }),
    ]);
    expect(answers).toEqual(expect.arrayContaining([{ status: 'claimed', attempt: 2 }, { status: 'race' }]));
    // A shorter stale delay is the caller's to choose.
    expect(await deliveries.claim(a.workspaceId, a.workshopId, key, { now: new Date(stale.getTime() + 50), staleAfterMs: 10 })).toEqual({ status: 'claimed', attempt: 3 });
    // The first claimer finally fails: it does not undo a delivery made meanwhile.
    await deliveries.delivered(a.workspaceId, a.workshopId, key, 'F9');
    await deliveries.failed(a.workspaceId, a.workshopId, key, 'timeout', false);
    expect(await deliveries.claim(a.workspaceId, a.workshopId, key)).toEqual({ status: 'delivered', ref: 'F9' });
  });

  it('records a delivery made without a claim', async () => {
    const { db, a } = await setUp();
    const deliveries = new Deliveries(db.prisma);
    await deliveries.delivered(a.workspaceId, a.workshopId, 'step:roadmap:3');
    expect(await deliveries.claim(a.workspaceId, a.workshopId, 'step:roadmap:3')).toEqual({ status: 'delivered', ref: null });
  });

  it('leaves no row of a deleted workshop', async () => {
    const { db, a } = await setUp();
    await new Conversations(db.prisma).create(a.workspaceId, a.workshopId, 'teams', '19:abc@thread.tacv2');
    await new Deliveries(db.prisma).claim(a.workspaceId, a.workshopId, 'final:1:map');
    await db.prisma.workshop.delete({ where: { id: a.workshopId } });
    expect(await db.prisma.conversation.count({ where: { workshopId: a.workshopId } })).toBe(0);
    expect(await db.prisma.delivery.count({ where: { workshopId: a.workshopId } })).toBe(0);
  });
});
