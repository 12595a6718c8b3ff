// Editing what a workshop holds, through the real Bolt app, in French and in English: the "Edit or remove…"
// menu for everyone (stages reworded, moved, removed; touchpoints removed; moments of truth flagged) and the
// facilitator's "Workshop settings…" (framing, departments, deadlines, a target journey, a key moment shared
// by two journeys) — what Slack was asked to show, and what the database holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localizeRefusal, localizeWarning } from '../../src/i18n/refusal.js';
import { translator } from '../../src/i18n/index.js';
import { closeRenderPool } from '../../src/render/index.js';
import { checkSurface } from '../../src/slack/limits.js';
import { freshDatabase, serverProvider, type TestDatabase } from '../helpers/database.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { expectWithinLimits, startReplica, type Replica, type Sent, type User } from './helpers/harness.js';

const FAC: User = { id: 'U0FAC', name: 'fatou' };
const ANA: User = { id: 'U0ANA', name: 'ana' };
const BOB: User = { id: 'U0BOB', name: 'bob' };
const HEAD_DIGITAL: User = { id: 'U0HEADDIGITAL', name: 'dan' };

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

/** The modal a submission answered with (`response_action: update`), checked against Block Kit's limits. */
function answeredView(sent: Sent): Record<string, unknown> {
  const answer = sent.json() as { response_action?: string; view?: Record<string, unknown> };
  expect(answer.response_action).toBe('update');
  expect(checkSurface('modal', answer.view as never)).toEqual([]);
  return answer.view!;
}

describe.each(['en', 'fr'] as const)('editing a workshop in Slack, in %s', (lang) => {
  const x = TEXT[lang];
  const t = translator(lang);
  const refusal = (code: string, params: Record<string, string | number> = {}) => localizeRefusal({ code, params }, lang);
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;
  let d: Driver;
  let currentId: string;

  beforeAll(async () => {
    db = await freshDatabase(serverProvider);
    fake = await new FakeSlack().start();
    replica = await startReplica({ databaseUrl: db.rawUrl, fake });
    d = new Driver(fake, [replica], db.prisma);
    await d.command(FAC, `new ${lang}`);
    await d.submit(FAC, d.lastModal(FAC), {
      title: x.title, language: lang, mode: 'async', journey: 'current', basis: 'data', persona_name: x.persona, goal: x.goal,
      department_0: x.sales, voteBudget: 3,
    });
    currentId = (await db.prisma.workshop.findFirstOrThrow()).id;
    await d.fill(ANA, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === x.sales) }));
  });

  afterAll(async () => {
    await replica?.server.close();
    await fake?.stop();
    await db?.close();
    await closeRenderPool();
  });

  it('lets the facilitator edit the framing after creation — anonymity included while framing — and refuses anyone else, privately', async () => {
    let from = d.mark();
    await d.choose(ANA, 'framingEdit');
    expect(d.toldTo(ANA, from).join()).toContain(refusal('errors.notFacilitator'));
    expect(fake.of('views.open').filter((c) => String(c.args.trigger_id).endsWith(`.${ANA.id}`) && (c.args.view as { callback_id?: string }).callback_id === 'framingEdit')).toHaveLength(0);

    const { sent, view } = await d.edit(FAC, 'framingEdit', { title: x.titleEdited, scope: x.scope, mode: 'live', basis: 'staff', voteBudget: 4, voteCap: 2, anonymous: true });
    expect(sent.body).toBe('');
    expect(JSON.stringify(view.blocks)).toContain(x.title);
    expect((view.blocks as { block_id?: string }[]).some((b) => b.block_id === 'anonymous')).toBe(true);
    expect(await db.prisma.workshop.findUniqueOrThrow({ where: { id: currentId } })).toMatchObject({
      title: x.titleEdited, scope: x.scope, mode: 'live', basis: 'staff', voteBudget: 4, voteCap: 2, anonymous: true,
    });
    expect((await d.anchorMessage()).text).toContain(x.titleEdited);

    from = d.mark();
    await d.choose(BOB, 'department');
    expect(d.toldTo(BOB, from).join()).toContain(refusal('errors.notFacilitator'));
    await d.edit(FAC, 'department', { name: x.digital, headUserId: HEAD_DIGITAL.id });
    expect((await db.prisma.department.findMany({ orderBy: { position: 'asc' } })).map((p) => [p.name, p.headUserId])).toEqual([[x.sales, null], [x.digital, HEAD_DIGITAL.id]]);
    expect(JSON.stringify((await d.stepMessage()).blocks)).toContain(`<@${HEAD_DIGITAL.id}>`);
  });

  it('sets and clears a step’s deadline', async () => {
    const due = Math.floor(new Date('2030-04-01T15:00:00Z').getTime() / 1000);
    await d.edit(FAC, 'deadline', { step: 'evaluation', dueAt: due });
    expect(await db.prisma.stepDeadline.findMany({ where: { workshopId: currentId } })).toMatchObject([{ step: 'evaluation', dueAt: new Date(due * 1000) }]);
    const { view } = await d.edit(FAC, 'deadline', { step: 'evaluation', dueAt: null });
    // The form lists the deadlines already set, in each reader's timezone.
    expect(JSON.stringify(view.blocks)).toContain(`<!date^${due}^`);
    expect(await db.prisma.stepDeadline.count({ where: { workshopId: currentId } })).toBe(0);
    await d.click(FAC, 'advance');
    await d.click(FAC, 'advance');
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: currentId } })).step).toBe('stages');
  });

  it('rewords a mistyped stage in a form prefilled with it, and warns privately again on process wording', async () => {
    await d.fill(ANA, 'stage', { label: x.typo, phase: 'purchase' });
    await d.fill(ANA, 'stage', { label: x.pay, phase: 'purchase' });
    await d.fill(BOB, 'stage', { label: x.pickup, phase: 'after' });
    const typo = await db.prisma.stage.findFirstOrThrow({ where: { label: x.typo } });

    const picked = await d.edit(ANA, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.typo)), op: 'rename' }));
    const rename = answeredView(picked.sent);
    expect(rename.callback_id).toBe('stageRename');
    expect(JSON.stringify(rename.blocks)).toContain(`"initial_value":"${x.typo}"`);
    const renamed = await d.submitNext(ANA, picked, { label: x.fixed, phase: 'before' });
    expect(renamed.sent.body).toBe('');
    expect(await db.prisma.stage.findUniqueOrThrow({ where: { id: typo.id } })).toMatchObject({ label: x.fixed, phase: 'before' });
    const step = JSON.stringify((await d.stepMessage()).blocks);
    expect(step).toContain(x.fixed);
    expect(step).not.toContain(x.typo);

    const from = d.mark();
    const again = await d.edit(BOB, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)), op: 'rename' }));
    await d.submitNext(BOB, again, { label: x.process, phase: 'after' });
    expect(d.toldTo(BOB, from).join()).toContain(localizeWarning({ code: 'warnings.notCustomerVoice', params: { label: x.process } }, lang));
    expect(await db.prisma.stage.count({ where: { label: x.process } })).toBe(1);
    await d.edit(BOB, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.process)), op: 'rename' }))
      .then((p) => d.submitNext(BOB, p, { label: x.pickup, phase: 'after' }));
    expect(await db.prisma.stage.count({ where: { label: x.pickup } })).toBe(1);
  });

  it('moves a stage', async () => {
    const picked = await d.edit(ANA, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)), op: 'move' }));
    expect(answeredView(picked.sent).callback_id).toBe('stageMove');
    await d.submitNext(ANA, picked, { position: '0' });
    const order = (await db.prisma.stage.findMany({ where: { workshopId: currentId }, orderBy: { position: 'asc' } })).map((s) => s.label);
    expect(order).toEqual([x.pickup, x.fixed, x.pay]);
    expect(JSON.stringify((await d.stepMessage()).blocks)).toContain(`1. ${x.pickup}`);
    // And back to the end, where it belongs.
    await d.edit(ANA, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)), op: 'move' }))
      .then((p) => d.submitNext(ANA, p, { position: '2' }));
    expect((await db.prisma.stage.findMany({ where: { workshopId: currentId }, orderBy: { position: 'asc' } })).map((s) => s.label)).toEqual([x.fixed, x.pay, x.pickup]);
  });

  it('removes a touchpoint; a stage with contributions only by the facilitator, the participant told why privately', async () => {
    await d.click(FAC, 'advance');
    await d.fill(ANA, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)), otherChannel: x.counter }));
    await d.fill(ANA, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pay)), channel: Driver.choice(view, 'channel', () => true) }));
    await d.fill(BOB, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pay)), otherChannel: x.counter }));
    expect(await db.prisma.touchpoint.count({ where: { workshopId: currentId } })).toBe(3);

    const payStage = await db.prisma.stage.findFirstOrThrow({ where: { label: x.pay } });
    const counter = await db.prisma.touchpoint.findFirstOrThrow({ where: { stageId: payStage.id, channel: { name: x.counter } } });
    await d.edit(BOB, 'touchpointRemove', (view) => {
      expect(Driver.choice(view, 'touchpointId', (l) => l.startsWith(x.counter) && l !== '')).toBeTruthy();
      return { touchpointId: counter.id };
    });
    expect(await db.prisma.touchpoint.findUnique({ where: { id: counter.id } })).toBeNull();
    expect(await db.prisma.touchpoint.count({ where: { workshopId: currentId } })).toBe(2);

    const refused = await d.edit(ANA, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pay)), op: 'remove' }));
    const confirm = answeredView(refused.sent);
    expect(confirm.callback_id).toBe('stageRemove');
    expect(JSON.stringify(confirm.blocks)).toContain(x.pay);
    const answer = await d.submitNext(ANA, refused, {});
    const notice = answeredView(answer.sent);
    expect(JSON.stringify(notice.blocks)).toContain(refusal('errors.stageHasContributions', { label: x.pay }).replace(/"/g, '\\"'));
    expect(await db.prisma.stage.findUnique({ where: { id: payStage.id } })).not.toBeNull();

    const allowed = await d.edit(FAC, 'stageEdit', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pay)), op: 'remove' }));
    expect((await d.submitNext(FAC, allowed, {})).sent.body).toBe('');
    expect(await db.prisma.stage.findUnique({ where: { id: payStage.id } })).toBeNull();
    expect(await db.prisma.touchpoint.count({ where: { stageId: payStage.id } })).toBe(0);
    expect((await db.prisma.stage.findMany({ where: { workshopId: currentId }, orderBy: { position: 'asc' } })).map((s) => [s.label, s.position])).toEqual([[x.fixed, 0], [x.pickup, 1]]);
    expect(JSON.stringify((await d.stepMessage()).blocks)).not.toContain(x.pay);
  });

  it('flags and unflags a moment of truth on an existing irritant', async () => {
    await d.click(FAC, 'advance');
    await d.observe(ANA, (l) => l.includes(x.pickup), (l) => l === x.counter, { kind: 'irritant', text: x.irritant });
    const irritant = await db.prisma.observation.findFirstOrThrow({ where: { text: x.irritant } });
    expect(irritant.momentOfTruth).toBe(false);
    await d.edit(BOB, 'momentOfTruth', (view) => ({ observationId: Driver.choice(view, 'observationId', (l) => l.includes(x.irritant)), value: 'yes' }));
    expect((await db.prisma.observation.findUniqueOrThrow({ where: { id: irritant.id } })).momentOfTruth).toBe(true);
    expect(JSON.stringify((await d.stepMessage()).blocks)).toContain(`(${t('momentOfTruth')})`);
    const { view } = await d.edit(BOB, 'momentOfTruth', { observationId: irritant.id, value: 'no' });
    expect(JSON.stringify(view.blocks)).toContain(`★ ${t('kinds.irritant')}`);
    expect((await db.prisma.observation.findUniqueOrThrow({ where: { id: irritant.id } })).momentOfTruth).toBe(false);
  });

  it('starts the target journey from the current one: its own anchor in this channel, the stages copied', async () => {
    let from = d.mark();
    await d.choose(ANA, 'targetJourney');
    expect(d.toldTo(ANA, from).join()).toContain(refusal('errors.notFacilitator'));

    from = d.mark();
    const { view } = await d.edit(FAC, 'targetJourney', (v) => {
      expect(JSON.stringify(v.blocks)).toContain(`"initial_value":"${x.titleEdited}`);
      return { title: x.targetTitle };
    });
    expect(view.callback_id).toBe('targetJourney');
    const target = await db.prisma.workshop.findFirstOrThrow({ where: { journey: 'target' } });
    expect(target).toMatchObject({ title: x.targetTitle, sourceWorkshopId: currentId, step: 'stages', language: lang });
    const copied = await db.prisma.stage.findMany({ where: { workshopId: target.id }, orderBy: { position: 'asc' } });
    const originals = await db.prisma.stage.findMany({ where: { workshopId: currentId }, orderBy: { position: 'asc' } });
    expect(copied.map((s) => [s.label, s.sourceStageId])).toEqual(originals.map((s) => [s.label, s.id]));
    expect(await db.prisma.touchpoint.count({ where: { workshopId: target.id } })).toBe(await db.prisma.touchpoint.count({ where: { workshopId: currentId } }));
    expect(await db.prisma.touchpoint.count({ where: { workshopId: target.id } })).toBe(1);
    expect(await db.prisma.participant.findFirst({ where: { workshopId: target.id, userId: FAC.id } })).toMatchObject({ role: 'facilitator' });

    const row = await db.prisma.conversation.findFirstOrThrow({ where: { workshopId: target.id } });
    const conv = { ...row, channelId: row.conversationId, anchorTs: row.rootMessageId };
    expect(conv.channelId).toBe(CHANNEL);
    const anchor = fake.calls.slice(from).find((c) => c.method === 'chat.postMessage' && c.response?.ts === conv.anchorTs)!;
    expect(anchor.args).toMatchObject({ channel: CHANNEL });
    expect(anchor.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(anchor.args.blocks)).toContain(x.targetTitle);
    expect(JSON.stringify(anchor.args.blocks)).toContain(t('journeys.target'));
    // Its first step message is the stages, in its own thread, with the copied stages.
    const step = await d.stepMessage();
    expect(step.thread).toBe(conv.anchorTs);
    expect(JSON.stringify(step.blocks)).toContain(x.pickup);
  });

  it('links the pick-up of the target journey and of the current one as the same key moment', async () => {
    const target = await db.prisma.workshop.findFirstOrThrow({ where: { journey: 'target' } });
    const mine = await db.prisma.stage.findFirstOrThrow({ where: { workshopId: target.id, label: x.pickup } });
    const theirs = await db.prisma.stage.findFirstOrThrow({ where: { workshopId: currentId, label: x.pickup } });
    await d.edit(FAC, 'keyMoment', (view) => ({
      stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.pickup)),
      otherStageId: Driver.choice(view, 'otherStageId', (l) => l.includes(x.pickup)),
      label: x.keyMoment,
    }));
    const linked = await db.prisma.stage.findMany({ where: { id: { in: [mine.id, theirs.id] } } });
    expect(linked.map((s) => s.keyMomentId)).toEqual([linked[0]!.keyMomentId, linked[0]!.keyMomentId]);
    expect(linked[0]!.keyMomentId).toBeTruthy();
    expect(await db.prisma.keyMoment.findUniqueOrThrow({ where: { id: linked[0]!.keyMomentId! } })).toMatchObject({ label: x.keyMoment });
    expect(theirs.id).not.toBe(mine.id);
    expect(JSON.stringify((await d.stepMessage()).blocks)).toContain(t('present:items.keyMoment'));
  });

  it('kept every view and message within Block Kit’s limits', () => {
    expect(expectWithinLimits(fake)).toBeGreaterThan(40);
  });
});
