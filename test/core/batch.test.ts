// Several commands from one form apply all together or not at all, and a re-delivered batch applies once.
import { beforeAll, describe, expect, it } from 'vitest';
import { providers } from '../helpers/database.js';
import { engineSuite } from '../helpers/engine.js';

describe.each(providers)('batches on %s', (provider) => {
  const h = engineSuite(provider);
  let workshopId: string;
  beforeAll(async () => {
    ({ workshopId } = await h.ok<{ workshopId: string }>(h.actor('FAC'), { type: 'createWorkshop', title: 'Batch', language: 'fr', departments: [{ name: 'Ventes' }] }));
  });

  it('applies nothing when one command of the batch is refused, and says which', async () => {
    const batch = await h.engine.executeAll(h.actor('ANA'), [
      { type: 'setPersona', workshopId, persona: { name: 'Claire' } },
      { type: 'setGoal', workshopId, text: 'x'.repeat(301) },
    ]);
    expect(batch).toMatchObject({ ok: false, index: 1, type: 'setGoal', error: { code: 'errors.invalidCommand', params: { field: 'text', reason: 'validation.tooLong' } } });
    const refusedInTransaction = await h.engine.executeAll(h.actor('ANA'), [
      { type: 'setPersona', workshopId, persona: { name: 'Claire' } },
      { type: 'addStage', workshopId, label: 'Je choisis', phase: 'before' },
    ]);
    expect(refusedInTransaction).toMatchObject({ ok: false, index: 1, type: 'addStage', error: { code: 'errors.stepNotReached' } });
    const snapshot = await h.queries.snapshot(h.workspaceId, workshopId);
    expect(snapshot.persona).toBeNull();
    expect(snapshot.participants.map((p) => p.userId)).toEqual(['FAC']);
  });

  it('applies every command together, once per delivery id', async () => {
    const commands = [
      { type: 'setPersona', workshopId, persona: { name: 'Claire' } },
      { type: 'setGoal', workshopId, text: 'Récupérer ses meubles' },
    ];
    const first = await h.engine.executeAll(h.actor('ANA'), commands, { deliveryId: 'form-1' });
    expect(first).toMatchObject({ ok: true, replayed: false, outcomes: [{ type: 'setPersona' }, { type: 'setGoal' }] });
    const again = await h.engine.executeAll(h.actor('ANA'), commands, { deliveryId: 'form-1' });
    expect(again).toMatchObject({ ok: true, replayed: true });
    const snapshot = await h.queries.snapshot(h.workspaceId, workshopId);
    expect([snapshot.persona?.name, snapshot.goal]).toEqual(['Claire', 'Récupérer ses meubles']);
  });

  it('does not batch votes', async () => {
    const batch = await h.engine.executeAll(h.actor('ANA'), [{ type: 'vote', workshopId, target: { observationId: 'o' } }]);
    expect(batch).toMatchObject({ ok: false, index: 0, type: 'vote', error: { code: 'errors.invalidCommand' } });
  });
});
