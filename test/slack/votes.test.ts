// Fair dot voting and who chooses a solution's owning department, through the real Bolt app, in French and
// in English: votes stay secret (no tallies, proposal order) until the facilitator reveals them or moves on,
// each voter still sees their own; refusals in words; the workshop setting that shows votes live; the
// "Department" field offered only to whoever may use it, and the engine's refusals of everyone else.
import { beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { settle, TEAM } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { ANA, BOB, FAC, HEAD_SALES, HEAD_STORES } from './helpers/users.js';

const TEXT = {
  en: {
    title: 'Furniture store — votes', sales: 'Sales', stores: 'Stores', stage: 'I pick up my furniture at the warehouse desk',
    first: 'Nobody at the desk sees the web order', second: 'One hour of waiting at pick-up',
    solution: 'Prepare the order before the customer arrives', other: 'Text the customer when the order is ready',
    cap: 'You have already voted for this one.', budget: 'You have used all 2 of your votes at this step. Remove one to vote for something else.',
  },
  fr: {
    title: 'Magasin de meubles — votes', sales: 'Ventes', stores: 'Magasins', stage: 'Je récupère mes meubles au comptoir retrait',
    first: 'Personne au comptoir ne voit la commande web', second: 'Une heure d’attente au retrait',
    solution: 'Préparer la commande avant l’arrivée du client', other: 'Prévenir le client par SMS quand la commande est prête',
    cap: 'Vous avez déjà voté pour cet élément.', budget: 'Vous avez utilisé vos 2 votes de cette séquence. Retirez-en un pour voter pour autre chose.',
  },
} as const;

describe.each(['en', 'fr'] as const)('secret votes and owning departments in Slack, in %s', (lang) => {
  const x = TEXT[lang];
  const t = translator(lang);
  const refusal = (code: string, params: Record<string, string | number> = {}) => localizeRefusal({ code, params }, lang);
  const slack = slackWorkshopSuite({ closeRenderPool: true });
  let workshopId: string;
  /** Runs a command as the facilitator through the app's own engine: the set-up this test is not about. */
  let run: (command: Record<string, unknown>) => Promise<Record<string, string>>;

  const stepText = async () => JSON.stringify((await slack.d.stepMessage()).blocks);
  const votesOf = (count: number) => t('present:items.stageAndVotes', { stage: x.stage, count });

  beforeAll(async () => {
    await slack.d.command(FAC, `new ${lang}`);
    await slack.d.submit(FAC, slack.d.lastModal(FAC), {
      title: x.title, language: lang, mode: 'live', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Leave with my sofa',
      department_0: x.sales, head_0: HEAD_SALES.id, department_1: x.stores, head_1: HEAD_STORES.id, voteBudget: 2,
    });
    workshopId = (await slack.db.prisma.workshop.findFirstOrThrow()).id;
    const workspaceId = await slack.replica.server.layer.workspaceOf('slack', TEAM.id);
    run = async (command) => {
      // With where it came from, so that the workshop's messages follow as after any click.
      const origin = { platform: 'slack', workspace: TEAM.id, userId: FAC.id, conversationId: CHANNEL, threadId: null };
      const o = await slack.replica.server.engine.execute({ workspaceId, userId: FAC.id, displayName: FAC.name }, { workshopId, ...command }, { origin });
      if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
      await settle(slack.replica);
      return o.result as Record<string, string>;
    };
    for (const user of [ANA, BOB, HEAD_SALES, HEAD_STORES]) await slack.d.fill(user, 'join', {});
    await slack.d.click(FAC, 'advance');
    await slack.d.click(FAC, 'advance');
    const { stageId } = await run({ type: 'addStage', label: x.stage, phase: 'after' });
    await slack.d.click(FAC, 'advance');
    await run({ type: 'addTouchpoint', stageId, channel: 'Desk' });
    await slack.d.click(FAC, 'advance');
    await run({ type: 'addObservation', kind: 'rupture', text: x.first, stageId });
    await run({ type: 'addObservation', kind: 'irritant', text: x.second, stageId });
    expect((await slack.db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).step).toBe('evaluation');
  });

  it('keeps tallies and the order by votes secret while people vote; each voter sees their own votes and what they have left', async () => {
    const [first, second] = await slack.db.prisma.observation.findMany({ orderBy: { createdAt: 'asc' } });
    await slack.d.click(ANA, 'vote', (v) => v.endsWith(second!.id));
    await slack.d.click(BOB, 'vote', (v) => v.endsWith(second!.id));
    expect(await slack.db.prisma.vote.count()).toBe(2);
    const step = await stepText();
    // No tally, the list as proposed (the most voted second), and the step says why.
    expect(step).not.toContain(votesOf(2));
    expect(step.indexOf(x.first)).toBeLessThan(step.indexOf(x.second));
    expect(step).toContain(t('present:votes.secret'));
    // Ana's own view: her vote, her budget, that only she sees them.
    await slack.d.click(ANA, 'ballot');
    const ballot = JSON.stringify(slack.d.lastModal(ANA).blocks);
    expect(ballot).toContain(t('present:ballot.mine', { count: 1 }));
    expect(ballot).toContain(t('present:ballot.remaining', { count: 1, budget: 2 }));
    expect(ballot).toContain(t('present:votes.ballotSecret'));
    expect(ballot).not.toContain(votesOf(2));
    // Refusals in words.
    let from = slack.d.mark();
    await slack.d.click(ANA, 'vote', (v) => v.endsWith(second!.id));
    expect(slack.d.toldTo(ANA, from).join()).toContain(x.cap);
    await slack.d.click(ANA, 'vote', (v) => v.endsWith(first!.id));
    await run({ type: 'addObservation', kind: 'irritant', text: 'A third one', stageId: first!.stageId });
    from = slack.d.mark();
    await slack.d.click(ANA, 'vote', (v) => !v.endsWith(first!.id) && !v.endsWith(second!.id));
    expect(slack.d.toldTo(ANA, from).join()).toContain(x.budget);
  });

  it('reveals the tallies to everyone when the facilitator says so, and to nobody else', async () => {
    const from = slack.d.mark();
    // Bob clicks the facilitator's private button (a forged click): refused, nothing revealed.
    await slack.d.click(BOB, 'reveal', (v) => v.endsWith('~evaluation'));
    expect(slack.d.toldTo(BOB, from).join()).toContain(refusal('errors.notFacilitator'));
    expect(await slack.db.prisma.voteReveal.count()).toBe(0);
    expect(await stepText()).not.toContain(votesOf(2));

    await slack.d.click(FAC, 'reveal', (v) => v.endsWith('~evaluation'));
    expect(slack.d.toldTo(FAC, from).join()).toContain(t('present:votes.revealed'));
    expect(await slack.db.prisma.voteReveal.findMany({ select: { step: true } })).toEqual([{ step: 'evaluation' }]);
    const step = await stepText();
    expect(step).toContain(votesOf(2));
    expect(step).not.toContain(t('present:votes.secret'));
    // Now by votes: the irritant with two votes first.
    expect(step.indexOf(x.second)).toBeLessThan(step.indexOf(x.first));
  });

  it('offers the "Department" field only to whoever may choose the owning department, and refuses the others', async () => {
    await slack.d.click(FAC, 'advance');
    const observation = (await slack.db.prisma.observation.findFirstOrThrow({ where: { text: x.second } })).id;
    const sales = (await slack.db.prisma.department.findFirstOrThrow({ where: { name: x.sales } })).id;
    const stores = (await slack.db.prisma.department.findFirstOrThrow({ where: { name: x.stores } })).id;
    const departmentBlock = (view: Record<string, unknown>) => (view.blocks as { block_id?: string; element?: { options?: { text: { text: string } }[] } }[]).find((b) => b.block_id === 'departmentId');
    const offered = (view: Record<string, unknown>) => departmentBlock(view)?.element?.options?.map((o) => o.text.text) ?? null;

    // A participant proposes without the field; the head of Sales may give it to Sales only.
    await slack.d.fill(ANA, 'solution', (view) => {
      expect(offered(view)).toBeNull();
      return { text: x.other, addresses: [observation] };
    });
    await slack.d.fill(HEAD_SALES, 'solution', (view) => {
      expect(offered(view)).toEqual([x.sales]);
      return { text: x.solution, addresses: [observation], departmentId: Driver.choice(view, 'departmentId', (l) => l === x.sales), impact: '5', effort: '2' };
    });
    const owned = await slack.db.prisma.solution.findFirstOrThrow({ where: { text: x.solution } });
    expect(owned.departmentId).toBe(sales);

    // The rating form: no field for a participant; the head of Stores may take the unowned one for Stores, not Sales' one.
    await slack.d.click(ANA, 'openForm', (v) => v.endsWith('~rateSolution'));
    const anaForm = slack.d.lastModal(ANA);
    expect(offered(anaForm)).toBeNull();
    // A forged form (the field added by hand) is refused in words, and nothing is saved.
    await slack.d.click(FAC, 'openForm', (v) => v.endsWith('~rateSolution'));
    const facForm = slack.d.lastModal(FAC);
    const field = (facForm.blocks as { block_id?: string }[]).find((b) => b.block_id === 'departmentId');
    const forgedForm = { ...anaForm, blocks: [...(anaForm.blocks as unknown[]), field] };
    const forged = await slack.d.submit(ANA, forgedForm, { solutionId: owned.id, impact: '3', effort: '3', departmentId: stores });
    expect(forged.json()).toMatchObject({ response_action: 'errors', errors: { departmentId: refusal('errors.ownerChoiceNotAllowed') } });

    await slack.d.click(HEAD_STORES, 'openForm', (v) => v.endsWith('~rateSolution'));
    const storesForm = slack.d.lastModal(HEAD_STORES);
    expect(offered(storesForm)).toEqual([x.stores]);
    const taken = await slack.d.submit(HEAD_STORES, storesForm, { solutionId: owned.id, impact: '4', effort: '2', departmentId: stores });
    expect(taken.json()).toMatchObject({ response_action: 'errors', errors: { departmentId: refusal('errors.solutionOwnedElsewhere', { department: x.sales }) } });
    expect((await slack.db.prisma.solution.findUniqueOrThrow({ where: { id: owned.id } })).departmentId).toBe(sales);
    expect(await slack.db.prisma.solutionRating.count({ where: { solutionId: owned.id } })).toBe(1);

    // The head of Sales hands their solution to Stores; the facilitator is offered every department.
    await slack.d.click(HEAD_SALES, 'openForm', (v) => v.endsWith('~rateSolution'));
    const salesForm = slack.d.lastModal(HEAD_SALES);
    expect(offered(salesForm)).toEqual([x.sales, x.stores]);
    await slack.d.submit(HEAD_SALES, salesForm, { solutionId: owned.id, impact: '5', effort: '2', departmentId: stores });
    expect((await slack.db.prisma.solution.findUniqueOrThrow({ where: { id: owned.id } })).departmentId).toBe(stores);
    await slack.d.click(FAC, 'openForm', (v) => v.endsWith('~rateSolution'));
    expect(offered(slack.d.lastModal(FAC))).toEqual([x.sales, x.stores]);
  });

  it('shows votes live when the workshop is set so, and reveals them on moving on: the roadmap counts them', async () => {
    const owned = await slack.db.prisma.solution.findFirstOrThrow({ where: { text: x.solution } });
    await slack.d.click(BOB, 'vote', (v) => v.endsWith(owned.id));
    expect(await slack.db.prisma.vote.count({ where: { step: 'solutions' } })).toBe(1);
    expect(await stepText()).not.toMatch(/· 1 vote(?!s)/);

    // The settings form has the box; ticked, the tallies show as they come.
    const { view } = await slack.d.edit(FAC, 'framingEdit', (form) => {
      expect((form.blocks as { block_id?: string }[]).some((b) => b.block_id === 'votesLive')).toBe(true);
      return { title: x.title, mode: 'live', basis: 'data', voteBudget: 2, voteCap: 1, votesLive: true };
    });
    expect(view.callback_id).toBe('framingEdit');
    expect((await slack.db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).votesLive).toBe(true);
    expect(await stepText()).toMatch(/· 1 vote(?!s)/);
    await slack.d.edit(FAC, 'framingEdit', { title: x.title, mode: 'live', basis: 'data', voteBudget: 2, voteCap: 1, votesLive: false });
    expect(await stepText()).not.toMatch(/· 1 vote(?!s)/);

    // Moving on reveals the solutions' votes; the roadmap's priority counts Bob's: 10 × 5/2 × (1 + 0.5) = 37.5.
    await slack.d.click(FAC, 'advance');
    expect((await slack.db.prisma.voteReveal.findMany({ select: { step: true }, orderBy: { step: 'asc' } })).map((r) => r.step)).toEqual(['evaluation', 'solutions']);
    expect(await slack.db.prisma.roadmapItem.findMany({ select: { solutionId: true, priority: true } })).toEqual([{ solutionId: owned.id, priority: 37.5 }]);
  });
});
