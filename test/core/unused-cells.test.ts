// Cells of the channels × stages matrix marked "not used on this channel", through the real engine and a real
// database (SQLite and PostgreSQL): who may mark them and when, what is refused, and what follows — the
// matrix counts only real gaps, a touchpoint added to a marked cell takes the mark off, a target journey
// keeps the marks of the journey it starts from.
import { beforeAll, describe, expect, it } from 'vitest';
import { providers } from '../helpers/database.js';
import { engineSuite, people } from '../helpers/engine.js';

describe.each(providers)('channels not used at a stage, on %s', (provider) => {
  const h = engineSuite(provider);
  const { fac, ana } = people(h);
  let workshopId = '';
  let choose = '';
  let pickup = '';
  let web = '';
  let desk = '';

  beforeAll(async () => {
    workshopId = (await h.ok<{ workshopId: string }>(fac(), { type: 'createWorkshop', title: 'Furniture', language: 'en', departments: [{ name: 'Sales' }] })).workshopId;
    await h.ok(fac(), { type: 'setPersona', workshopId, persona: { name: 'Claire' } });
    await h.ok(fac(), { type: 'setGoal', workshopId, text: 'Take it home today' });
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    choose = (await h.ok<{ stageId: string }>(ana(), { type: 'addStage', workshopId, label: 'I choose my sofa', phase: 'before' })).stageId;
    pickup = (await h.ok<{ stageId: string }>(ana(), { type: 'addStage', workshopId, label: 'I pick up my sofa', phase: 'after' })).stageId;
  });

  it('is refused before the touchpoints step', async () => {
    expect(await h.refused(fac(), { type: 'markCellUnused', workshopId, stageId: choose, channelId: 'none' })).toBe('errors.stepNotReached');
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    web = (await h.ok<{ channelId: string }>(ana(), { type: 'addTouchpoint', workshopId, stageId: choose, channel: 'Website' })).channelId;
    desk = (await h.ok<{ channelId: string }>(ana(), { type: 'addTouchpoint', workshopId, stageId: pickup, channel: 'Pick-up desk' })).channelId;
  });

  it('is the facilitator’s call alone, both ways', async () => {
    expect(await h.refused(ana(), { type: 'markCellUnused', workshopId, stageId: pickup, channelId: web })).toBe('errors.notFacilitator');
    expect(await h.refused(ana(), { type: 'markCellUsed', workshopId, stageId: pickup, channelId: web })).toBe('errors.notFacilitator');
    expect((await h.queries.snapshot(h.workspaceId, workshopId)).unusedCells).toEqual([]);
  });

  it('refuses a cell that has touchpoints, or a stage or channel that is not this workshop’s', async () => {
    const outcome = await h.engine.execute(fac(), { type: 'markCellUnused', workshopId, stageId: choose, channelId: web });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'errors.cellHasTouchpoints', params: { channel: 'Website', stage: 'I choose my sofa' } } });
    expect(await h.refused(fac(), { type: 'markCellUnused', workshopId, stageId: 'missing', channelId: web })).toBe('errors.stageNotFound');
    expect(await h.refused(fac(), { type: 'markCellUnused', workshopId, stageId: pickup, channelId: 'missing' })).toBe('errors.channelNotFound');
    const other = (await h.ok<{ workshopId: string }>(fac(), { type: 'createWorkshop', title: 'Other', language: 'en' })).workshopId;
    expect(await h.refused(fac(), { type: 'markCellUnused', workshopId: other, stageId: pickup, channelId: web })).toBe('errors.stepNotReached');
    expect((await h.queries.snapshot(h.workspaceId, workshopId)).unusedCells).toEqual([]);
  });

  it('marks a cell: the snapshot carries it and the matrix no longer counts it as missing; marking twice changes nothing', async () => {
    expect((await h.queries.matrix(h.workspaceId, workshopId)).emptyCells).toBe(2);
    await h.ok(fac(), { type: 'markCellUnused', workshopId, stageId: pickup, channelId: web });
    await h.ok(fac(), { type: 'markCellUnused', workshopId, stageId: pickup, channelId: web });
    expect((await h.queries.snapshot(h.workspaceId, workshopId)).unusedCells).toEqual([{ stageId: pickup, channelId: web }]);
    const m = await h.queries.matrix(h.workspaceId, workshopId);
    expect(m.emptyCells).toBe(1);
    expect(m.rows.map((row) => row.map((c) => (c.unused ? 'unused' : c.touchpoints.length)))).toEqual([[1, 'unused'], [0, 1]]);
  });

  it('unmarks a cell, and unmarking an unmarked one is harmless', async () => {
    await h.ok(fac(), { type: 'markCellUsed', workshopId, stageId: pickup, channelId: web });
    await h.ok(fac(), { type: 'markCellUsed', workshopId, stageId: pickup, channelId: web });
    expect((await h.queries.snapshot(h.workspaceId, workshopId)).unusedCells).toEqual([]);
    expect((await h.queries.matrix(h.workspaceId, workshopId)).emptyCells).toBe(2);
  });

  it('takes the mark off when someone adds a touchpoint to the cell after all', async () => {
    await h.ok(fac(), { type: 'markCellUnused', workshopId, stageId: pickup, channelId: web });
    await h.ok(fac(), { type: 'markCellUnused', workshopId, stageId: choose, channelId: desk });
    await h.ok(ana(), { type: 'addTouchpoint', workshopId, stageId: pickup, channel: 'website', description: 'Order tracking page' });
    expect((await h.queries.snapshot(h.workspaceId, workshopId)).unusedCells).toEqual([{ stageId: choose, channelId: desk }]);
  });

  it('carries the marks over to a target journey started from this one', async () => {
    const target = (await h.ok<{ workshopId: string }>(fac(), { type: 'startTargetJourney', workshopId })).workshopId;
    const s = await h.queries.snapshot(h.workspaceId, target);
    const stage = s.stages.find((x) => x.sourceStageId === choose)!;
    const channel = s.channels.find((c) => c.name === 'Pick-up desk')!;
    expect(s.unusedCells).toEqual([{ stageId: stage.id, channelId: channel.id }]);
  });
});
