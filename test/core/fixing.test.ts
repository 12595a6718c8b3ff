// Fixing what was said (issue 10, point 3): observations and solutions edited, moved and removed by their
// author or the facilitator, votes on a removed item given back, and what hangs on it — through the real
// engine on SQLite and PostgreSQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { providers } from '../helpers/database.js';
import { engineSuite, people } from '../helpers/engine.js';

describe.each(providers)('fixing observations and solutions on %s', (provider) => {
  const h = engineSuite(provider);
  const { fac, ana, bob } = people(h);
  let workshopId = '';
  let choose = '';
  let pick = '';
  let website = '';
  let desk = '';
  let sales = '';

  const snapshot = () => h.queries.snapshot(h.workspaceId, workshopId);
  const remaining = async (userId: string) => (await h.queries.ballot(h.workspaceId, workshopId, userId)).mine;
  const irritant = async (who = ana(), text = 'Forty minutes of queue') =>
    (await h.ok<{ observationId: string }>(who, { type: 'addObservation', workshopId, kind: 'irritant', text, touchpointId: desk })).observationId;

  beforeAll(async () => {
    workshopId = (await h.ok<{ workshopId: string }>(fac(), {
      type: 'createWorkshop', title: 'Furniture store', language: 'en', voteBudget: 4, voteCap: 2,
      departments: [{ name: 'Sales', headUserId: 'U_HEAD' }], persona: { name: 'Claire' }, goal: 'Leave with my sofa',
    })).workshopId;
    sales = (await snapshot()).departments[0]!.id;
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    choose = (await h.ok<{ stageId: string }>(fac(), { type: 'addStage', workshopId, label: 'I choose my furniture in store', phase: 'before' })).stageId;
    pick = (await h.ok<{ stageId: string }>(fac(), { type: 'addStage', workshopId, label: 'I pick up my furniture', phase: 'after' })).stageId;
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    website = (await h.ok<{ touchpointId: string }>(fac(), { type: 'addTouchpoint', workshopId, stageId: choose, channel: 'Website' })).touchpointId;
    desk = (await h.ok<{ touchpointId: string }>(fac(), { type: 'addTouchpoint', workshopId, stageId: pick, channel: 'Warehouse desk' })).touchpointId;
  });

  it('refuses to fix observations before the evaluation step', async () => {
    expect(await h.refused(fac(), { type: 'removeObservation', workshopId, observationId: 'x' })).toBe('errors.stepNotReached');
    await h.ok(fac(), { type: 'advanceStep', workshopId });
  });

  it('lets the author edit the text, kind and moment of truth of their observation, leaving the rest as it was', async () => {
    const id = await irritant(ana(), 'Forty minutes of queu');
    await h.ok(ana(), { type: 'editObservation', workshopId, observationId: id, text: '  Forty minutes  of queue ', momentOfTruth: true });
    let o = (await snapshot()).observations.find((x) => x.id === id)!;
    expect(o).toMatchObject({ text: 'Forty minutes of queue', kind: 'irritant', momentOfTruth: true, stageId: pick, touchpointId: desk });
    await h.ok(ana(), { type: 'editObservation', workshopId, observationId: id, kind: 'rupture' });
    o = (await snapshot()).observations.find((x) => x.id === id)!;
    expect(o).toMatchObject({ text: 'Forty minutes of queue', kind: 'rupture', momentOfTruth: true });
    expect(await h.refused(ana(), { type: 'editObservation', workshopId, observationId: id, text: '   ' })).toBe('errors.invalidCommand');
  });

  it('moves an observation to a touchpoint (its stage follows) or to a whole stage, keeping its votes', async () => {
    const id = await irritant(ana(), 'The website says 5 minutes');
    await h.ok(bob(), { type: 'vote', workshopId, target: { observationId: id } });
    await h.ok(ana(), { type: 'moveObservation', workshopId, observationId: id, touchpointId: website });
    expect((await snapshot()).observations.find((x) => x.id === id)).toMatchObject({ stageId: choose, touchpointId: website });
    expect((await remaining('U_BOB')).votes[id]).toBe(1);
    await h.ok(ana(), { type: 'moveObservation', workshopId, observationId: id, stageId: pick });
    expect((await snapshot()).observations.find((x) => x.id === id)).toMatchObject({ stageId: pick, touchpointId: null });
    expect((await remaining('U_BOB')).votes[id]).toBe(1);
    expect(await h.refused(ana(), { type: 'moveObservation', workshopId, observationId: id, stageId: pick, touchpointId: website })).toBe('errors.touchpointStageMismatch');
    expect(await h.refused(ana(), { type: 'moveObservation', workshopId, observationId: id, touchpointId: 'nope' })).toBe('errors.touchpointNotFound');
    expect(await h.refused(ana(), { type: 'moveObservation', workshopId, observationId: id, stageId: 'nope' })).toBe('errors.stageNotFound');
    expect(await h.refused(ana(), { type: 'moveObservation', workshopId, observationId: id })).toBe('errors.invalidCommand');
  });

  it('refuses anyone but the author or the facilitator, and changes nothing', async () => {
    const id = await irritant(ana(), 'No parking at the desk');
    const before = (await snapshot()).observations.find((x) => x.id === id);
    expect(await h.refused(bob(), { type: 'editObservation', workshopId, observationId: id, text: 'Hijacked' })).toBe('errors.notYourObservation');
    expect(await h.refused(bob(), { type: 'moveObservation', workshopId, observationId: id, stageId: choose })).toBe('errors.notYourObservation');
    expect(await h.refused(bob(), { type: 'removeObservation', workshopId, observationId: id })).toBe('errors.notYourObservation');
    // Someone who never took part is refused too, and is not made a participant by trying.
    expect(await h.refused(h.actor('U_NEW'), { type: 'removeObservation', workshopId, observationId: id })).toBe('errors.notYourObservation');
    const s = await snapshot();
    expect(s.observations.find((x) => x.id === id)).toStrictEqual(before);
    expect(s.participants.some((p) => p.userId === 'U_NEW')).toBe(false);
    // The facilitator may fix anyone's words.
    await h.ok(fac(), { type: 'editObservation', workshopId, observationId: id, text: 'No parking near the desk' });
    expect((await snapshot()).observations.find((x) => x.id === id)?.text).toBe('No parking near the desk');
    expect(await h.refused(fac(), { type: 'removeObservation', workshopId, observationId: 'nope' })).toBe('errors.observationNotFound');
  });

  it('gives the votes on a removed observation back to their voters', async () => {
    const id = await irritant(ana(), 'The desk closes at 6');
    const other = await irritant(ana(), 'Nobody answers the phone');
    await h.ok(bob(), { type: 'vote', workshopId, target: { observationId: id } });
    await h.ok(bob(), { type: 'vote', workshopId, target: { observationId: id } });
    await h.ok(bob(), { type: 'vote', workshopId, target: { observationId: other } });
    const before = await remaining('U_BOB');
    expect(before.remaining).toBe(0);
    expect(await h.engine.execute(bob(), { type: 'vote', workshopId, target: { observationId: other } })).toMatchObject({ ok: false, error: { code: 'errors.voteBudgetExhausted' } });
    const r = await h.engine.execute(fac(), { type: 'removeObservation', workshopId, observationId: id });
    // The result counts them for whoever removed it; the effect names the voters, to tell each privately.
    expect(r).toMatchObject({ ok: true, result: { votesReturned: 2, solutionsUnlinked: 0 } });
    expect(r.ok && r.effects).toContainEqual({ kind: 'votesReturned', workshopId, step: 'evaluation', userIds: ['U_BOB'] });
    const after = await remaining('U_BOB');
    expect(after.remaining).toBe(before.remaining + 2);
    expect(after.votes[id]).toBeUndefined();
    expect((await snapshot()).observations.some((x) => x.id === id)).toBe(false);
    await h.ok(bob(), { type: 'vote', workshopId, target: { observationId: other } });
  });

  it('keeps a solution whose observation is removed, without the link; its author may then fix it', async () => {
    const queue = await irritant(ana(), 'The queue is long');
    const slot = await irritant(ana(), 'No pick-up slot');
    await h.ok(fac(), { type: 'vote', workshopId, target: { observationId: queue } });
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    const solutionId = (await h.ok<{ solutionId: string }>(bob(), { type: 'proposeSolution', workshopId, text: 'Book a slot', addresses: [queue, slot] })).solutionId;
    await h.ok(fac(), { type: 'assignDepartment', workshopId, solutionId, departmentId: sales });
    // Observations can still be fixed while solutions are proposed.
    const r = await h.engine.execute(ana(), { type: 'removeObservation', workshopId, observationId: queue });
    expect(r).toMatchObject({ ok: true, result: { votesReturned: 1, solutionsUnlinked: 1 } });
    // Votes of a step that is over are not announced: they only counted for a ranking that is done.
    expect(r.ok && r.effects.some((e) => e.kind === 'votesReturned')).toBe(false);
    expect((await snapshot()).solutions.find((x) => x.id === solutionId)?.addresses).toEqual([slot]);
    expect(await h.refused(ana(), { type: 'editSolution', workshopId, solutionId, text: 'Mine now' })).toBe('errors.notYourSolution');
    await h.ok(bob(), { type: 'editSolution', workshopId, solutionId, text: 'Book a pick-up slot online', addresses: [slot] });
    expect(await h.refused(bob(), { type: 'editSolution', workshopId, solutionId, addresses: ['nope'] })).toBe('errors.solutionNeedsObservation');
    expect((await snapshot()).solutions.find((x) => x.id === solutionId)).toMatchObject({ text: 'Book a pick-up slot online', addresses: [slot], departmentId: sales });
  });

  it('removes a solution with its ratings and gives its votes back', async () => {
    const s0 = await snapshot();
    const addresses = [s0.observations[0]!.id];
    const solutionId = (await h.ok<{ solutionId: string }>(bob(), { type: 'proposeSolution', workshopId, text: 'A second desk', addresses })).solutionId;
    await h.ok(ana(), { type: 'rateSolution', workshopId, solutionId, impact: 4, effort: 2 });
    await h.ok(ana(), { type: 'vote', workshopId, target: { solutionId } });
    expect((await remaining('U_ANA')).remaining).toBe(3);
    expect(await h.refused(ana(), { type: 'removeSolution', workshopId, solutionId })).toBe('errors.notYourSolution');
    const r = await h.ok<{ votesReturned: number }>(bob(), { type: 'removeSolution', workshopId, solutionId });
    expect(r.votesReturned).toBe(1);
    expect((await remaining('U_ANA')).remaining).toBe(4);
    expect((await snapshot()).solutions.some((x) => x.id === solutionId)).toBe(false);
    expect(await h.refused(bob(), { type: 'removeSolution', workshopId, solutionId })).toBe('errors.solutionNotFound');
  });

  it('takes a removed solution off the stored roadmap, and refuses every fix once the workshop is closed', async () => {
    const s0 = await snapshot();
    const solutionId = s0.solutions[0]!.id;
    await h.ok(bob(), { type: 'rateSolution', workshopId, solutionId, impact: 5, effort: 1 });
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    const extra = (await h.ok<{ solutionId: string }>(fac(), { type: 'proposeSolution', workshopId, text: 'Text when ready', addresses: [s0.observations[0]!.id], departmentId: sales })).solutionId;
    await h.ok(fac(), { type: 'rateSolution', workshopId, solutionId: extra, impact: 3, effort: 3 });
    // In the roadmap step a removed solution leaves the stored roadmap at once.
    await h.ok(fac(), { type: 'removeSolution', workshopId, solutionId });
    const items = await h.store.transaction(h.workspaceId, async (tx) => (await tx.loadWorkshop(workshopId))!.roadmapItems);
    expect(items.map((i) => i.solutionId)).not.toContain(solutionId);
    await h.ok(fac(), { type: 'closeWorkshop', workshopId });
    const observationId = (await snapshot()).observations[0]!.id;
    expect(await h.refused(fac(), { type: 'editObservation', workshopId, observationId, text: 'Too late' })).toBe('errors.workshopClosed');
    expect(await h.refused(fac(), { type: 'removeSolution', workshopId, solutionId: extra })).toBe('errors.workshopClosed');
  });
});
