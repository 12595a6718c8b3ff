// How far the current step has got: per activity, how many of the expected contributors (everyone who
// joined but the facilitator) have nothing left to do for it — the same reckoning as what each is told
// they owe — with who has not only in a signed workshop. Joining redraws the workshop's messages.
import { describe, expect, it } from 'vitest';
import { providers } from '../helpers/database.js';
import { engineSuite } from '../helpers/engine.js';

describe.each(providers)('contribution progress on %s', (provider) => {
  const h = engineSuite(provider);

  async function workshopAtStages(anonymous: boolean): Promise<string> {
    const fac = h.actor('FAC');
    const { workshopId } = await h.ok<{ workshopId: string }>(fac, {
      type: 'createWorkshop', title: 'Progress', language: 'en', anonymous, departments: [{ name: 'Care' }], persona: { name: 'Lou' }, goal: 'Get help',
    });
    for (const who of ['ANA', 'BOB', 'CAT']) await h.ok(h.actor(who), { type: 'join', workshopId });
    for (let i = 0; i < 2; i++) await h.ok(fac, { type: 'advanceStep', workshopId });
    return workshopId;
  }

  it('counts the joined participants but the facilitator, and names who has not in a signed workshop', async () => {
    const workshopId = await workshopAtStages(false);
    await h.ok(h.actor('ANA'), { type: 'addStage', workshopId, label: 'I call support', phase: 'after' });
    // The facilitator's own contribution is welcome but not counted.
    await h.ok(h.actor('FAC'), { type: 'addStage', workshopId, label: 'I wait on hold', phase: 'after' });
    const s = await h.queries.snapshot(h.workspaceId, workshopId);
    expect(s.progress).toEqual([{ key: 'progress.stage', done: 1, expected: 3, missing: ['BOB', 'CAT'] }]);
  });

  it('gives counts but never names in an anonymous workshop, and leaves out what there is nothing to act on yet', async () => {
    const workshopId = await workshopAtStages(true);
    const { stageId } = await h.ok<{ stageId: string }>(h.actor('ANA'), { type: 'addStage', workshopId, label: 'I call support', phase: 'after' });
    await h.ok(h.actor('FAC'), { type: 'advanceStep', workshopId });
    await h.ok(h.actor('BOB'), { type: 'addTouchpoint', workshopId, stageId, channel: 'Phone' });
    await h.ok(h.actor('FAC'), { type: 'advanceStep', workshopId });
    await h.ok(h.actor('CAT'), { type: 'rateEmotion', workshopId, stageId, score: -1 });
    let s = await h.queries.snapshot(h.workspaceId, workshopId);
    // Nothing to vote on yet: no vote count.
    expect(s.progress).toEqual([
      { key: 'progress.observation', done: 0, expected: 3, missing: [] },
      { key: 'progress.emotions', done: 1, expected: 3, missing: [] },
    ]);
    const { observationId } = await h.ok<{ observationId: string }>(h.actor('ANA'), { type: 'addObservation', workshopId, kind: 'irritant', text: 'Hold music', stageId });
    await h.ok(h.actor('ANA'), { type: 'vote', workshopId, target: { observationId } });
    s = await h.queries.snapshot(h.workspaceId, workshopId);
    // One irritant and one vote per item (the default cap): ANA has given all she can.
    expect(s.progress.find((p) => p.key === 'progress.votes')).toEqual({ key: 'progress.votes', done: 1, expected: 3, missing: [] });
    expect(s.progress.find((p) => p.key === 'progress.observation')).toEqual({ key: 'progress.observation', done: 1, expected: 3, missing: [] });
  });

  it('counts nothing once the workshop is closed', async () => {
    const workshopId = await workshopAtStages(false);
    await h.ok(h.actor('FAC'), { type: 'closeWorkshop', workshopId });
    expect((await h.queries.snapshot(h.workspaceId, workshopId)).progress).toEqual([]);
  });

  it('plans a refresh of the workshop’s messages when someone joins', async () => {
    const workshopId = await workshopAtStages(false);
    const outcome = await h.engine.execute(h.actor('DAN'), { type: 'join', workshopId });
    expect(outcome.ok && outcome.effects).toEqual([{ kind: 'contentChanged', workshopId }]);
  });
});
