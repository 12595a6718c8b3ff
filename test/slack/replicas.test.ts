// Two instances of the app on one PostgreSQL database, as two replicas behind a load balancer: requests go
// to each in turn, and every request is delivered twice (Slack's retry), once to each. Nothing is lost,
// nothing is applied twice, and each message is posted once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, serverProvider, type TestDatabase } from '../helpers/database.js';
import { Driver } from './helpers/driver.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { startReplica, type Replica } from './helpers/harness.js';
import { ANA, BOB, FAC } from './helpers/users.js';

const png = async () => [{ name: 'map', png: Buffer.from('\x89PNG fake', 'latin1') }];

describe('two replicas on one PostgreSQL database, every delivery sent twice', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replicas: Replica[];
  let d: Driver;

  beforeAll(async () => {
    db = await freshDatabase(serverProvider);
    fake = await new FakeSlack().start();
    replicas = [await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png }), await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png })];
    d = new Driver(fake, replicas, db.prisma);
    d.duplicate = true;
  });
  afterAll(async () => {
    for (const r of replicas ?? []) await r.server.close();
    await fake?.stop();
    await db?.close();
  });

  it('runs a workshop to its votes with nothing lost or doubled', async () => {
    await d.command(FAC, 'new en');
    await d.submit(FAC, d.lastModal(FAC), { title: 'Replicated', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast', department_0: 'Sales', voteBudget: 3 });
    expect(await db.prisma.workshop.count()).toBe(1);
    expect(await db.prisma.conversation.count()).toBe(1);
    await d.click(FAC, 'advance');
    await d.click(FAC, 'advance');
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
    for (const [who, label] of [[ANA, 'I choose'], [BOB, 'I pay'], [ANA, 'I pick up']] as const) await d.fill(who, 'stage', { label, phase: 'before' });
    expect((await db.prisma.stage.findMany()).map((s) => s.label).sort()).toEqual(['I choose', 'I pay', 'I pick up']);
    await d.click(FAC, 'advance');
    await d.fill(BOB, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (t) => t.includes('I pick up')), otherChannel: 'Counter' }));
    await d.click(FAC, 'advance');
    await d.observe(ANA, (t) => t.includes('I pick up'), (t) => t === 'Counter', { kind: 'irritant', text: 'Long wait' });
    await d.observe(BOB, (t) => t.includes('I choose'), null, { kind: 'rupture', text: 'Lost order' });
    const [o1, o2] = await db.prisma.observation.findMany({ orderBy: { createdAt: 'asc' } });
    await d.click(ANA, 'vote', (v) => v.endsWith(o1!.id));
    await d.click(ANA, 'vote', (v) => v.endsWith(o2!.id));
    await d.click(BOB, 'vote', (v) => v.endsWith(o1!.id));
    expect(await db.prisma.vote.count()).toBe(3);
    expect(await db.prisma.observation.count()).toBe(2);
    expect(await db.prisma.touchpoint.count()).toBe(1);

    // One anchor, one message per step, however many deliveries and replicas.
    const conv = await d.conversation();
    const posts = fake.of('chat.postMessage').filter((c) => c.args.channel === 'C0WORKSHOP');
    expect(posts.filter((c) => c.args.thread_ts === undefined)).toHaveLength(1);
    const stepPosts = posts.filter((c) => c.args.thread_ts === conv.anchorTs);
    expect(stepPosts).toHaveLength(5);
    expect(conv.step).toBe('evaluation');
    const deliveries = await db.prisma.processedDelivery.count();
    expect(deliveries).toBeGreaterThanOrEqual(12);
  });

  it('answers a retried event once per delivery, from either replica', async () => {
    await d.homeOpened(ANA, 'Ev0RETRY');
    expect(fake.of('views.publish').length).toBeGreaterThanOrEqual(1);
  });
});
