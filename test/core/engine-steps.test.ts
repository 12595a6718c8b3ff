// Every command's happy path and its refusals, through the real engine and a real database, on the
// embedded SQLite default and on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { providers } from '../helpers/database.js';
import { engineSuite, people } from '../helpers/engine.js';

describe.each(providers)('engine on %s', (provider) => {
  const h = engineSuite(provider);
  const { fac, ana, bob } = people(h);
  let workshopId = '';
  let sales = '';
  let stores = '';
  let stageChoose = '';
  let stagePay = '';
  let stagePick = '';
  let touchpoint = '';
  let irritant = '';
  let enchantment = '';
  let solution = '';

  it('frames a workshop: the creator is its facilitator, departments have their heads', async () => {
    const r = await h.ok<{ workshopId: string }>(fac(), {
      type: 'createWorkshop', title: '  Parcours   magasin ', language: 'fr', mode: 'live', journey: 'current', basis: 'staff',
      departments: [{ name: 'Ventes', headUserId: 'U_HEAD_SALES' }, { name: 'Magasins', headUserId: 'U_HEAD_STORES' }],
      deadlines: [{ step: 'evaluation', dueAt: '2026-12-01T17:00:00Z' }],
    });
    workshopId = r.workshopId;
    const s = await h.queries.snapshot(h.workspaceId, workshopId);
    expect(s.workshop).toMatchObject({ title: 'Parcours magasin', step: 'framing', status: 'open', voteBudget: 3, voteCap: 1, language: 'fr' });
    expect(s.departments.map((d) => [d.name, d.headUserId])).toEqual([['Ventes', 'U_HEAD_SALES'], ['Magasins', 'U_HEAD_STORES']]);
    expect(s.participants).toEqual([expect.objectContaining({ userId: 'U_FAC', role: 'facilitator', displayName: 'Fatou' })]);
    expect(s.workshop.deadlines).toEqual([{ step: 'evaluation', dueAt: new Date('2026-12-01T17:00:00Z') }]);
    [sales, stores] = s.departments.map((d) => d.id) as [string, string];
  });

  it('refuses bad framing input with the field and the reason, and stores nothing', async () => {
    const before = (await h.queries.listWorkshops(h.workspaceId)).length;
    expect(await h.refused(fac(), { type: 'createWorkshop', title: 'x'.repeat(121), language: 'fr' })).toBe('errors.invalidCommand');
    expect(await h.refused(fac(), { type: 'createWorkshop', title: 'Ok', language: 'de' as never })).toBe('errors.invalidCommand');
    expect(await h.refused(fac(), { type: 'createWorkshop', title: 'Ok', language: 'en', departments: [{ name: 'A' }, { name: 'a' }] })).toBe('errors.departmentExists');
    expect(await h.refused(fac(), { type: 'createWorkshop', title: '   ', language: 'en' })).toBe('errors.invalidCommand');
    expect(await h.refused(fac(), { type: 'noSuchCommand' })).toBe('errors.invalidCommand');
    const outcome = await h.engine.execute(fac(), { type: 'createWorkshop', title: 'x'.repeat(121), language: 'fr' });
    expect(outcome).toMatchObject({ ok: false, error: { params: { field: 'title', reason: 'validation.tooLong', max: 120 } } });
    expect((await h.queries.listWorkshops(h.workspaceId)).length).toBe(before);
  });

  it('lets only the facilitator edit the framing, manage departments and advance', async () => {
    expect(await h.refused(ana(), { type: 'editFraming', workshopId, title: 'Hijack' })).toBe('errors.notFacilitator');
    expect(await h.refused(ana(), { type: 'advanceStep', workshopId })).toBe('errors.notFacilitator');
    expect(await h.refused(ana(), { type: 'addDepartment', workshopId, name: 'Pirates' })).toBe('errors.notFacilitator');
    await h.ok(fac(), { type: 'editFraming', workshopId, voteBudget: 2, scope: 'Retrait en magasin' });
    const d = await h.ok<{ departmentId: string }>(fac(), { type: 'addDepartment', workshopId, name: 'Service client', headUserId: 'U_HEAD_CARE' });
    expect(await h.refused(fac(), { type: 'addDepartment', workshopId, name: 'service CLIENT' })).toBe('errors.departmentExists');
    await h.ok(fac(), { type: 'editDepartment', workshopId, departmentId: d.departmentId, name: 'Centre d’appels' });
    await h.ok(fac(), { type: 'setDeadline', workshopId, step: 'evaluation', dueAt: null });
    const s = await h.queries.snapshot(h.workspaceId, workshopId);
    expect(s.workshop).toMatchObject({ voteBudget: 2, scope: 'Retrait en magasin' });
    expect(s.workshop.deadlines).toEqual([]);
    expect(s.departments.map((x) => x.name)).toEqual(['Ventes', 'Magasins', 'Centre d’appels']);
  });

  it('keeps steps in order: no stage before the stages step, no persona step without departments', async () => {
    expect(await h.refused(ana(), { type: 'addStage', workshopId, label: 'Je choisis', phase: 'before' })).toBe('errors.stepNotReached');
    expect(await h.refused(fac(), { type: 'reopenStep', workshopId, step: 'stages' })).toBe('errors.reopenForward');
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    // Persona and goal are the entry condition of the stages step.
    const outcome = await h.engine.execute(fac(), { type: 'advanceStep', workshopId });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'errors.entryCondition', params: { step: 'stages', missing: 'entry.needPersona' } } });
  });

  it('sets persona and goal, then opens the stages step', async () => {
    await h.ok(ana(), { type: 'setPersona', workshopId, persona: { name: 'Claire', segment: 'Jeune couple', needs: 'Meubler vite', quote: '« Je veux repartir avec mes meubles »' } });
    await h.ok(ana(), { type: 'setGoal', workshopId, text: 'Récupérer ses meubles sans attendre' });
    expect(await h.refused(ana(), { type: 'setPersona', workshopId, persona: { name: '' } })).toBe('errors.invalidCommand');
    const r = await h.ok<{ step: string }>(fac(), { type: 'advanceStep', workshopId });
    expect(r.step).toBe('stages');
    const s = await h.queries.snapshot(h.workspaceId, workshopId);
    expect(s.persona).toMatchObject({ name: 'Claire', segment: 'Jeune couple', context: '' });
    expect(s.goal).toBe('Récupérer ses meubles sans attendre');
  });

  it('adds, edits, reorders and removes stages, warning on process wording', async () => {
    const a = await h.ok<{ stageId: string }>(ana(), { type: 'addStage', workshopId, label: 'Je paie en caisse', phase: 'purchase' });
    expect(a.warnings).toEqual([]);
    const b = await h.ok<{ stageId: string }>(bob(), { type: 'addStage', workshopId, label: 'Traitement de la commande', phase: 'after' });
    expect(b.warnings).toEqual([{ code: 'warnings.notCustomerVoice', params: { label: 'Traitement de la commande' } }]);
    const c = await h.ok<{ stageId: string }>(ana(), { type: 'addStage', workshopId, label: 'Je choisis mes meubles en magasin', phase: 'before', position: 0 });
    [stageChoose, stagePay, stagePick] = [c.stageId, a.stageId, b.stageId];
    const edited = await h.ok(bob(), { type: 'editStage', workshopId, stageId: stagePick, label: 'Je récupère mes meubles au comptoir retrait' });
    expect(edited.warnings).toEqual([]);
    const english = await h.ok(bob(), { type: 'addStage', workshopId, label: 'Order processing', phase: 'after' });
    expect(english.warnings[0]?.code).toBe('warnings.notCustomerVoice');
    await h.ok(bob(), { type: 'removeStage', workshopId, stageId: (english as unknown as { stageId: string }).stageId });
    await h.ok(ana(), { type: 'reorderStage', workshopId, stageId: stagePick, position: 2 });
    expect(await h.refused(ana(), { type: 'reorderStage', workshopId, stageId: stagePick, position: 7 })).toBe('errors.positionOutOfRange');
    expect(await h.refused(ana(), { type: 'editStage', workshopId, stageId: 'nope' })).toBe('errors.stageNotFound');
    expect(await h.refused(ana(), { type: 'addStage', workshopId, label: 'J'.repeat(141), phase: 'before' })).toBe('errors.invalidCommand');
    expect(await h.refused(ana(), { type: 'addStage', workshopId, label: 'Je paie', phase: 'during' as never })).toBe('errors.invalidCommand');
    expect(await h.refused(ana(), { type: 'addTouchpoint', workshopId, stageId: stagePay, channel: 'Caisse' })).toBe('errors.stepNotReached');
    const s = await h.queries.snapshot(h.workspaceId, workshopId);
    expect(s.stages.map((x) => [x.label, x.position, x.phase])).toEqual([
      ['Je choisis mes meubles en magasin', 0, 'before'], ['Je paie en caisse', 1, 'purchase'], ['Je récupère mes meubles au comptoir retrait', 2, 'after'],
    ]);
    expect(s.participants.map((p) => p.userId).sort()).toEqual(['U_ANA', 'U_BOB', 'U_FAC']);
    await h.ok(fac(), { type: 'advanceStep', workshopId });
  });

  it('adds touchpoints on the channels × stages matrix, one channel per name whatever its case', async () => {
    const t = await h.ok<{ touchpointId: string; channelId: string }>(ana(), { type: 'addTouchpoint', workshopId, stageId: stagePick, channel: 'Comptoir retrait', description: 'J’attends mon tour' });
    touchpoint = t.touchpointId;
    const same = await h.ok<{ channelId: string }>(bob(), { type: 'addTouchpoint', workshopId, stageId: stagePay, channel: 'comptoir RETRAIT' });
    expect(same.channelId).toBe(t.channelId);
    await h.ok(bob(), { type: 'addTouchpoint', workshopId, stageId: stageChoose, channel: 'Vendeur', description: 'Conseils' });
    const extra = await h.ok<{ touchpointId: string }>(bob(), { type: 'addTouchpoint', workshopId, stageId: stageChoose, channel: 'Catalogue' });
    await h.ok(bob(), { type: 'removeTouchpoint', workshopId, touchpointId: extra.touchpointId });
    expect(await h.refused(bob(), { type: 'removeTouchpoint', workshopId, touchpointId: extra.touchpointId })).toBe('errors.touchpointNotFound');
    expect(await h.refused(bob(), { type: 'addTouchpoint', workshopId, stageId: 'missing', channel: 'Email' })).toBe('errors.stageNotFound');
    const m = await h.queries.matrix(h.workspaceId, workshopId);
    expect(m.channels.map((c) => c.name)).toEqual(['Comptoir retrait', 'Vendeur', 'Catalogue']);
    expect(m.rows.map((row) => row.map((cell) => cell.touchpoints.length))).toEqual([[0, 1, 1], [1, 0, 0], [0, 0, 0]]);
    expect(m.emptyCells).toBe(6);
    expect(await h.refused(ana(), { type: 'addObservation', workshopId, kind: 'irritant', text: 'Attente', stageId: stagePick })).toBe('errors.stepNotReached');
    await h.ok(fac(), { type: 'advanceStep', workshopId });
  });

  it('evaluates: observations on touchpoints or stages, moments of truth, emotion ratings', async () => {
    const o = await h.ok<{ observationId: string }>(ana(), { type: 'addObservation', workshopId, kind: 'irritant', text: 'Une heure d’attente au retrait', touchpointId: touchpoint });
    irritant = o.observationId;
    const e = await h.ok<{ observationId: string }>(bob(), { type: 'addObservation', workshopId, kind: 'enchantment', text: 'Vendeur très attentionné', stageId: stageChoose });
    enchantment = e.observationId;
    await h.ok(bob(), { type: 'addObservation', workshopId, kind: 'rupture', text: 'Personne ne sait où est ma commande', stageId: stagePick, momentOfTruth: true });
    await h.ok(ana(), { type: 'flagMomentOfTruth', workshopId, observationId: irritant });
    expect(await h.refused(ana(), { type: 'addObservation', workshopId, kind: 'irritant', text: 'x', touchpointId: touchpoint, stageId: stageChoose })).toBe('errors.touchpointStageMismatch');
    expect(await h.refused(ana(), { type: 'addObservation', workshopId, kind: 'irritant', text: 'x' })).toBe('errors.invalidCommand');
    expect(await h.refused(ana(), { type: 'addObservation', workshopId, kind: 'joy' as never, text: 'x', stageId: stageChoose })).toBe('errors.invalidCommand');
    expect(await h.refused(ana(), { type: 'addObservation', workshopId, kind: 'irritant', text: 'x'.repeat(501), stageId: stageChoose })).toBe('errors.invalidCommand');
    expect(await h.refused(ana(), { type: 'flagMomentOfTruth', workshopId, observationId: 'nope' })).toBe('errors.observationNotFound');
    await h.ok(h.actor('U_HEAD_SALES', 'Sam'), { type: 'join', workshopId, displayName: 'Samir' });
    await h.ok(ana(), { type: 'join', workshopId, departmentId: stores });
    await h.ok(bob(), { type: 'join', workshopId, departmentId: sales });
    for (const [who, score] of [[ana(), -2], [bob(), 1], [h.actor('U_HEAD_SALES'), 2]] as const) {
      await h.ok(who, { type: 'rateEmotion', workshopId, stageId: stagePick, score });
    }
    await h.ok(ana(), { type: 'rateEmotion', workshopId, stageId: stagePick, score: -1 }); // a change of mind replaces the rating
    expect(await h.refused(ana(), { type: 'rateEmotion', workshopId, stageId: stagePick, score: 3 })).toBe('errors.invalidCommand');
    expect(await h.refused(ana(), { type: 'rateEmotion', workshopId, stageId: stagePick, score: 0.5 })).toBe('errors.invalidCommand');
    const curve = await h.queries.emotionCurve(h.workspaceId, workshopId);
    const pick = curve.find((p) => p.stageId === stagePick)!;
    expect(pick).toMatchObject({ mean: 0.67, count: 3, min: -1, max: 2 });
    expect(pick.spread).toBeCloseTo(Math.sqrt(((-1 - 2 / 3) ** 2 + (1 - 2 / 3) ** 2 + (2 - 2 / 3) ** 2) / 3), 2);
    expect(pick.byDepartment).toEqual(expect.arrayContaining([{ departmentId: stores, mean: -1, count: 1 }, { departmentId: sales, mean: 1.5, count: 2 }]));
    expect(pick.disagreement).toBe(2.5);
    expect(curve.find((p) => p.stageId === stageChoose)).toMatchObject({ mean: null, count: 0 });
    const s = await h.queries.snapshot(h.workspaceId, workshopId);
    expect(s.participants.find((p) => p.userId === 'U_HEAD_SALES')).toMatchObject({ role: 'head', departmentId: sales, displayName: 'Samir' });
  });

  it('votes within the budget per step and the cap per item; unvoting frees a vote', async () => {
    const r1 = await h.ok<{ remaining: number }>(ana(), { type: 'vote', workshopId, target: { observationId: irritant } });
    expect(r1.remaining).toBe(1);
    expect(await h.refused(ana(), { type: 'vote', workshopId, target: { observationId: irritant } })).toBe('errors.voteItemCapReached');
    await h.ok(ana(), { type: 'vote', workshopId, target: { observationId: enchantment } });
    const third = (await h.queries.ranking(h.workspaceId, workshopId)).find((o) => o.kind === 'rupture')!;
    expect(await h.refused(ana(), { type: 'vote', workshopId, target: { observationId: third.id } })).toBe('errors.voteBudgetExhausted');
    const back = await h.ok<{ remaining: number }>(ana(), { type: 'unvote', workshopId, target: { observationId: enchantment } });
    expect(back.remaining).toBe(1);
    expect(await h.refused(ana(), { type: 'unvote', workshopId, target: { observationId: enchantment } })).toBe('errors.voteNotFound');
    await h.ok(ana(), { type: 'vote', workshopId, target: { observationId: third.id } });
    await h.ok(bob(), { type: 'vote', workshopId, target: { observationId: irritant } });
    expect(await h.refused(bob(), { type: 'vote', workshopId, target: { solutionId: 'x' } })).toBe('errors.voteTargetWrongStep');
    expect(await h.refused(bob(), { type: 'vote', workshopId, target: { observationId: 'nope' } })).toBe('errors.observationNotFound');
    expect(await h.refused(bob(), { type: 'vote', workshopId, target: { observationId: irritant, solutionId: 'x' } })).toBe('errors.invalidCommand');
    // Votes are secret until the facilitator reveals them: no tallies, the list in proposal order.
    const secret = await h.queries.ranking(h.workspaceId, workshopId);
    expect(secret.map((o) => o.votes)).toEqual([0, 0, 0]);
    expect(await h.refused(ana(), { type: 'revealVotes', workshopId, step: 'evaluation' })).toBe('errors.notFacilitator');
    expect(await h.refused(fac(), { type: 'revealVotes', workshopId, step: 'solutions' })).toBe('errors.stepNotReached');
    await h.ok(fac(), { type: 'revealVotes', workshopId, step: 'evaluation' });
    const ranking = await h.queries.ranking(h.workspaceId, workshopId);
    expect(ranking.map((o) => [o.text, o.votes, o.rank])).toEqual([
      ['Une heure d’attente au retrait', 2, 1], ['Personne ne sait où est ma commande', 1, 2], ['Vendeur très attentionné', 0, 3],
    ]);
    const owed = await h.queries.owed(h.workspaceId, workshopId);
    expect(owed.find((o) => o.displayName === 'Ana')?.owes).toEqual([{ key: 'owed.emotions', count: 2 }]);
    expect(owed.find((o) => o.displayName === 'Bob')?.owes).toEqual([{ key: 'owed.votes', count: 1 }, { key: 'owed.emotions', count: 2 }]);
    expect(owed.find((o) => o.displayName === 'Fatou')?.owes).toEqual([
      { key: 'owed.observation', count: 1 }, { key: 'owed.votes', count: 2 }, { key: 'owed.emotions', count: 3 },
    ]);
  });

  it('refuses solutions before the solutions step, then proposes, rates, assigns and votes on them', async () => {
    expect(await h.refused(ana(), { type: 'proposeSolution', workshopId, text: 'Préparer avant l’arrivée', addresses: [irritant] })).toBe('errors.stepNotReached');
    expect(await h.refused(fac(), { type: 'advanceStep', workshopId, expectedVersion: 0 })).toBe('errors.concurrentChange');
    await h.ok(fac(), { type: 'advanceStep', workshopId });
    expect(await h.refused(ana(), { type: 'vote', workshopId, target: { observationId: irritant } })).toBe('errors.voteTargetWrongStep');
    const r = await h.ok<{ solutionId: string }>(ana(), { type: 'proposeSolution', workshopId, text: 'Préparer la commande avant l’arrivée du client', addresses: [irritant, irritant] });
    solution = r.solutionId;
    // Only the facilitator or the department's head chooses the owning department (test/core/ownership.test.ts has every role).
    expect(await h.refused(bob(), { type: 'proposeSolution', workshopId, text: 'Afficher le temps d’attente réel', addresses: [enchantment], departmentId: sales })).toBe('errors.ownerChoiceNotAllowed');
    const other = await h.ok<{ solutionId: string }>(h.actor('U_HEAD_SALES', 'Samir'), { type: 'proposeSolution', workshopId, text: 'Afficher le temps d’attente réel', addresses: [enchantment], departmentId: sales });
    expect(await h.refused(ana(), { type: 'proposeSolution', workshopId, text: 'Rien', addresses: [] })).toBe('errors.invalidCommand');
    expect(await h.refused(ana(), { type: 'proposeSolution', workshopId, text: 'Rien', addresses: ['nope'] })).toBe('errors.solutionNeedsObservation');
    expect(await h.refused(ana(), { type: 'rateSolution', workshopId, solutionId: solution, impact: 6, effort: 1 })).toBe('errors.invalidCommand');
    await h.ok(ana(), { type: 'rateSolution', workshopId, solutionId: solution, impact: 5, effort: 2 });
    await h.ok(bob(), { type: 'rateSolution', workshopId, solutionId: solution, impact: 4, effort: 3 });
    await h.ok(bob(), { type: 'rateSolution', workshopId, solutionId: other.solutionId, impact: 3, effort: 1 });
    // The roadmap needs a rated solution with a department: the first has none yet.
    await h.ok(ana(), { type: 'vote', workshopId, target: { solutionId: solution } });
    await h.ok(bob(), { type: 'vote', workshopId, target: { solutionId: solution } });
    expect(await h.refused(ana(), { type: 'assignDepartment', workshopId, solutionId: solution, departmentId: 'nope' })).toBe('errors.departmentNotFound');
    expect(await h.refused(ana(), { type: 'assignDepartment', workshopId, solutionId: solution, departmentId: stores })).toBe('errors.ownerChoiceNotAllowed');
    await h.ok(fac(), { type: 'assignDepartment', workshopId, solutionId: solution, departmentId: stores });
    await h.ok(fac(), { type: 'revealVotes', workshopId, step: 'solutions' });
    expect(await h.refused(fac(), { type: 'removeDepartment', workshopId, departmentId: stores })).toBe('errors.departmentInUse');
    const ranked = await h.queries.solutionRanking(h.workspaceId, workshopId);
    // 10 × (4.5 / 2.5) × (1 + 0.5 × 2) × 1.5 (addresses a moment of truth) = 54
    expect(ranked[0]).toMatchObject({ id: solution, impact: 4.5, effort: 2.5, votes: 2, addressesMomentOfTruth: true, priority: 54 });
    // 10 × 3 × 1 = 30
    expect(ranked[1]).toMatchObject({ id: other.solutionId, priority: 30, addressesMomentOfTruth: false });
  });

  it('builds the roadmap by department on entering the last step, and closes', async () => {
    const r = await h.engine.execute(fac(), { type: 'advanceStep', workshopId });
    expect(r).toMatchObject({ ok: true, result: { step: 'roadmap' } });
    expect(r.ok && r.effects.map((e) => e.kind)).toEqual(['stepChanged', 'roadmapReady']);
    expect(await h.refused(fac(), { type: 'advanceStep', workshopId })).toBe('errors.alreadyLastStep');
    const roadmap = await h.queries.roadmap(h.workspaceId, workshopId);
    expect(roadmap.map((d) => [d.department.name, d.items.map((i) => [i.rank, i.priority])])).toEqual([
      ['Ventes', [[1, 30]]], ['Magasins', [[1, 54]]], ['Centre d’appels', []],
    ]);
    expect(roadmap[1]!.items[0]!.addresses).toEqual([expect.objectContaining({ observationId: irritant, stageLabel: 'Je récupère mes meubles au comptoir retrait', momentOfTruth: true })]);
    const rows = await h.db.prisma.roadmapItem.findMany({ where: { workshopId } });
    expect(rows).toHaveLength(2);
    await h.ok(fac(), { type: 'closeWorkshop', workshopId });
    expect(await h.refused(ana(), { type: 'addStage', workshopId, label: 'Je reviens', phase: 'after' })).toBe('errors.workshopClosed');
    expect(await h.refused(ana(), { type: 'reopenStep', workshopId, step: 'evaluation' })).toBe('errors.notFacilitator');
    await h.ok(fac(), { type: 'reopenStep', workshopId, step: 'roadmap' });
    await h.ok(fac(), { type: 'closeWorkshop', workshopId });
    expect((await h.queries.snapshot(h.workspaceId, workshopId)).workshop).toMatchObject({ status: 'closed', step: 'roadmap' });
  });

  it('starts a target journey from the current one and links a shared key moment', async () => {
    const t = await h.ok<{ workshopId: string }>(fac(), { type: 'startTargetJourney', workshopId, title: 'Parcours magasin — cible' });
    expect(await h.refused(ana(), { type: 'startTargetJourney', workshopId })).toBe('errors.notFacilitator');
    const target = await h.queries.snapshot(h.workspaceId, t.workshopId);
    expect(target.workshop).toMatchObject({ journey: 'target', sourceWorkshopId: workshopId, step: 'stages', status: 'open' });
    expect(target.stages.map((s) => s.label)).toEqual(['Je choisis mes meubles en magasin', 'Je paie en caisse', 'Je récupère mes meubles au comptoir retrait']);
    expect(target.stages.every((s) => s.sourceStageId !== null)).toBe(true);
    expect(target.touchpoints).toHaveLength(3);
    expect(target.departments.map((d) => d.name)).toEqual(['Ventes', 'Magasins', 'Centre d’appels']);
    expect(target.persona?.name).toBe('Claire');
    expect(await h.refused(fac(), { type: 'startTargetJourney', workshopId: t.workshopId })).toBe('errors.targetFromTarget');

    // A second current journey (online), sharing the pick-up moment.
    const online = await h.ok<{ workshopId: string }>(fac(), { type: 'createWorkshop', title: 'Parcours web', language: 'fr', departments: [{ name: 'Digital' }] });
    await h.ok(fac(), { type: 'setPersona', workshopId: online.workshopId, persona: { name: 'Claire' } });
    await h.ok(fac(), { type: 'setGoal', workshopId: online.workshopId, text: 'Retirer en magasin' });
    await h.ok(fac(), { type: 'advanceStep', workshopId: online.workshopId });
    await h.ok(fac(), { type: 'advanceStep', workshopId: online.workshopId });
    const pick = await h.ok<{ stageId: string }>(fac(), { type: 'addStage', workshopId: online.workshopId, label: 'Je retire en magasin', phase: 'after' });
    expect(await h.refused(fac(), { type: 'linkKeyMoment', workshopId: online.workshopId, stageId: pick.stageId, otherStageId: pick.stageId })).toBe('errors.keyMomentSameWorkshop');
    expect(await h.refused(ana(), { type: 'linkKeyMoment', workshopId: online.workshopId, stageId: pick.stageId, otherStageId: stagePick })).toBe('errors.notFacilitator');
    const link = await h.ok<{ keyMomentId: string }>(fac(), { type: 'linkKeyMoment', workshopId: online.workshopId, stageId: pick.stageId, otherStageId: stagePick, label: 'Retrait' });
    const comparisons = await h.queries.keyMoments(h.workspaceId, online.workshopId);
    expect(comparisons).toHaveLength(1);
    expect(comparisons[0]).toMatchObject({ keyMomentId: link.keyMomentId, label: 'Retrait' });
    expect(comparisons[0]!.journeys.map((j) => [j.title, j.stage.label, j.emotion.mean])).toEqual([
      ['Parcours web', 'Je retire en magasin', null],
      ['Parcours magasin', 'Je récupère mes meubles au comptoir retrait', 0.67],
    ]);
    const fromCurrent = await h.queries.keyMoments(h.workspaceId, workshopId);
    expect(fromCurrent[0]!.journeys[0]!.title).toBe('Parcours magasin');
    expect(fromCurrent[0]!.journeys[0]!.observations.map((o) => o.kind).sort()).toEqual(['irritant', 'rupture']);
  });

  it('removes a stage with contributions only for the facilitator, and the lists of the workspace', async () => {
    const list = await h.queries.listWorkshops(h.workspaceId, 'U_ANA');
    expect(list.map((i) => [i.workshop.title, i.role])).toEqual(expect.arrayContaining([['Parcours magasin', 'participant']]));
    const target = list.find((i) => i.workshop.journey === 'target')!;
    const stages = (await h.queries.snapshot(h.workspaceId, target.workshop.id)).stages;
    expect(await h.refused(ana(), { type: 'removeStage', workshopId: target.workshop.id, stageId: stages[0]!.id })).toBe('errors.stageHasContributions');
    await h.ok(fac(), { type: 'removeStage', workshopId: target.workshop.id, stageId: stages[0]!.id });
    const after = await h.queries.snapshot(h.workspaceId, target.workshop.id);
    expect(after.stages.map((s) => s.position)).toEqual([0, 1]);
    expect(after.touchpoints).toHaveLength(2);
  });

  it('hands a department to a new head: who already joined becomes its head, the former head a participant of it', async () => {
    const { workshopId: id } = await h.ok<{ workshopId: string }>(fac(), {
      type: 'createWorkshop', title: 'Relève', language: 'fr', departments: [{ name: 'Ventes', headUserId: 'U_OLD' }, { name: 'Magasins' }],
    });
    await h.ok(h.actor('U_OLD', 'Odile'), { type: 'join', workshopId: id });
    await h.ok(h.actor('U_NEW', 'Nora'), { type: 'join', workshopId: id });
    const sales = (await h.queries.snapshot(h.workspaceId, id)).departments.find((d) => d.name === 'Ventes')!;
    await h.ok(fac(), { type: 'editDepartment', workshopId: id, departmentId: sales.id, headUserId: 'U_NEW' });
    const people = (await h.queries.snapshot(h.workspaceId, id)).participants;
    expect(people.find((p) => p.userId === 'U_NEW')).toMatchObject({ role: 'head', departmentId: sales.id });
    expect(people.find((p) => p.userId === 'U_OLD')).toMatchObject({ role: 'participant', departmentId: sales.id });
    // The facilitator named head stays facilitator.
    await h.ok(fac(), { type: 'editDepartment', workshopId: id, departmentId: sales.id, headUserId: 'U_FAC' });
    const after = (await h.queries.snapshot(h.workspaceId, id)).participants;
    expect(after.find((p) => p.userId === 'U_FAC')).toMatchObject({ role: 'facilitator' });
    expect(after.find((p) => p.userId === 'U_NEW')).toMatchObject({ role: 'participant' });
  });

  it('lists a person\'s workshops, newest first, with their role, what they owe and the current step\'s deadline', async () => {
    const dueAt = new Date('2031-03-01T16:00:00.000Z');
    const { workshopId: id } = await h.ok<{ workshopId: string }>(fac(), { type: 'createWorkshop', title: 'Liste', language: 'en', departments: [{ name: 'Sales' }] });
    await h.ok(fac(), { type: 'setDeadline', workshopId: id, step: 'framing', dueAt });
    const forFacilitator = await h.queries.listWorkshops(h.workspaceId, 'U_FAC');
    expect(forFacilitator[0]).toMatchObject({ workshop: { id, title: 'Liste' }, role: 'facilitator', deadline: dueAt });
    // Someone who never joined sees it without role, debt or deadline; another workspace does not see it.
    const stranger = (await h.queries.listWorkshops(h.workspaceId, 'U_NOBODY')).find((i) => i.workshop.id === id);
    expect(stranger).toMatchObject({ role: null, owes: [], deadline: null });
    const other = await h.store.ensureWorkspace('test', 'OTHER');
    expect((await h.queries.listWorkshops(other.id, 'U_FAC')).map((i) => i.workshop.id)).not.toContain(id);
  });
});
