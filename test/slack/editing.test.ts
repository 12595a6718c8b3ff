// Editing what a workshop holds, through the real Bolt app, in French and in English: the "Edit or remove…"
// menu for everyone (stages reworded, moved, removed; touchpoints removed; moments of truth flagged) and the
// facilitator's "Workshop settings…" (framing, departments, deadlines, a target journey, a key moment shared
// by two journeys) — what Slack was asked to show, and what the database holds.
import { beforeAll, describe, expect, it } from 'vitest';
import { localizeRefusal, localizeWarning } from '../../src/i18n/refusal.js';
import { translator } from '../../src/i18n/index.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { answeredView, expectWithinLimits } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { ANA, BOB, FAC, HEAD_DIGITAL } from './helpers/users.js';

const TEXT = {
  en: {
    title: 'Furniture store — online', titleEdited: 'Furniture store — online pick-up', scope: 'From the website to the store counter',
    sales: 'Sales', digital: 'Digital', persona: 'Claire', goal: 'Pick up my furniture without waiting',
    typo: 'I choose my furnitre on the website', fixed: 'I choose my furniture on the website',
    pay: 'I pay online', pickup: 'I pick up my furniture in store', process: 'Order preparation',
    counter: 'Pick-up counter', irritant: 'One hour of waiting at pick-up', targetTitle: 'Furniture store — online — target', keyMoment: 'Pick-up',
  },
  fr: {
    title: 'Magasin de meubles — en ligne', titleEdited: 'Magasin de meubles — retrait en ligne', scope: 'Du site web au comptoir du magasin',
    sales: 'Ventes', digital: 'Digital', persona: 'Claire', goal: 'Récupérer mes meubles sans attendre',
    typo: 'Je choisis mes meubels sur le site', fixed: 'Je choisis mes meubles sur le site',
    pay: 'Je paie en ligne', pickup: 'Je récupère mes meubles en magasin', process: 'Préparation de la commande',
    counter: 'Comptoir retrait', irritant: 'Une heure d’attente au retrait', targetTitle: 'Magasin de meubles — en ligne — cible', keyMoment: 'Retrait',
  },
} as const;

describe.each(['en', 'fr'] as const)('editing a workshop in Slack, in %s', (lang) => {
  const x = TEXT[lang];
  const t = translator(lang);
  const refusal = (code: string, params: Record<string, string | number> = {}) => localizeRefusal({ code, params }, lang);
  const slack = slackWorkshopSuite({ closeRenderPool: true });
  let currentId: string;

  beforeAll(async () => {
    await slack.d.command(FAC, `new ${lang}`);
    await slack.d.submit(FAC, slack.d.lastModal(FAC), {
      title: x.title, language: lang, mode: 'async', journey: 'current', basis: 'data', persona_name: x.persona, goal: x.goal,
      department_0: x.sales, voteBudget: 3,
    });
    currentId = (await slack.db.prisma.workshop.findFirstOrThrow()).id;
    await slack.d.fill(ANA, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === x.sales) }));
  });

  it('lets the facilitator edit the framing after creation — anonymity included while framing — and refuses anyone else, privately', async () => {
    let from = slack.d.mark();
    await slack.d.choose(ANA, 'framingEdit');
    expect(slack.d.toldTo(ANA, from).join()).toContain(refusal('errors.notFacilitator'));
    expect(slack.fake.of('views.open').filter((c) => String(c.args.trigger_id).endsWith(`.${ANA.id}`) && (c.args.view as { callback_id?: string }).callback_id === 'framingEdit')).toHaveLength(0);

    const { sent, view } = await slack.d.edit(FAC, 'framingEdit', { title: x.titleEdited, scope: x.scope, mode: 'live', basis: 'staff', voteBudget: 4, voteCap: 2, anonymous: true });
    expect(sent.body).toBe('');
    expect(JSON.stringify(view.blocks)).toContain(x.title);
    expect((view.blocks as { block_id?: string }[]).some((b) => b.block_id === 'anonymous')).toBe(true);
    expect(await slack.db.prisma.workshop.findUniqueOrThrow({ where: { id: currentId } })).toMatchObject({
      title: x.titleEdited, scope: x.scope, mode: 'live', basis: 'staff', voteBudget: 4, voteCap: 2, anonymous: true,
    });
    expect((await slack.d.anchorMessage()).text).toContain(x.titleEdited);

    from = slack.d.mark();
    await slack.d.choose(BOB, 'department');
    expect(slack.d.toldTo(BOB, from).join()).toContain(refusal('errors.notFacilitator'));
    await slack.d.edit(FAC, 'department', { name: x.digital, headUserId: HEAD_DIGITAL.id });
    expect((await slack.db.prisma.department.findMany({ orderBy: { position: 'asc' } })).map((p) => [p.name, p.headUserId])).toEqual([[x.sales, null], [x.digital, HEAD_DIGITAL.id]]);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain(`<@${HEAD_DIGITAL.id}>`);
  });

  it('sets and clears a step’s deadline', async () => {
    const due = Math.floor(new Date('2030-04-01T15:00:00Z').getTime() / 1000);
    await slack.d.edit(FAC, 'deadline', { step: 'evaluation', dueAt: due });
    expect(await slack.db.prisma.stepDeadline.findMany({ where: { workshopId: currentId } })).toMatchObject([{ step: 'evaluation', dueAt: new Date(due * 1000) }]);
    const { view } = await slack.d.edit(FAC, 'deadline', { step: 'evaluation', dueAt: null });
    // The form lists the deadlines already set, in each reader's timezone.
    expect(JSON.stringify(view.blocks)).toContain(`<!date^${due}^`);
    expect(await slack.db.prisma.stepDeadline.count({ where: { workshopId: currentId } })).toBe(0);
    await slack.d.click(FAC, 'advance');
    await slack.d.click(FAC, 'advance');
    expect((await slack.db.prisma.workshop.findUniqueOrThrow({ where: { id: currentId } })).step).toBe('stages');
  });

  it('rewords a mistyped stage in a form prefilled with it, and warns privately again on process wording', async () => {
    await slack.d.fill(ANA, 'stage', { label: x.typo, phase: 'purchase' });
    await slack.d.fill(ANA, 'stage', { label: x.pay, phase: 'purchase' });
    await slack.d.fill(BOB, 'stage', { label: x.pickup, phase: 'after' });
    const typo = await slack.db.prisma.stage.findFirstOrThrow({ where: { label: x.typo } });

    const picked = await slack.d.edit(ANA, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.typo)), op: 'rename' }));
    const rename = answeredView(picked.sent);
    expect(rename.callback_id).toBe('stageRename');
    expect(JSON.stringify(rename.blocks)).toContain(`"initial_value":"${x.typo}"`);
    const renamed = await slack.d.submitNext(ANA, picked, { label: x.fixed, phase: 'before' });
    expect(renamed.sent.body).toBe('');
    expect(await slack.db.prisma.stage.findUniqueOrThrow({ where: { id: typo.id } })).toMatchObject({ label: x.fixed, phase: 'before' });
    const step = JSON.stringify((await slack.d.stepMessage()).blocks);
    expect(step).toContain(x.fixed);
    expect(step).not.toContain(x.typo);

    const from = slack.d.mark();
    const again = await slack.d.edit(BOB, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)), op: 'rename' }));
    await slack.d.submitNext(BOB, again, { label: x.process, phase: 'after' });
    expect(slack.d.toldTo(BOB, from).join()).toContain(localizeWarning({ code: 'warnings.notCustomerVoice', params: { label: x.process } }, lang));
    expect(await slack.db.prisma.stage.count({ where: { label: x.process } })).toBe(1);
    await slack.d.edit(BOB, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.process)), op: 'rename' }))
      .then((p) => slack.d.submitNext(BOB, p, { label: x.pickup, phase: 'after' }));
    expect(await slack.db.prisma.stage.count({ where: { label: x.pickup } })).toBe(1);
  });

  it('moves a stage', async () => {
    const picked = await slack.d.edit(ANA, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)), op: 'move' }));
    expect(answeredView(picked.sent).callback_id).toBe('stageMove');
    await slack.d.submitNext(ANA, picked, { position: '0' });
    const order = (await slack.db.prisma.stage.findMany({ where: { workshopId: currentId }, orderBy: { position: 'asc' } })).map((s) => s.label);
    expect(order).toEqual([x.pickup, x.fixed, x.pay]);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain(`1. ${x.pickup}`);
    // And back to the end, where it belongs.
    await slack.d.edit(ANA, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)), op: 'move' }))
      .then((p) => slack.d.submitNext(ANA, p, { position: '2' }));
    expect((await slack.db.prisma.stage.findMany({ where: { workshopId: currentId }, orderBy: { position: 'asc' } })).map((s) => s.label)).toEqual([x.fixed, x.pay, x.pickup]);
  });

  it('removes a touchpoint; a stage with contributions only by the facilitator, the participant told why privately', async () => {
    await slack.d.click(FAC, 'advance');
    await slack.d.fill(ANA, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)), otherChannel: x.counter }));
    await slack.d.fill(ANA, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pay)), channel: Driver.choice(view, 'channel', () => true) }));
    await slack.d.fill(BOB, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pay)), otherChannel: x.counter }));
    expect(await slack.db.prisma.touchpoint.count({ where: { workshopId: currentId } })).toBe(3);

    const payStage = await slack.db.prisma.stage.findFirstOrThrow({ where: { label: x.pay } });
    const counter = await slack.db.prisma.touchpoint.findFirstOrThrow({ where: { stageId: payStage.id, channel: { name: x.counter } } });
    await slack.d.edit(BOB, 'touchpointRemove', (view) => {
      expect(Driver.choice(view, 'touchpointId', (l) => l.startsWith(x.counter) && l !== '')).toBeTruthy();
      return { touchpointId: counter.id };
    });
    expect(await slack.db.prisma.touchpoint.findUnique({ where: { id: counter.id } })).toBeNull();
    expect(await slack.db.prisma.touchpoint.count({ where: { workshopId: currentId } })).toBe(2);

    const refused = await slack.d.edit(ANA, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pay)), op: 'remove' }));
    const confirm = answeredView(refused.sent);
    expect(confirm.callback_id).toBe('stageRemove');
    expect(JSON.stringify(confirm.blocks)).toContain(x.pay);
    const answer = await slack.d.submitNext(ANA, refused, {});
    const notice = answeredView(answer.sent);
    expect(JSON.stringify(notice.blocks)).toContain(refusal('errors.stageHasContributions', { label: x.pay }).replace(/"/g, '\\"'));
    expect(await slack.db.prisma.stage.findUnique({ where: { id: payStage.id } })).not.toBeNull();

    const allowed = await slack.d.edit(FAC, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pay)), op: 'remove' }));
    expect((await slack.d.submitNext(FAC, allowed, {})).sent.body).toBe('');
    expect(await slack.db.prisma.stage.findUnique({ where: { id: payStage.id } })).toBeNull();
    expect(await slack.db.prisma.touchpoint.count({ where: { stageId: payStage.id } })).toBe(0);
    expect((await slack.db.prisma.stage.findMany({ where: { workshopId: currentId }, orderBy: { position: 'asc' } })).map((s) => [s.label, s.position])).toEqual([[x.fixed, 0], [x.pickup, 1]]);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).not.toContain(x.pay);
  });

  it('flags and unflags a moment of truth on an existing irritant', async () => {
    await slack.d.click(FAC, 'advance');
    await slack.d.observe(ANA, (l) => l.includes(x.pickup), (l) => l === x.counter, { kind: 'irritant', text: x.irritant });
    const irritant = await slack.db.prisma.observation.findFirstOrThrow({ where: { text: x.irritant } });
    expect(irritant.momentOfTruth).toBe(false);
    await slack.d.edit(BOB, 'momentOfTruth', (view) => ({ observationId: Driver.choice(view, 'observationId', (l) => l.includes(x.irritant)), value: 'yes' }));
    expect((await slack.db.prisma.observation.findUniqueOrThrow({ where: { id: irritant.id } })).momentOfTruth).toBe(true);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain(`(${t('momentOfTruth')})`);
    const { view } = await slack.d.edit(BOB, 'momentOfTruth', { observationId: irritant.id, value: 'no' });
    expect(JSON.stringify(view.blocks)).toContain(`★ ${t('kinds.irritant')}`);
    expect((await slack.db.prisma.observation.findUniqueOrThrow({ where: { id: irritant.id } })).momentOfTruth).toBe(false);
  });

  it('starts the target journey from the current one: its own anchor in this channel, the stages copied', async () => {
    let from = slack.d.mark();
    await slack.d.choose(ANA, 'targetJourney');
    expect(slack.d.toldTo(ANA, from).join()).toContain(refusal('errors.notFacilitator'));

    from = slack.d.mark();
    const { view } = await slack.d.edit(FAC, 'targetJourney', (v) => {
      expect(JSON.stringify(v.blocks)).toContain(`"initial_value":"${x.titleEdited}`);
      return { title: x.targetTitle };
    });
    expect(view.callback_id).toBe('targetJourney');
    const target = await slack.db.prisma.workshop.findFirstOrThrow({ where: { journey: 'target' } });
    expect(target).toMatchObject({ title: x.targetTitle, sourceWorkshopId: currentId, step: 'stages', language: lang });
    const copied = await slack.db.prisma.stage.findMany({ where: { workshopId: target.id }, orderBy: { position: 'asc' } });
    const originals = await slack.db.prisma.stage.findMany({ where: { workshopId: currentId }, orderBy: { position: 'asc' } });
    expect(copied.map((s) => [s.label, s.sourceStageId])).toEqual(originals.map((s) => [s.label, s.id]));
    expect(await slack.db.prisma.touchpoint.count({ where: { workshopId: target.id } })).toBe(await slack.db.prisma.touchpoint.count({ where: { workshopId: currentId } }));
    expect(await slack.db.prisma.touchpoint.count({ where: { workshopId: target.id } })).toBe(1);
    expect(await slack.db.prisma.participant.findFirst({ where: { workshopId: target.id, userId: FAC.id } })).toMatchObject({ role: 'facilitator' });

    const row = await slack.db.prisma.conversation.findFirstOrThrow({ where: { workshopId: target.id } });
    const conv = { ...row, channelId: row.conversationId, anchorTs: row.rootMessageId };
    expect(conv.channelId).toBe(CHANNEL);
    const anchor = slack.fake.calls.slice(from).find((c) => c.method === 'chat.postMessage' && c.response?.ts === conv.anchorTs)!;
    expect(anchor.args).toMatchObject({ channel: CHANNEL });
    expect(anchor.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(anchor.args.blocks)).toContain(x.targetTitle);
    expect(JSON.stringify(anchor.args.blocks)).toContain(t('journeys.target'));
    // Its first step message is the stages, in its own thread, with the copied stages.
    const step = await slack.d.stepMessage();
    expect(step.thread).toBe(conv.anchorTs);
    expect(JSON.stringify(step.blocks)).toContain(x.pickup);
  });

  it('links the pick-up of the target journey and of the current one as the same key moment', async () => {
    const target = await slack.db.prisma.workshop.findFirstOrThrow({ where: { journey: 'target' } });
    const mine = await slack.db.prisma.stage.findFirstOrThrow({ where: { workshopId: target.id, label: x.pickup } });
    const theirs = await slack.db.prisma.stage.findFirstOrThrow({ where: { workshopId: currentId, label: x.pickup } });
    await slack.d.edit(FAC, 'keyMoment', (view) => ({
      stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)),
      otherStageId: Driver.choice(view, 'otherStageId', (l) => l.includes(x.pickup)),
      label: x.keyMoment,
    }));
    const linked = await slack.db.prisma.stage.findMany({ where: { id: { in: [mine.id, theirs.id] } } });
    expect(linked.map((s) => s.keyMomentId)).toEqual([linked[0]!.keyMomentId, linked[0]!.keyMomentId]);
    expect(linked[0]!.keyMomentId).toBeTruthy();
    expect(await slack.db.prisma.keyMoment.findUniqueOrThrow({ where: { id: linked[0]!.keyMomentId! } })).toMatchObject({ label: x.keyMoment });
    expect(theirs.id).not.toBe(mine.id);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain(t('present:items.keyMoment'));
  });

  it('kept every view and message within Block Kit’s limits', () => {
    expect(expectWithinLimits(slack.fake)).toBeGreaterThan(40);
  });
});
