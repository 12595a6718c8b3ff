// Merging near-duplicates (issue 13): the commands an AI suggestion of a merge is applied through, by the
// facilitator's click. Votes carried over within the per-item cap (the rest given back), moments of truth and
// solution links moved without duplicates, observations following their touchpoint, refusals that change
// nothing, and a failure half-way that leaves nothing half-done — through the engine on every implementation of
// the storage port.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput } from '../../src/core/commands.js';
import type { VoteRecord, WorkshopData } from '../../src/core/records.js';
import type { StoreTx } from '../../src/core/store.js';
import { splitVotes } from '../../src/core/merge.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { factories } from '../db/contract/factories.js';
import { workshopData } from '../db/contract/fixtures.js';
import { contractEngine, type ContractEngine } from './contract-engine.js';

describe('splitVotes', () => {
  const vote = (id: string, participantId: string, observationId: string): VoteRecord => ({ id, participantId, step: 'evaluation', observationId, solutionId: null });

  it('carries each voter’s votes in the order cast while they stay within the cap on the kept item', () => {
    const votes = [vote('1', 'bob', 'K'), vote('2', 'bob', 'A'), vote('3', 'bob', 'B'), vote('4', 'ana', 'A'), vote('5', 'ana', 'X')];
    const { carried, returned } = splitVotes(votes, 'K', ['A', 'B'], 2);
    expect(carried.map((v) => v.id)).toEqual(['2', '4']);
    expect(returned.map((v) => v.id)).toEqual(['3']);
  });
});

/** Per participant: votes in all, and on one observation. */
function counts(data: WorkshopData, observationId: string): Map<string, { total: number; onItem: number }> {
  const out = new Map<string, { total: number; onItem: number }>();
  for (const v of data.votes) {
    const c = out.get(v.participantId) ?? { total: 0, onItem: 0 };
    out.set(v.participantId, { total: c.total + 1, onItem: c.onItem + (v.observationId === observationId ? 1 : 0) });
  }
  return out;
}

describe.each(factories)('merging near-duplicates on $name', (factory) => {
  const h: ContractEngine = contractEngine(factory);
  const fac = () => h.actor('U_FAC');
  const ana = () => h.actor('U_ANA');
  const bob = () => h.actor('U_BOB');

  /** A workshop with two stages and three touchpoints, moved on to `step`. */
  async function workshop(step: 'stages' | 'touchpoints' | 'evaluation' = 'evaluation') {
    const { workshopId } = await h.ok<{ workshopId: string }>(fac(), {
      type: 'createWorkshop', title: 'Furniture store', language: 'en', voteBudget: 4, voteCap: 2,
      departments: [{ name: 'Sales' }], persona: { name: 'Claire' }, goal: 'Leave with my sofa',
    });
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    const pick = (await h.ok<{ stageId: string }>(fac(), { type: 'addStage', workshopId, label: 'I pick up my furniture', phase: 'after' })).stageId;
    const choose = (await h.ok<{ stageId: string }>(fac(), { type: 'addStage', workshopId, label: 'I choose my furniture', phase: 'before' })).stageId;
    const ids = { workshopId, pick, choose, desk: '', counter: '', website: '' };
    if (step === 'stages') return ids;
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    ids.desk = (await h.ok<{ touchpointId: string }>(fac(), { type: 'addTouchpoint', workshopId, stageId: pick, channel: 'Warehouse desk' })).touchpointId;
    ids.counter = (await h.ok<{ touchpointId: string }>(ana(), { type: 'addTouchpoint', workshopId, stageId: pick, channel: 'Pick-up counter', description: 'Ask at the counter' })).touchpointId;
    ids.website = (await h.ok<{ touchpointId: string }>(bob(), { type: 'addTouchpoint', workshopId, stageId: choose, channel: 'Website' })).touchpointId;
    if (step === 'touchpoints') return ids;
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    return ids;
  }

  const note = async (who: ReturnType<typeof fac>, workshopId: string, stageId: string, text: string, kind: 'irritant' | 'enchantment' = 'irritant', extra: Record<string, unknown> = {}) =>
    (await h.ok<{ observationId: string }>(who, { type: 'addObservation', workshopId, kind, text, stageId, ...extra } as CommandInput)).observationId;
  const vote = (who: ReturnType<typeof fac>, workshopId: string, observationId: string) => h.ok(who, { type: 'vote', workshopId, target: { observationId } });

  describe('observations', () => {
    it('carries votes over to the kept observation, gives back those above the per-item cap, and never exceeds a budget', async () => {
      const w = await workshop();
      const keep = await note(ana(), w.workshopId, w.pick, 'Long wait at the desk');
      const a = await note(bob(), w.workshopId, w.pick, 'Waiting too long at the desk');
      const b = await note(ana(), w.workshopId, w.pick, 'Long delivery delays at pick-up', 'irritant', { touchpointId: w.desk });
      const other = await note(bob(), w.workshopId, w.pick, 'No parking');
      // Bob: 1 on the kept one, 2 on `a` (cap 2: one fits), 1 elsewhere. Ana: 1 on `a`, 1 on `b`. Fatou: 1 on `b`.
      for (const [who, id] of [[bob, keep], [bob, a], [bob, a], [bob, other], [ana, a], [ana, b], [fac, b]] as const) await vote(who(), w.workshopId, id);
      const outcome = await h.engine.execute(fac(), { type: 'mergeObservations', workshopId: w.workshopId, keepId: keep, mergeIds: [a, b] });
      expect(outcome).toMatchObject({ ok: true, result: { votesCarried: 4, votesReturned: 1 } });
      // The voter whose vote came back is told, as when an item is removed.
      expect(outcome.ok && outcome.effects).toContainEqual({ kind: 'votesReturned', workshopId: w.workshopId, step: 'evaluation', userIds: ['U_BOB'] });

      const data = (await h.stored(w.workshopId))!;
      expect(data.observations.map((o) => o.id).sort()).toEqual([keep, other].sort());
      for (const [, c] of counts(data, keep)) {
        expect(c.onItem).toBeLessThanOrEqual(data.workshop.voteCap);
        expect(c.total).toBeLessThanOrEqual(data.workshop.voteBudget);
      }
      const mine = async (userId: string) => (await h.queries.ballot(h.workspaceId, w.workshopId, userId)).mine;
      expect(await mine('U_BOB')).toEqual({ votes: { [keep]: 2, [other]: 1 }, remaining: 1 });
      expect(await mine('U_ANA')).toEqual({ votes: { [keep]: 2 }, remaining: 2 });
      expect(await mine('U_FAC')).toEqual({ votes: { [keep]: 1 }, remaining: 3 });
      // The vote given back can be cast again, on anything but where the cap is reached.
      expect(await h.refused(bob(), { type: 'vote', workshopId: w.workshopId, target: { observationId: keep } })).toBe('errors.voteItemCapReached');
      await vote(bob(), w.workshopId, other);
    });

    it('moves moments of truth and solution links to the kept observation without duplicates, and takes a new text', async () => {
      const w = await workshop();
      const keep = await note(ana(), w.workshopId, w.pick, 'Long wait');
      const a = await note(bob(), w.workshopId, w.pick, 'Waiting forever', 'irritant', { momentOfTruth: true });
      const b = await note(fac(), w.workshopId, w.pick, 'Queue at the desk');
      const other = await note(bob(), w.workshopId, w.pick, 'No parking');
      await h.ok(fac(), { type: 'advanceStep', workshopId: w.workshopId });
      const propose = async (text: string, addresses: string[]) =>
        (await h.ok<{ solutionId: string }>(ana(), { type: 'proposeSolution', workshopId: w.workshopId, text, addresses })).solutionId;
      const both = await propose('Book a pick-up slot', [keep, a]);
      const merged = await propose('Text when the order is ready', [a, b, other]);
      const one = await propose('A second desk on Saturdays', [b]);
      // Observations can still be tidied while solutions are proposed.
      await h.ok(fac(), { type: 'mergeObservations', workshopId: w.workshopId, keepId: keep, mergeIds: [a, b], text: '  Waiting too long  at the desk ' });

      const data = (await h.stored(w.workshopId))!;
      expect(data.observations.find((o) => o.id === keep)).toMatchObject({ text: 'Waiting too long at the desk', momentOfTruth: true, kind: 'irritant', stageId: w.pick });
      const addresses = (id: string) => data.solutions.find((s) => s.id === id)?.addresses;
      expect(addresses(both)).toEqual([keep]);
      expect([...addresses(merged)!].sort()).toEqual([keep, other].sort());
      expect(addresses(one)).toEqual([keep]);
    });

    it('refuses another workshop’s, another kind’s or another stage’s items, anyone but the facilitator, and a kept item merged into itself — changing nothing', async () => {
      const w = await workshop();
      const elsewhere = await workshop();
      const keep = await note(ana(), w.workshopId, w.pick, 'Long wait');
      const a = await note(bob(), w.workshopId, w.pick, 'Waiting forever');
      const delight = await note(bob(), w.workshopId, w.pick, 'A coffee while waiting', 'enchantment');
      const early = await note(bob(), w.workshopId, w.choose, 'Long wait on the phone');
      const foreign = await note(ana(), elsewhere.workshopId, elsewhere.pick, 'Long wait');
      await vote(bob(), w.workshopId, a);
      const before = await h.stored(w.workshopId);
      const merge = (keepId: string, mergeIds: string[]) => ({ type: 'mergeObservations', workshopId: w.workshopId, keepId, mergeIds }) as const;

      expect(await h.refused(fac(), merge(keep, [foreign]))).toBe('errors.observationNotFound');
      expect(await h.refused(fac(), merge(foreign, [a]))).toBe('errors.observationNotFound');
      expect(await h.refused(fac(), merge(keep, [a, delight]))).toBe('errors.mergeOtherKind');
      expect(await h.refused(fac(), merge(keep, [a, early]))).toBe('errors.mergeOtherStage');
      expect(await h.refused(ana(), merge(keep, [a]))).toBe('errors.notFacilitator');
      expect(await h.refused(h.actor('U_NEW'), merge(keep, [a]))).toBe('errors.notFacilitator');
      const invalid = async (command: Record<string, unknown>) => {
        const outcome = await h.engine.execute(fac(), command);
        return outcome.ok ? 'accepted' : outcome.error;
      };
      expect(await invalid(merge(keep, [a, keep]))).toEqual({ code: 'errors.invalidCommand', params: { field: 'mergeIds', reason: 'validation.invalid' } });
      expect(await invalid(merge(keep, [a, a]))).toEqual({ code: 'errors.invalidCommand', params: { field: 'mergeIds', reason: 'validation.invalid' } });
      expect(await invalid(merge(keep, []))).toEqual({ code: 'errors.invalidCommand', params: { field: 'mergeIds', reason: 'validation.tooFew', min: 1 } });
      expect(await invalid(merge(keep, Array.from({ length: 21 }, (_, i) => `o${i}`)))).toEqual({ code: 'errors.invalidCommand', params: { field: 'mergeIds', reason: 'validation.tooMany', max: 20 } });
      expect(await h.stored(w.workshopId)).toEqual(before);
      expect(await h.stored(elsewhere.workshopId)).toMatchObject({ observations: [{ id: foreign }] });
    });

    it('is refused before the evaluation step and on a closed workshop; a run-out timer does not stop it', async () => {
      const w = await workshop('touchpoints');
      expect(await h.refused(fac(), { type: 'mergeObservations', workshopId: w.workshopId, keepId: 'x', mergeIds: ['y'] })).toBe('errors.stepNotReached');
      await h.ok(fac(), { type: 'advanceStep', workshopId: w.workshopId });
      const keep = await note(ana(), w.workshopId, w.pick, 'Long wait');
      const a = await note(bob(), w.workshopId, w.pick, 'Waiting forever');
      const b = await note(bob(), w.workshopId, w.pick, 'Waiting, again');
      // Time is up: contributions are closed, but the facilitator's tidying is not a contribution.
      const { endsAt } = await h.ok<{ endsAt: string }>(fac(), { type: 'startTimer', workshopId: w.workshopId, minutes: 1 });
      await h.ok(fac(), { type: 'endTimer', workshopId: w.workshopId, step: 'evaluation', endsAt });
      expect(await h.refused(ana(), { type: 'addObservation', workshopId: w.workshopId, kind: 'irritant', text: 'Late', stageId: w.pick })).toBe('errors.timerEnded');
      await h.ok(fac(), { type: 'mergeObservations', workshopId: w.workshopId, keepId: keep, mergeIds: [a] });
      await h.ok(fac(), { type: 'closeWorkshop', workshopId: w.workshopId });
      expect(await h.refused(fac(), { type: 'mergeObservations', workshopId: w.workshopId, keepId: keep, mergeIds: [b] })).toBe('errors.workshopClosed');
    });

    it('leaves nothing half-done when the store fails in the middle of a merge', async () => {
      const w = await workshop();
      const keep = await note(ana(), w.workshopId, w.pick, 'Long wait');
      const a = await note(bob(), w.workshopId, w.pick, 'Waiting forever', 'irritant', { momentOfTruth: true });
      const b = await note(fac(), w.workshopId, w.pick, 'Queue at the desk');
      await vote(bob(), w.workshopId, a);
      await vote(ana(), w.workshopId, b);
      const before = await h.stored(w.workshopId);
      // The votes are carried, the links made, the kept one updated and `a` deleted: then deleting `b` fails.
      h.failAfter('deleteObservation', 1);
      try {
        await expect(h.engine.execute(fac(), { type: 'mergeObservations', workshopId: w.workshopId, keepId: keep, mergeIds: [a, b], text: 'Merged' }))
          .rejects.toThrow('injected failure in deleteObservation');
      } finally {
        h.heal();
      }
      expect(await h.stored(w.workshopId)).toEqual(before);
      await h.ok(fac(), { type: 'mergeObservations', workshopId: w.workshopId, keepId: keep, mergeIds: [a, b], text: 'Merged' });
      expect((await h.stored(w.workshopId))!.observations.map((o) => o.text)).toEqual(['Merged']);
    });
  });

  describe('touchpoints', () => {
    it('moves the observations of merged touchpoints, and target journeys’ copies, to the kept one; takes a channel and a description', async () => {
      const w = await workshop();
      const onCounter = await note(ana(), w.workshopId, w.pick, 'Nobody at the counter', 'irritant', { touchpointId: w.counter });
      const onDesk = await note(bob(), w.workshopId, w.pick, 'Long wait', 'irritant', { touchpointId: w.desk });
      await vote(bob(), w.workshopId, onCounter);
      const { workshopId: target } = await h.ok<{ workshopId: string }>(fac(), { type: 'startTargetJourney', workshopId: w.workshopId });
      const outcome = await h.ok<{ observationsMoved: number }>(fac(), { type: 'mergeTouchpoints', workshopId: w.workshopId, keepId: w.desk, mergeIds: [w.counter], channel: 'Pick-up desk' });
      expect(outcome.observationsMoved).toBe(1);

      const data = (await h.stored(w.workshopId))!;
      const channel = data.channels.find((c) => c.name === 'Pick-up desk')!;
      expect(data.touchpoints.map((t) => t.id).sort()).toEqual([w.desk, w.website].sort());
      // The kept one had no description: it takes the merged one's.
      expect(data.touchpoints.find((t) => t.id === w.desk)).toMatchObject({ stageId: w.pick, channelId: channel.id, description: 'Ask at the counter' });
      expect(Object.fromEntries(data.observations.map((o) => [o.id, o.touchpointId]))).toEqual({ [onCounter]: w.desk, [onDesk]: w.desk });
      expect(data.votes.filter((v) => v.observationId === onCounter)).toHaveLength(1);
      // The target journey's copies both point at the touchpoint kept.
      const copies = (await h.stored(target))!.touchpoints;
      expect(copies.map((t) => t.sourceTouchpointId).sort()).toEqual([w.desk, w.desk, w.website].sort());
    });

    it('refuses touchpoints of another stage or workshop and anyone but the facilitator, before the touchpoints step too, changing nothing', async () => {
      const early = await workshop('stages');
      expect(await h.refused(fac(), { type: 'mergeTouchpoints', workshopId: early.workshopId, keepId: 'x', mergeIds: ['y'] })).toBe('errors.stepNotReached');
      const w = await workshop('touchpoints');
      const elsewhere = await workshop('touchpoints');
      const before = await h.stored(w.workshopId);
      const merge = (keepId: string, mergeIds: string[]) => ({ type: 'mergeTouchpoints', workshopId: w.workshopId, keepId, mergeIds }) as const;
      expect(await h.refused(fac(), merge(w.desk, [w.website]))).toBe('errors.mergeOtherStage');
      expect(await h.refused(fac(), merge(w.desk, [elsewhere.counter]))).toBe('errors.touchpointNotFound');
      expect(await h.refused(ana(), merge(w.desk, [w.counter]))).toBe('errors.notFacilitator');
      expect(await h.refused(fac(), merge(w.desk, [w.desk]))).toBe('errors.invalidCommand');
      expect(await h.stored(w.workshopId)).toEqual(before);
    });

    it('leaves nothing half-done when the store fails in the middle of a merge', async () => {
      const w = await workshop();
      const third = (await h.ok<{ touchpointId: string }>(fac(), { type: 'addTouchpoint', workshopId: w.workshopId, stageId: w.pick, channel: 'Phone' })).touchpointId;
      await note(ana(), w.workshopId, w.pick, 'Nobody at the counter', 'irritant', { touchpointId: w.counter });
      const before = await h.stored(w.workshopId);
      h.failAfter('deleteTouchpoint', 1);
      try {
        await expect(h.engine.execute(fac(), { type: 'mergeTouchpoints', workshopId: w.workshopId, keepId: w.desk, mergeIds: [w.counter, third], channel: 'Desk' }))
          .rejects.toThrow('injected failure in deleteTouchpoint');
      } finally {
        h.heal();
      }
      expect(await h.stored(w.workshopId)).toEqual(before);
    });
  });

  it('keeps the store’s merge writes inside the transaction’s workspace', async () => {
    const w = await workshop();
    const keep = await note(ana(), w.workshopId, w.pick, 'Long wait');
    const a = await note(bob(), w.workshopId, w.pick, 'Waiting forever', 'irritant', { touchpointId: w.counter });
    await vote(bob(), w.workshopId, a);
    await h.ok(fac(), { type: 'advanceStep', workshopId: w.workshopId });
    await h.ok(ana(), { type: 'proposeSolution', workshopId: w.workshopId, text: 'Book a slot', addresses: [a] });
    const before = (await h.stored(w.workshopId))!;
    // Another workspace, with a workshop, a touchpoint and an observation of its own to point things at.
    const other = await h.store.ensureWorkspace('test', 'T-other');
    const theirs = await h.store.transaction(other.id, async (tx) => {
      const ws = await tx.createWorkshop(workshopData());
      const stage = await tx.createStage(ws.id, { label: 'Je récupère mon canapé', phase: 'after', position: 0, authorId: null });
      const channel = await tx.createChannel(ws.id, 'Comptoir', 0);
      const touchpoint = await tx.createTouchpoint(ws.id, { stageId: stage.id, channelId: channel.id, description: '', authorId: null });
      const observation = await tx.createObservation(ws.id, { stageId: stage.id, touchpointId: null, kind: 'irritant', text: 'Attente', momentOfTruth: false, authorId: 'p' });
      return { touchpoint: touchpoint.id, observation: observation.id };
    });
    const inOther = <T>(work: (tx: StoreTx) => Promise<T>) => h.store.transaction(other.id, work);
    await expect(inOther((tx) => tx.moveVotes([before.votes[0]!.id], theirs.observation))).rejects.toMatchObject({ code: 'errors.voteNotFound' });
    await inOther((tx) => tx.linkSolutionsOf([a], theirs.observation));
    await inOther((tx) => tx.moveTouchpointReferences([w.counter], theirs.touchpoint));
    await expect(inOther((tx) => tx.moveVotes([], keep))).rejects.toMatchObject({ code: 'errors.observationNotFound' });
    await expect(inOther((tx) => tx.linkSolutionsOf([a], keep))).rejects.toMatchObject({ code: 'errors.observationNotFound' });
    await expect(inOther((tx) => tx.moveTouchpointReferences([w.counter], w.desk))).rejects.toMatchObject({ code: 'errors.touchpointNotFound' });
    await expect(inOther((tx) => tx.updateTouchpoint(w.desk, { description: 'Hijacked' }))).rejects.toMatchObject({ code: 'errors.touchpointNotFound' });
    await expect(inOther((tx) => tx.setNarrative(w.workshopId, 'Hijacked', new Date()))).rejects.toMatchObject({ code: 'errors.workshopNotFound' });
    expect(await h.stored(w.workshopId)).toEqual(before);
  });

  it('says each merge refusal in words, in both languages', () => {
    const say = (code: string) => [localizeRefusal({ code, params: {} }, 'en'), localizeRefusal({ code, params: {} }, 'fr')];
    expect(say('errors.mergeOtherKind')).toEqual([
      'Only observations of one kind can be merged: irritants with irritants, enchantments with enchantments, breaks with breaks.',
      'Seules des observations du même type peuvent être fusionnées : des irritants entre eux, des enchantements entre eux, des ruptures entre elles.',
    ]);
    expect(say('errors.mergeOtherStage')).toEqual([
      'Only items of the same stage can be merged.',
      'Seuls des éléments de la même étape du parcours peuvent être fusionnés.',
    ]);
    expect(localizeRefusal({ code: 'errors.invalidCommand', params: { field: 'mergeIds', reason: 'validation.invalid' } }, 'fr')).toBe('Éléments fusionnés : n’est pas valide');
  });
});
