// Anonymous workshops reveal no author, and no workspace ever reads another's workshops.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { Queries } from '../../src/core/queries.js';
import { providers } from '../helpers/database.js';
import { engineSuite, type EngineHarness } from '../helpers/engine.js';

async function evaluatedWorkshop(h: EngineHarness, anonymous: boolean): Promise<{ workshopId: string; stageId: string }> {
  const fac = h.actor('FAC');
  const { workshopId } = await h.ok<{ workshopId: string }>(fac, {
    type: 'createWorkshop', title: anonymous ? 'Secret' : 'Open', language: 'en', anonymous,
    departments: [{ name: 'Care' }], persona: { name: 'Lou' }, goal: 'Get help',
  });
  for (let i = 0; i < 2; i++) await h.ok(fac, { type: 'advanceStep', workshopId });
  const { stageId } = await h.ok<{ stageId: string }>(h.actor('ANA'), { type: 'addStage', workshopId, label: 'I call support', phase: 'after' });
  await h.ok(fac, { type: 'advanceStep', workshopId });
  await h.ok(h.actor('ANA'), { type: 'addTouchpoint', workshopId, stageId, channel: 'Phone' });
  await h.ok(fac, { type: 'advanceStep', workshopId });
  const { observationId } = await h.ok<{ observationId: string }>(h.actor('ANA'), { type: 'addObservation', workshopId, kind: 'irritant', text: 'Hold music', stageId });
  await h.ok(h.actor('BOB'), { type: 'vote', workshopId, target: { observationId } });
  await h.ok(h.actor('BOB'), { type: 'rateEmotion', workshopId, stageId, score: -2 });
  await h.ok(fac, { type: 'advanceStep', workshopId });
  await h.ok(h.actor('ANA'), { type: 'proposeSolution', workshopId, text: 'Call-back', addresses: [observationId] });
  return { workshopId, stageId };
}

describe.each(providers)('privacy on %s', (provider) => {
  const h = engineSuite(provider);

  it('an anonymous workshop stores authors for budgets but no query reveals them', async () => {
    const { workshopId } = await evaluatedWorkshop(h, true);
    const snapshot = await h.queries.snapshot(h.workspaceId, workshopId);
    expect(snapshot.observations.map((o) => o.authorId)).toEqual([null]);
    expect(snapshot.solutions.map((s) => s.authorId)).toEqual([null]);
    expect(JSON.stringify(snapshot)).not.toMatch(/"(voterId|participantId|authorId)":"/);
    const ranking = await h.queries.ranking(h.workspaceId, workshopId);
    expect(ranking[0]).toMatchObject({ authorId: null, votes: 1 });
    const moments = await h.queries.keyMoments(h.workspaceId, workshopId);
    expect(JSON.stringify(moments)).not.toMatch(/"authorId":"/);
    // Authors are stored (budgets, de-duplication): the database holds them.
    expect(await h.db.prisma.observation.count({ where: { workshopId, authorId: { not: '' } } })).toBe(1);
    // The facilitator cannot switch anonymity off once people have contributed.
    expect(await h.refused(h.actor('FAC'), { type: 'editFraming', workshopId, anonymous: false })).toBe('errors.anonymityLocked');
  });

  it('a named workshop shows who wrote what', async () => {
    const { workshopId } = await evaluatedWorkshop(h, false);
    const snapshot = await h.queries.snapshot(h.workspaceId, workshopId);
    const ana = snapshot.participants.find((p) => p.userId === 'ANA')!;
    expect(snapshot.observations[0]!.authorId).toBe(ana.id);
  });

  it('a workspace never sees or changes the workshops of another', async () => {
    const { workshopId, stageId } = await evaluatedWorkshop(h, false);
    const other = await h.store.ensureWorkspace('test', 'T2', 'Other company');
    const intruder = { workspaceId: other.id, userId: 'FAC' };
    const queries = new Queries(h.store);
    await expect(queries.snapshot(other.id, workshopId)).rejects.toMatchObject({ code: 'errors.workshopNotFound' });
    expect(await queries.listWorkshops(other.id)).toEqual([]);
    const engine = new Engine(h.store);
    const outcome = await engine.execute(intruder, { type: 'addTouchpoint', workshopId, stageId, channel: 'Spy' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'errors.workshopNotFound' } });
    // Even inside its own workshop, a stage id of the first workspace is unknown to the second.
    const created = await engine.execute<{ workshopId: string }>(intruder, { type: 'createWorkshop', title: 'Mine', language: 'fr', departments: [{ name: 'X' }] });
    if (!created.ok) expect.fail(created.error.code);
    const own = created.result.workshopId;
    const link = await engine.execute(intruder, { type: 'linkKeyMoment', workshopId: own, stageId, otherStageId: stageId });
    expect(link).toMatchObject({ ok: false });
    // An actor of a workspace that does not exist finds nothing either.
    expect(await h.refused({ ...intruder, workspaceId: h.workspaceId + 'x' }, { type: 'closeWorkshop', workshopId })).toBe('errors.workshopNotFound');
    expect((await h.queries.snapshot(h.workspaceId, workshopId)).touchpoints.map((t) => t.stageId)).toEqual([stageId]);
  });
});
