// The timed events of workshops on both databases: a workshop's plan replaced exactly (unchanged events kept
// with their claim), follow-ups kept beside it, due events claimed once whatever the claimers, stale claims
// taken over, and people's time zones written only when they change.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { People } from '../../src/db/people.js';
import { TimedEvents } from '../../src/db/timed-events.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';

const T0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(providers)('timed events and people on %s', (provider) => {
  let database: TestDatabase | undefined;
  beforeAll(async () => { database = await freshDatabase(provider); });
  afterAll(async () => { await database?.close(); });

  async function workshop(platform = 'slack') {
    const db = database!;
    const ws = await db.prisma.workspace.create({ data: { platform, externalId: `T-${randomUUID()}` } });
    const wk = await db.prisma.workshop.create({ data: { workspaceId: ws.id, title: 'W', language: 'en', mode: 'async', journey: 'current', basis: 'data' } });
    return { workspaceId: ws.id, workshopId: wk.id, external: ws.externalId };
  }

  it('makes a workshop’s events exactly the plan: unchanged ones kept with their claim, changed ones replaced, others deleted', async () => {
    const db = database!;
    const events = new TimedEvents(db.prisma, provider, db.raw);
    const a = await workshop();
    await events.sync(a.workspaceId, a.workshopId, [
      { key: 'remind:stages:24', dueAt: at(10), data: { deadline: at(1450).toISOString() } },
      { key: 'deadline:stages', dueAt: at(1450), data: { deadline: at(1450).toISOString() } },
      { key: 'digest', dueAt: at(60), data: {} },
    ]);
    expect((await events.list(a.workspaceId, a.workshopId)).map((e) => e.key)).toEqual(['remind:stages:24', 'digest', 'deadline:stages']);

    // Nothing due yet: the driver says so, and Prisma is not asked (an idle replica polls every few seconds).
    expect((await events.claimDue(at(9), 10, 60_000)).filter((e) => e.workshopId === a.workshopId)).toEqual([]);
    // Claimed, then the plan is kept but one event moves and another goes.
    const claimed = await events.claimDue(at(10), 10, 60_000);
    const mine = claimed.filter((e) => e.workshopId === a.workshopId);
    expect(mine.map((e) => e.key)).toEqual(['remind:stages:24']);
    expect(mine[0]).toMatchObject({ platform: 'slack', workspace: a.external, data: { deadline: at(1450).toISOString() } });
    await events.sync(a.workspaceId, a.workshopId, [
      { key: 'remind:stages:24', dueAt: at(10), data: { deadline: at(1450).toISOString() } },
      { key: 'deadline:stages', dueAt: at(1500), data: { deadline: at(1500).toISOString() } },
    ]);
    const after = await events.list(a.workspaceId, a.workshopId);
    expect(after.map((e) => [e.key, e.dueAt.toISOString()])).toEqual([['remind:stages:24', at(10).toISOString()], ['deadline:stages', at(1500).toISOString()]]);
    expect(after[0]!.id).toBe(mine[0]!.id);
    expect(after[0]!.claimedAt?.toISOString()).toBe(at(10).toISOString());
    expect(after[1]!.data).toEqual({ deadline: at(1500).toISOString() });
    expect(after[1]!.claimedAt).toBeNull();

    // A follow-up (one person's reminder, delayed) survives a new plan, not an empty one (a closed workshop).
    await events.follow(a.workspaceId, a.workshopId, { key: 'remind:stages:24@U1', dueAt: at(30), data: { userId: 'U1' } });
    await events.follow(a.workspaceId, a.workshopId, { key: 'remind:stages:24@U1', dueAt: at(30), data: { userId: 'U1' } });
    await events.sync(a.workspaceId, a.workshopId, [{ key: 'deadline:stages', dueAt: at(1500), data: { deadline: at(1500).toISOString() } }]);
    expect((await events.list(a.workspaceId, a.workshopId)).map((e) => e.key)).toEqual(['remind:stages:24@U1', 'deadline:stages']);
    await events.sync(a.workspaceId, a.workshopId, []);
    expect(await events.list(a.workspaceId, a.workshopId)).toEqual([]);

    // Another workspace plans nothing for this workshop; a deleted workshop's events go with it.
    const b = await workshop();
    await events.sync(b.workspaceId, a.workshopId, [{ key: 'digest', dueAt: at(5), data: {} }]);
    expect(await events.list(a.workspaceId, a.workshopId)).toEqual([]);
    await events.sync(a.workspaceId, a.workshopId, [{ key: 'digest', dueAt: at(5), data: {} }]);
    await db.prisma.workshop.delete({ where: { id: a.workshopId } });
    expect(await db.prisma.timedEvent.count({ where: { workshopId: a.workshopId } })).toBe(0);
  });

  it('gives each due event to one claimer only, takes over a stale claim, and forgets what is done', async () => {
    const db = database!;
    const second = await db.secondClient();
    const one = new TimedEvents(db.prisma, provider, db.raw);
    const two = new TimedEvents(second.prisma, provider, second.raw);
    const w = await workshop('teams');
    const planned = Array.from({ length: 30 }, (_, i) => ({ key: `remind:evaluation:${i}`, dueAt: at(100 + (i % 3)), data: { i } }));
    await one.sync(w.workspaceId, w.workshopId, planned);
    expect(await one.claimDue(at(99), 100, 60_000)).toEqual([]);

    // Two replicas claiming at once, in small batches, until nothing is left.
    const taken: string[][] = [[], []];
    await Promise.all([one, two].map(async (store, n) => {
      for (;;) {
        const got = (await store.claimDue(at(103), 4, 60_000)).filter((e) => e.workshopId === w.workshopId);
        if (got.length === 0) break;
        taken[n]!.push(...got.map((e) => e.key));
      }
    }));
    const all = [...taken[0]!, ...taken[1]!];
    expect(all.sort()).toEqual(planned.map((e) => e.key).sort());
    expect(new Set(all).size).toBe(30);

    // Held and fresh: nobody takes it; held for longer than the stale delay: taken over.
    expect((await one.claimDue(at(103), 100, 60_000)).filter((e) => e.workshopId === w.workshopId)).toEqual([]);
    const again = (await two.claimDue(at(105), 100, 60_000)).filter((e) => e.workshopId === w.workshopId);
    expect(again).toHaveLength(30);
    expect(again[0]).toMatchObject({ platform: 'teams', workspace: w.external });
    for (const e of again) await one.done(e.id);
    expect(await one.list(w.workspaceId, w.workshopId)).toEqual([]);
  });

  it('keeps each person’s time zone, writing only when it changes, within the workspace', async () => {
    const db = database!;
    const people = new People(db.prisma);
    const a = await workshop();
    const b = await workshop();
    expect(await people.setTimeZone(a.workspaceId, 'U1', 'Asia/Tokyo')).toBe(true);
    expect(await people.setTimeZone(a.workspaceId, 'U1', 'Asia/Tokyo')).toBe(false);
    expect(await people.setTimeZone(a.workspaceId, 'U2', 'Europe/Paris')).toBe(true);
    expect(await people.setTimeZone(a.workspaceId, 'U2', 'America/New_York')).toBe(true);
    expect(await people.timeZones(a.workspaceId, ['U1', 'U2', 'U3'])).toEqual(new Map([['U1', 'Asia/Tokyo'], ['U2', 'America/New_York']]));
    expect(await people.timeZones(b.workspaceId, ['U1', 'U2'])).toEqual(new Map());
    expect(await people.timeZones(a.workspaceId, [])).toEqual(new Map());
    expect(await people.setTimeZone('no-such-workspace', 'U1', 'UTC')).toBe(false);
  });
});
