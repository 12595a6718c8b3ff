// Many people voting at the same moment through two database clients (as two bot replicas would):
// no vote is lost, no budget or cap is exceeded, and a re-delivered command is applied once.
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { openStore } from '../../src/db/operator-store.js';
import { providers } from '../helpers/database.js';
import { engineSuite } from '../helpers/engine.js';

const VOTERS = 50;

describe.each(providers)('concurrent votes on %s', (provider) => {
  const h = engineSuite(provider);
  let engines: [Engine, Engine];
  let workshopId: string;
  let observations: string[];

  beforeAll(async () => {
    const second = await h.db.secondClient();
    engines = [h.engine, new Engine(openStore(second))];
    const fac = h.actor('FAC');
    ({ workshopId } = await h.ok<{ workshopId: string }>(fac, {
      type: 'createWorkshop', title: 'Rush', language: 'en', departments: [{ name: 'Sales' }],
      persona: { name: 'Pat' }, goal: 'Buy a sofa',
    }));
    await h.ok(fac, { type: 'advanceStep', workshopId });
    await h.ok(fac, { type: 'advanceStep', workshopId });
    const { stageId } = await h.ok<{ stageId: string }>(fac, { type: 'addStage', workshopId, label: 'I pick up my sofa', phase: 'after' });
    await h.ok(fac, { type: 'advanceStep', workshopId });
    await h.ok(fac, { type: 'addTouchpoint', workshopId, stageId, channel: 'Store' });
    await h.ok(fac, { type: 'advanceStep', workshopId });
    observations = [];
    for (const text of ['Long wait', 'Nobody knows', 'Heavy boxes', 'Kind staff']) {
      observations.push((await h.ok<{ observationId: string }>(fac, { type: 'addObservation', workshopId, kind: 'irritant', text, stageId })).observationId);
    }
  }, 120_000);

  it(`keeps every budget and cap with ${VOTERS * 5} votes at once through two clients`, async () => {
    const [o1, o2, o3, o4] = observations as [string, string, string, string];
    // Each voter fires five votes at once: twice the same item (cap 1) and four distinct items (budget 3).
    const attempts = Array.from({ length: VOTERS }, (_, v) => [o1, o1, o2, o3, o4].map((observationId, i) => ({ v, observationId, engine: engines[(v + i) % 2]! }))).flat();
    const outcomes = await Promise.all(attempts.map(({ v, observationId, engine }) =>
      engine.execute(h.actor(`VOTER_${v}`), { type: 'vote', workshopId, target: { observationId } })));
    const refusals = outcomes.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.error.code));
    expect(refusals.every((code) => code === 'errors.voteBudgetExhausted' || code === 'errors.voteItemCapReached')).toBe(true);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(VOTERS * 3);

    const votes = await h.db.prisma.vote.findMany({ where: { workshopId }, include: { participant: true } });
    expect(votes).toHaveLength(VOTERS * 3);
    const perVoter = new Map<string, string[]>();
    for (const vote of votes) perVoter.set(vote.participant.userId, [...(perVoter.get(vote.participant.userId) ?? []), vote.observationId!]);
    expect(perVoter.size).toBe(VOTERS);
    for (const items of perVoter.values()) {
      expect(items).toHaveLength(3);
      expect(new Set(items).size).toBe(3);
    }
    // Votes are secret until revealed: the tallies read back are the real ones once they are.
    await h.ok(h.actor('FAC'), { type: 'revealVotes', workshopId, step: 'evaluation' });
    const ranking = await h.queries.ranking(h.workspaceId, workshopId);
    expect(ranking.reduce((sum, o) => sum + o.votes, 0)).toBe(VOTERS * 3);
    // Each voter joined exactly once although their first five commands raced.
    expect(await h.db.prisma.participant.count({ where: { workshopId, userId: { startsWith: 'VOTER_' } } })).toBe(VOTERS);
  }, 120_000);

  it('applies a re-delivered command once, even when both replicas receive it at the same moment', async () => {
    const actor = h.actor('REDELIVERED');
    const deliveries = Array.from({ length: 100 }, (_, i) => `Ev${i}`);
    const observationCount = async () => (await h.queries.snapshot(h.workspaceId, workshopId)).observations.length;
    const before = await observationCount();
    // A refused delivery is not recorded: when the user fixes it, the platform's retry can still apply.
    const refused = await Promise.all(deliveries.flatMap((deliveryId, i) => engines.map((engine) =>
      engine.execute(actor, { type: 'addObservation', workshopId, kind: 'enchantment', text: `Delight ${i}`, stageId: 'missing' }, { deliveryId }))));
    expect(refused.map((o) => (o.ok ? 'applied' : o.error.code))).toEqual(refused.map(() => 'errors.stageNotFound'));
    const stageId = (await h.queries.snapshot(h.workspaceId, workshopId)).stages[0]!.id;
    const applied = await Promise.all(deliveries.flatMap((deliveryId, i) => engines.map((engine) =>
      engine.execute(actor, { type: 'addObservation', workshopId, kind: 'enchantment', text: `Delight ${i}`, stageId }, { deliveryId }))));
    expect(applied.every((o) => o.ok)).toBe(true);
    expect(applied.filter((o) => o.ok && o.replayed)).toHaveLength(100);
    expect(await observationCount()).toBe(before + 100);
    // The replay returns the first application's result: the same observation id.
    const ids = new Map<string, Set<unknown>>();
    applied.forEach((o, i) => { if (o.ok) ids.set(deliveries[Math.floor(i / 2)]!, (ids.get(deliveries[Math.floor(i / 2)]!) ?? new Set()).add(o.result.observationId)); });
    expect([...ids.values()].every((set) => set.size === 1)).toBe(true);
  }, 120_000);
});
