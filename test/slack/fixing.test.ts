// Fixing what was said (issue 10, point 3), through the real Bolt app, in French and in English: an irritant
// reworded and moved by its author, someone else's refused, an irritant and a solution removed with their
// votes given back (the voter's budget shown again), and the workshop's messages following each change.
import { beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { answeredView, expectWithinLimits, settle, TEAM, type User } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { ANA, BOB, FAC } from './helpers/users.js';

const TEXT = {
  en: {
    title: 'Furniture store', sales: 'Sales', choose: 'I choose my furniture in store', pickup: 'I pick up my furniture at the warehouse desk',
    website: 'Website', desk: 'Warehouse desk', typo: 'An hour of wating', fixed: 'An hour of waiting at the desk', bobs: 'Nowhere to park',
    solution: 'Text customers when the order is ready', solutionFixed: 'Text customers when their order is ready to collect',
  },
  fr: {
    title: 'Magasin de meubles', sales: 'Ventes', choose: 'Je choisis mes meubles en magasin', pickup: 'Je récupère mes meubles au comptoir retrait',
    website: 'Site web', desk: 'Comptoir retrait', typo: 'Une heure d’atente', fixed: 'Une heure d’attente au comptoir', bobs: 'Impossible de se garer',
    solution: 'Prévenir par SMS quand la commande est prête', solutionFixed: 'Prévenir par SMS dès que la commande est prête à retirer',
  },
} as const;

/** Every option a form's select offers, by label (a field that depends on another has that one's choice in its block id). */
function optionLabels(view: Record<string, unknown>, field: string): string[] {
  const block = (view.blocks as { block_id?: string; element?: { options?: { text: { text: string } }[]; option_groups?: { options: { text: { text: string } }[] }[] } }[])
    .find((b) => b.block_id === field || b.block_id?.startsWith(`${field}|`));
  return [...(block?.element?.options ?? []), ...(block?.element?.option_groups ?? []).flatMap((g) => g.options)].map((o) => o.text.text);
}

describe.each(['en', 'fr'] as const)('fixing what was said, in Slack, in %s', (lang) => {
  const x = TEXT[lang];
  const t = translator(lang);
  const refusal = (code: string, params: Record<string, string | number> = {}) => localizeRefusal({ code, params }, lang);
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  const slack = slackWorkshopSuite({ closeRenderPool: true });
  let workshopId = '';
  let workspaceId = '';

  /** A command as someone typed it elsewhere; with Slack's origin so the workshop's messages follow. */
  const run = async (user: User, command: Record<string, unknown>) => {
    const origin = { platform: 'slack', workspace: TEAM.id, userId: user.id, conversationId: CHANNEL, threadId: null };
    const o = await slack.replica.server.engine.execute({ workspaceId, userId: user.id, displayName: user.name }, { workshopId, ...command }, { origin });
    if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
    await settle(slack.replica);
    return o.result as Record<string, string>;
  };
  const ballotRemaining = (count: number) => t('present:ballot.remaining', { count, budget: 3 });
  /** Opens the ballot from the step message; returns what it says. */
  const ballotOf = async (user: User) => {
    await slack.d.click(user, 'ballot');
    return JSON.stringify(slack.d.lastModal(user).blocks);
  };

  beforeAll(async () => {
    await slack.d.command(FAC, `new ${lang}`);
    await slack.d.submit(FAC, slack.d.lastModal(FAC), {
      title: x.title, language: lang, mode: 'async', journey: 'current', basis: 'staff', persona_name: 'Claire', goal: 'Pick up fast',
      department_0: x.sales, voteBudget: 3,
    });
    workshopId = (await slack.db.prisma.workshop.findFirstOrThrow()).id;
    workspaceId = await slack.replica.server.layer.workspaceOf('slack', TEAM.id);
    await run(FAC, { type: 'advanceStep' });
    await run(FAC, { type: 'advanceStep' });
    const choose = (await run(FAC, { type: 'addStage', label: x.choose, phase: 'before' })).stageId!;
    const pickup = (await run(FAC, { type: 'addStage', label: x.pickup, phase: 'after' })).stageId!;
    await run(FAC, { type: 'advanceStep' });
    await run(FAC, { type: 'addTouchpoint', stageId: choose, channel: x.website });
    await run(FAC, { type: 'addTouchpoint', stageId: pickup, channel: x.desk });
    await run(FAC, { type: 'advanceStep' });
  });

  it('lets the author reword their irritant in a form prefilled with it, listing only their own; everyone’s view follows', async () => {
    const desk = await slack.db.prisma.touchpoint.findFirstOrThrow({ where: { channel: { name: x.desk } } });
    await run(ANA, { type: 'addObservation', kind: 'irritant', text: x.typo, touchpointId: desk.id });
    await run(BOB, { type: 'addObservation', kind: 'irritant', text: x.bobs, touchpointId: desk.id });
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain(json(x.typo));

    const picked = await slack.d.edit(ANA, 'observationEdit', (view) => {
      const labels = optionLabels(view, 'observationId');
      expect(labels.some((l) => l.includes(x.typo))).toBe(true);
      expect(labels.some((l) => l.includes(x.bobs))).toBe(false);
      return { observationId: Driver.choice(view, 'observationId', (l) => l.includes(x.typo)), op: 'change' };
    });
    const change = answeredView(picked.sent);
    expect(change.callback_id).toBe('observationChange');
    expect(JSON.stringify(change.blocks)).toContain(`"initial_value":"${json(x.typo)}"`);
    const saved = await slack.d.submitNext(ANA, picked, { kind: 'rupture', text: x.fixed, momentOfTruth: true });
    expect(saved.sent.body).toBe('');
    expect(await slack.db.prisma.observation.findFirstOrThrow({ where: { text: x.fixed } })).toMatchObject({ kind: 'rupture', momentOfTruth: true, touchpointId: desk.id });
    const step = JSON.stringify((await slack.d.stepMessage()).blocks);
    expect(step).toContain(json(x.fixed));
    expect(step).not.toContain(json(x.typo));
    expect(step).toContain(json(t('kinds.rupture')));
  });

  it('moves the irritant to another stage’s touchpoint: the stage first, then one of its touchpoints', async () => {
    const mine = await slack.db.prisma.observation.findFirstOrThrow({ where: { text: x.fixed } });
    const website = await slack.db.prisma.touchpoint.findFirstOrThrow({ where: { channel: { name: x.website } } });
    const desk = await slack.db.prisma.touchpoint.findFirstOrThrow({ where: { channel: { name: x.desk } } });
    const picked = await slack.d.edit(ANA, 'observationEdit', { observationId: mine.id, op: 'move' });
    let move = answeredView(picked.sent);
    expect(move.callback_id).toBe('observationMove');
    // It starts from where the irritant is now, said in full.
    expect(JSON.stringify(move.blocks)).toContain(json(t('present:forms.where.atTouchpoint', { stage: `2. ${x.pickup}`, touchpoint: x.desk })));
    expect(optionLabels(move, 'touchpointId')).toEqual([x.desk]);
    // Choosing the first stage redraws the form with that stage's touchpoints only.
    move = await slack.d.refresh(ANA, { ...move, id: picked.view.id }, 'stageId', { stageId: website.stageId });
    expect(optionLabels(move, 'touchpointId')).toEqual([x.website]);
    await slack.d.submit(ANA, move, { stageId: website.stageId, touchpointId: website.id });
    expect(await slack.db.prisma.observation.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ stageId: website.stageId, touchpointId: website.id, text: x.fixed });
    // And back to the pick-up, as a whole stage this time.
    const back = await slack.d.edit(ANA, 'observationEdit', { observationId: mine.id, op: 'move' });
    move = await slack.d.refresh(ANA, { ...answeredView(back.sent), id: back.view.id }, 'stageId', { stageId: desk.stageId });
    await slack.d.submit(ANA, move, { stageId: desk.stageId, touchpointId: null });
    expect(await slack.db.prisma.observation.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ stageId: desk.stageId, touchpointId: null });
  });

  it('refuses someone else’s irritant, privately and in words, and changes nothing', async () => {
    const anas = await slack.db.prisma.observation.findFirstOrThrow({ where: { text: x.fixed } });
    // Bob's list has only his own; a value forged for Ana's is refused before any form about it opens (and the
    // engine would refuse it on submit: test/core/fixing.test.ts).
    const forged = await slack.d.edit(BOB, 'observationEdit', (view) => {
      expect(optionLabels(view, 'observationId').some((l) => l.includes(x.fixed))).toBe(false);
      return { observationId: anas.id, op: 'remove' };
    });
    expect(JSON.stringify(answeredView(forged.sent).blocks)).toContain(json(refusal('errors.notYourObservation')));
    expect(await slack.db.prisma.observation.findUniqueOrThrow({ where: { id: anas.id } })).toMatchObject({ text: x.fixed });
    // Someone with nothing of their own to fix is told so when they open the menu entry.
    const from = slack.d.mark();
    const carl: User = { id: 'U0CARL', name: 'carl' };
    await slack.d.choose(carl, 'observationEdit');
    expect(slack.d.toldTo(carl, from).join()).toContain(json(t('present:forms.nothing.yourObservation')));
  });

  it('gives the votes on a removed irritant back: the voter sees their budget again', async () => {
    const anas = await slack.db.prisma.observation.findFirstOrThrow({ where: { text: x.fixed } });
    const from = slack.d.mark();
    await slack.d.click(BOB, 'vote', (v) => v.endsWith(`~o~${anas.id}`));
    expect(slack.d.toldTo(BOB, from).join()).toContain(json(t('present:notices.left', { count: 2 })));
    expect(await ballotOf(BOB)).toContain(json(ballotRemaining(2)));

    // The facilitator removes it: the confirmation says what follows.
    const removing = slack.d.mark();
    const picked = await slack.d.edit(FAC, 'observationEdit', (view) => ({ observationId: Driver.choice(view, 'observationId', (l) => l.includes(x.fixed)), op: 'remove' }));
    const confirm = answeredView(picked.sent);
    expect(confirm.callback_id).toBe('observationRemove');
    expect(JSON.stringify(confirm.blocks)).toContain(json(t('present:forms.observationRemove.votes')));
    expect((await slack.d.submitNext(FAC, picked, {})).sent.body).toBe('');
    expect(await slack.db.prisma.observation.findUnique({ where: { id: anas.id } })).toBeNull();
    expect(await slack.db.prisma.vote.count({ where: { workshopId } })).toBe(0);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).not.toContain(json(x.fixed));
    // Bob is told privately, in the workshop's thread, that his vote is his again, with what he now has.
    const told = slack.fake.calls.slice(removing).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === BOB.id);
    expect(told).toHaveLength(1);
    expect(told[0]!.args.thread_ts).toBe((await slack.d.conversation()).anchorTs);
    expect(JSON.stringify(told[0]!.args.blocks)).toContain(json(t('present:notices.votesBack', { count: 3 })));
    expect(slack.d.toldTo(ANA, removing).join()).not.toContain(json(t('present:notices.votesBack', { count: 3 })));
    expect(await ballotOf(BOB)).toContain(json(ballotRemaining(3)));
  });

  it('edits and removes a solution by its author only; its votes go back too', async () => {
    const parking = await slack.db.prisma.observation.findFirstOrThrow({ where: { text: x.bobs } });
    await run(FAC, { type: 'advanceStep' });
    await run(BOB, { type: 'proposeSolution', text: x.solution, addresses: [parking.id] });
    const solution = await slack.db.prisma.solution.findFirstOrThrow({ where: { text: x.solution } });

    // Ana did not propose it: nothing of hers to fix, and a forged pick is refused in words.
    let from = slack.d.mark();
    await slack.d.choose(ANA, 'solutionEdit');
    expect(slack.d.toldTo(ANA, from).join()).toContain(json(t('present:forms.nothing.yourSolution')));
    await run(ANA, { type: 'proposeSolution', text: 'Open a second desk', addresses: [parking.id] });
    const forged = await slack.d.edit(ANA, 'solutionEdit', { solutionId: solution.id, op: 'change' });
    expect(JSON.stringify(answeredView(forged.sent).blocks)).toContain(json(refusal('errors.notYourSolution')));

    const picked = await slack.d.edit(BOB, 'solutionEdit', (view) => ({ solutionId: Driver.choice(view, 'solutionId', (l) => l === x.solution), op: 'change' }));
    const change = answeredView(picked.sent);
    expect(change.callback_id).toBe('solutionChange');
    expect(JSON.stringify(change.blocks)).toContain(`"initial_value":"${json(x.solution)}"`);
    await slack.d.submitNext(BOB, picked, { text: x.solutionFixed, addresses: [parking.id] });
    expect(await slack.db.prisma.solution.findUniqueOrThrow({ where: { id: solution.id } })).toMatchObject({ text: x.solutionFixed });
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain(json(x.solutionFixed));

    from = slack.d.mark();
    await slack.d.click(ANA, 'vote', (v) => v.endsWith(`~s~${solution.id}`));
    expect(slack.d.toldTo(ANA, from).join()).toContain(json(t('present:notices.left', { count: 2 })));
    const remove = await slack.d.edit(BOB, 'solutionEdit', (view) => ({ solutionId: Driver.choice(view, 'solutionId', (l) => l === x.solutionFixed), op: 'remove' }));
    expect(answeredView(remove.sent).callback_id).toBe('solutionRemove');
    from = slack.d.mark();
    expect((await slack.d.submitNext(BOB, remove, {})).sent.body).toBe('');
    expect(slack.d.toldTo(ANA, from).join()).toContain(json(t('present:notices.votesBack', { count: 3 })));
    expect(await slack.db.prisma.solution.findUnique({ where: { id: solution.id } })).toBeNull();
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).not.toContain(json(x.solutionFixed));
    expect(await ballotOf(ANA)).toContain(json(ballotRemaining(3)));
  });

  it('kept every view and message within Block Kit’s limits', () => {
    expect(expectWithinLimits(slack.fake)).toBeGreaterThan(20);
  });
});
