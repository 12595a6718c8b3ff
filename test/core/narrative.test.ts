// The target journey's story (issue 13, point 5): stored only as the facilitator approved or edited it, on a
// target journey, and cleared with null — through the engine on every implementation of the storage port,
// read back by the whole workshop's snapshot and by the ballot's own read.
import { describe, expect, it } from 'vitest';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { LIMITS } from '../../src/core/limits.js';
import { factories } from '../db/contract/factories.js';
import { contractEngine } from './contract-engine.js';

describe.each(factories)('the target journey’s story on $name', (factory) => {
  const h = contractEngine(factory);
  const fac = () => h.actor('U_FAC');

  async function journeys(): Promise<{ current: string; target: string }> {
    const { workshopId: current } = await h.ok<{ workshopId: string }>(fac(), {
      type: 'createWorkshop', title: 'Furniture store', language: 'fr', departments: [{ name: 'Ventes' }], persona: { name: 'Claire' }, goal: 'Repartir avec mon canapé',
    });
    await h.ok(fac(), { type: 'advanceStep', workshopId: current });
    await h.ok(fac(), { type: 'advanceStep', workshopId: current });
    await h.ok(fac(), { type: 'addStage', workshopId: current, label: 'Je récupère mon canapé', phase: 'after' });
    await h.ok(h.actor('U_ANA'), { type: 'join', workshopId: current });
    const { workshopId: target } = await h.ok<{ workshopId: string }>(fac(), { type: 'startTargetJourney', workshopId: current });
    return { current, target };
  }

  it('stores the approved story with when it was approved, shows it in the snapshot and the ballot, and clears it', async () => {
    const { target } = await journeys();
    const before = Date.now();
    await h.ok(fac(), { type: 'setNarrative', workshopId: target, text: '  Claire réserve un créneau.\n\n  Son canapé l’attend au comptoir.  ' });
    const after = Date.now();
    const { workshop } = await h.queries.snapshot(h.workspaceId, target);
    expect(workshop.narrative).toBe('Claire réserve un créneau.\n\nSon canapé l’attend au comptoir.');
    expect(workshop.narrativeAt).toBeInstanceOf(Date);
    expect(workshop.narrativeAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(workshop.narrativeAt!.getTime()).toBeLessThanOrEqual(after + 1);
    // The version (the step message's) is not the story's business.
    const version = workshop.version;
    const ballot = await h.queries.ballotOnly(h.workspaceId, target, 'U_FAC');
    expect(ballot.snapshot.workshop).toMatchObject({ narrative: workshop.narrative, narrativeAt: workshop.narrativeAt, version });

    await h.ok(fac(), { type: 'setNarrative', workshopId: target, text: null });
    expect((await h.queries.snapshot(h.workspaceId, target)).workshop).toMatchObject({ narrative: null, narrativeAt: null, version });
  });

  it('refuses a current journey, anyone but the facilitator, a closed journey and an empty or too long story — changing nothing', async () => {
    const { current, target } = await journeys();
    await h.ok(fac(), { type: 'setNarrative', workshopId: target, text: 'Claire réserve un créneau.' });
    const before = await h.stored(target);
    expect(await h.refused(fac(), { type: 'setNarrative', workshopId: current, text: 'Claire attend.' })).toBe('errors.narrativeNeedsTarget');
    expect(await h.refused(h.actor('U_ANA'), { type: 'setNarrative', workshopId: target, text: 'Hijacked' })).toBe('errors.notFacilitator');
    expect(await h.refused(fac(), { type: 'setNarrative', workshopId: target, text: ' \n ' })).toBe('errors.invalidCommand');
    const tooLong = await h.engine.execute(fac(), { type: 'setNarrative', workshopId: target, text: 'x'.repeat(LIMITS.narrative + 1) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'errors.invalidCommand', params: { field: 'text', reason: 'validation.tooLong', max: LIMITS.narrative } } });
    expect(await h.refused(fac(), { type: 'setNarrative', workshopId: target })).toBe('errors.invalidCommand');
    expect(await h.stored(target)).toEqual(before);
    expect((await h.stored(current))!.workshop).toMatchObject({ narrative: null, narrativeAt: null });
    await h.ok(fac(), { type: 'closeWorkshop', workshopId: target });
    expect(await h.refused(fac(), { type: 'setNarrative', workshopId: target, text: 'Later' })).toBe('errors.workshopClosed');
  });

  it('says the refusal in words, in both languages', () => {
    const refusal = { code: 'errors.narrativeNeedsTarget', params: {} };
    expect(localizeRefusal(refusal, 'en')).toBe('The story is the target journey’s: start a target journey from this one to write it.');
    expect(localizeRefusal(refusal, 'fr')).toBe('Le récit est celui du parcours cible : démarrez un parcours cible à partir de celui-ci pour l’écrire.');
  });
});
