// The facilitator's department and language settings through the real Bolt app, two replicas taking turns,
// in French and in English: a department renamed and given another head (a users_select prefilled with
// the current one), left without a head, removed after a confirmation — refused, with the reason, while
// it owns a solution —, anyone else refused privately; then the workshop's language changed, after which
// every message, form and private answer is in the new language, whichever replica sends it. What Slack
// was asked to show is read from the fake Slack; what is stored, through the engine's own queries.
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopSnapshot } from '../../src/core/snapshot.js';
import { translator } from '../../src/i18n/index.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { Driver } from './helpers/driver.js';
import { answeredView, expectWithinLimits, TEAM, type User } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { ANA, BOB, FAC, HEAD_DIGITAL, HEAD_SALES } from './helpers/users.js';

const HEAD_NEW: User = { id: 'U0HEADNEW', name: 'nina' };

const TEXT = {
  en: {
    title: 'Furniture store — online', persona: 'Claire', goal: 'Pick up my furniture without waiting',
    sales: 'Sales', digital: 'Digital', digitalRenamed: 'Digital & e-commerce', marketing: 'Marketing',
    stage: 'I pick up my furniture in store', counter: 'Pick-up counter', irritant: 'One hour of waiting at pick-up',
    solution: 'Prepare the order before the customer arrives',
  },
  fr: {
    title: 'Magasin de meubles — en ligne', persona: 'Claire', goal: 'Récupérer mes meubles sans attendre',
    sales: 'Ventes', digital: 'Digital', digitalRenamed: 'Digital & e-commerce', marketing: 'Marketing',
    stage: 'Je récupère mes meubles en magasin', counter: 'Comptoir retrait', irritant: 'Une heure d’attente au retrait',
    solution: 'Préparer la commande avant l’arrivée du client',
  },
} as const;

/** What a modal or message says, as Slack would show it (mrkdwn escapes undone for comparison). */
const shown = (value: unknown): string => JSON.stringify(value).replace(/&amp;/g, '&');

describe.each([['en', 'fr'], ['fr', 'en']] as const)('department and language settings in Slack, in %s then %s', (lang, other) => {
  const x = TEXT[lang];
  const t = translator(lang);
  const refusal = (code: string, params: Record<string, string | number> = {}, language = lang) => localizeRefusal({ code, params }, language);
  const slack = slackWorkshopSuite({ replicas: 2, closeRenderPool: true });
  let workspaceId: string;
  let workshopId: string;

  /** The workshop as the engine's queries read it. */
  const stored = (): Promise<WorkshopSnapshot> => slack.replicas[0]!.server.queries.snapshot(workspaceId, workshopId);
  const department = async (name: string) => (await stored()).departments.find((dep) => dep.name === name);

  beforeAll(async () => {
    await slack.d.command(FAC, `new ${lang}`);
    await slack.d.submit(FAC, slack.d.lastModal(FAC), {
      title: x.title, language: lang, mode: 'async', journey: 'current', basis: 'data', persona_name: x.persona, goal: x.goal,
      department_0: x.sales, head_0: HEAD_SALES.id, department_1: x.digital, head_1: HEAD_DIGITAL.id, department_2: x.marketing, voteBudget: 3,
    });
    workspaceId = await slack.replicas[0]!.server.layer.workspaceOf('slack', TEAM.id);
    const listed = await slack.replicas[0]!.server.queries.listWorkshops(workspaceId);
    expect(listed).toHaveLength(1);
    workshopId = listed[0]!.workshop.id;
    await slack.d.fill(ANA, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === x.digital) }));
    await slack.d.fill(BOB, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === x.marketing) }));
  });

  it('refuses department settings to anyone but the facilitator, privately, and opens no form for them', async () => {
    const from = slack.d.mark();
    await slack.d.choose(ANA, 'departmentEdit');
    expect(slack.d.toldTo(ANA, from).join()).toContain(refusal('errors.notFacilitator'));
    expect(slack.fake.calls.slice(from).filter((c) => c.method === 'views.open')).toHaveLength(0);
    expect((await stored()).departments.map((dep) => [dep.name, dep.headUserId])).toEqual([[x.sales, HEAD_SALES.id], [x.digital, HEAD_DIGITAL.id], [x.marketing, null]]);
  });

  it('renames a department and gives it another head, in a form prefilled with both', async () => {
    const digital = (await department(x.digital))!;
    const picked = await slack.d.edit(FAC, 'departmentEdit', (view) => {
      expect(JSON.stringify(view.title)).toContain(t('present:forms.departmentEdit.title'));
      return { departmentId: Driver.choice(view, 'departmentId', (l) => l === x.digital), op: 'change' };
    });
    const form = answeredView(picked.sent);
    expect(form.callback_id).toBe('departmentChange');
    const blocks = form.blocks as { block_id?: string; element?: Record<string, unknown> }[];
    expect(blocks.find((b) => b.block_id === 'name')!.element).toMatchObject({ type: 'plain_text_input', initial_value: x.digital });
    expect(blocks.find((b) => b.block_id === 'headUserId')!.element).toMatchObject({ type: 'users_select', initial_user: HEAD_DIGITAL.id });
    expect(blocks.find((b) => b.block_id === 'noHead')!.element).toMatchObject({ type: 'checkboxes' });

    const saved = await slack.d.submitNext(FAC, picked, { name: x.digitalRenamed, headUserId: HEAD_NEW.id, noHead: false });
    expect(saved.sent.status).toBe(200);
    expect(saved.sent.body).toBe('');
    expect((await stored()).departments.find((dep) => dep.id === digital.id)).toEqual({ id: digital.id, name: x.digitalRenamed, headUserId: HEAD_NEW.id });
    // The participant who joined with it is still in it.
    expect((await stored()).participants.find((p) => p.userId === ANA.id)!.departmentId).toBe(digital.id);
    const step = shown((await slack.d.stepMessage()).blocks);
    expect(step).toContain(x.digitalRenamed);
    expect(step).toContain(`<@${HEAD_NEW.id}>`);
    expect(step).not.toContain(`<@${HEAD_DIGITAL.id}>`);
  });

  it('leaves a department without a head, and says on its field when a head is picked and “no head” ticked at once', async () => {
    const sales = (await department(x.sales))!;
    const both = await slack.d.edit(FAC, 'departmentEdit', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === x.sales), op: 'change' }))
      .then((p) => slack.d.submitNext(FAC, p, { name: x.sales, headUserId: HEAD_NEW.id, noHead: true }));
    expect(both.sent.json()).toEqual({ response_action: 'errors', errors: { noHead: t('present:forms.departmentChange.headAndNoHead') } });
    expect((await department(x.sales))!.headUserId).toBe(HEAD_SALES.id);

    const cleared = await slack.d.submit(FAC, both.view, { name: x.sales, headUserId: null, noHead: true }, { hash: 'cleared' });
    expect(cleared.body).toBe('');
    expect(await department(x.sales)).toEqual({ id: sales.id, name: x.sales, headUserId: null });
    expect(shown((await slack.d.stepMessage()).blocks)).not.toContain(`<@${HEAD_SALES.id}>`);
  });

  it('removes a department after a confirmation that says what goes with it; who joined with it stays, without a department', async () => {
    const marketing = (await department(x.marketing))!;
    expect((await stored()).participants.find((p) => p.userId === BOB.id)!.departmentId).toBe(marketing.id);
    const picked = await slack.d.edit(FAC, 'departmentEdit', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === x.marketing), op: 'remove' }));
    const confirm = answeredView(picked.sent);
    expect(confirm.callback_id).toBe('departmentRemove');
    expect(shown(confirm.submit)).toContain(t('present:forms.departmentRemove.submit'));
    expect(shown(confirm.blocks)).toContain(x.marketing);
    expect(shown(confirm.blocks)).toContain(t('present:forms.departmentRemove.members', { count: 1 }));
    expect(shown(confirm.blocks)).not.toContain(t('present:forms.departmentRemove.empty'));
    const removed = await slack.d.submitNext(FAC, picked, {});
    expect(removed.sent.body).toBe('');
    const after = await stored();
    expect(after.departments.map((dep) => dep.name)).toEqual([x.sales, x.digitalRenamed]);
    expect(after.departments.some((dep) => dep.id === marketing.id)).toBe(false);
    expect(after.participants.find((p) => p.userId === BOB.id)).toMatchObject({ role: 'participant', departmentId: null });
    expect(shown((await slack.d.stepMessage()).blocks)).not.toContain(x.marketing);
  });

  it('refuses to remove a department that owns a solution, says why in the modal, and keeps it', async () => {
    await slack.d.click(FAC, 'advance');
    await slack.d.click(FAC, 'advance');
    await slack.d.fill(ANA, 'stage', { label: x.stage, phase: 'after' });
    await slack.d.click(FAC, 'advance');
    await slack.d.fill(ANA, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (l) => l.includes(x.stage)), otherChannel: x.counter }));
    await slack.d.click(FAC, 'advance');
    await slack.d.observe(ANA, (l) => l.includes(x.stage), (l) => l === x.counter, { kind: 'irritant', text: x.irritant });
    await slack.d.click(FAC, 'advance');
    const irritant = (await stored()).observations.find((o) => o.text === x.irritant)!;
    // Choosing the owning department is the facilitator's (or that department's head's): Ana, a member, is not offered it.
    await slack.d.fill(FAC, 'solution', (view) => ({ text: x.solution, addresses: [irritant.id], departmentId: Driver.choice(view, 'departmentId', (l) => l === x.digitalRenamed) }));
    const digital = (await department(x.digitalRenamed))!;
    expect((await stored()).solutions.map((s) => [s.text, s.departmentId])).toEqual([[x.solution, digital.id]]);
    expect((await stored()).workshop.step).toBe('solutions');

    const picked = await slack.d.edit(FAC, 'departmentEdit', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === x.digitalRenamed), op: 'remove' }));
    const confirm = answeredView(picked.sent);
    expect(confirm.callback_id).toBe('departmentRemove');
    // The confirmation already says it owns a solution; the engine decides, and says so.
    expect(shown(confirm.blocks)).toContain(t('present:forms.departmentRemove.solutions', { count: 1 }));
    const answer = await slack.d.submitNext(FAC, picked, {});
    const notice = answeredView(answer.sent);
    expect(notice.callback_id).toBeUndefined();
    expect(shown(notice.title)).toContain(t('present:forms.departmentRemove.title'));
    expect(shown(notice.blocks)).toContain(refusal('errors.departmentInUse', { name: x.digitalRenamed }));
    const after = await stored();
    expect(after.departments.map((dep) => dep.id)).toContain(digital.id);
    expect(after.solutions[0]!.departmentId).toBe(digital.id);
  });

  it(`changes the workshop’s language to ${other}: the messages are redrawn in it, and every answer after is in it`, async () => {
    const o = translator(other);
    // Answers in the workshop's language so far, on both replicas.
    let from = slack.d.mark();
    await slack.d.choose(ANA, 'framingEdit');
    await slack.d.choose(ANA, 'framingEdit');
    expect(slack.d.toldTo(ANA, from)).toEqual([expect.stringContaining(refusal('errors.notFacilitator')), expect.stringContaining(refusal('errors.notFacilitator'))]);

    from = slack.d.mark();
    const { sent, view } = await slack.d.edit(FAC, 'framingEdit', (form) => {
      const language = (form.blocks as { block_id?: string; element?: { initial_option?: { value: string }; options?: { value: string; text: { text: string } }[] } }[]).find((b) => b.block_id === 'language')!.element!;
      expect(language.initial_option?.value).toBe(lang);
      expect(language.options!.map((c) => [c.value, c.text.text])).toEqual([['fr', 'Français'], ['en', 'English']]);
      return { title: x.title, scope: '', language: other, mode: 'async', basis: 'data', voteBudget: 3, voteCap: 1 };
    });
    expect(shown(view.blocks)).toContain(t('present:forms.framingEdit.languageHint').slice(0, 40));
    expect(sent.body).toBe('');
    expect((await stored()).workshop).toMatchObject({ language: other, title: x.title });

    // The anchor and the step message are redrawn in the new language.
    const step = await slack.d.stepMessage();
    expect(slack.fake.calls.slice(from).some((c) => c.method === 'chat.update' && c.args.ts === step.ts)).toBe(true);
    expect(shown(step.blocks)).toContain(o('present:asks.solutions').slice(0, 40));
    expect(shown(step.blocks)).not.toContain(t('present:asks.solutions').slice(0, 40));
    expect(shown(step.blocks)).not.toContain(o('present:menus.settings.placeholder'));
    // The facilitator's controls, which are in no channel message, are told to them again in the new language.
    const controls = slack.fake.calls.slice(from).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === FAC.id).map((c) => shown(c.args.blocks));
    expect(controls.join()).toContain(o('present:menus.settings.placeholder'));
    expect(controls.join()).not.toContain(t('present:menus.settings.placeholder'));
    expect(shown((await slack.d.anchorMessage()).blocks)).toContain(o('present:facts.departments'));

    // Private answers, on either replica, and forms: all in the new language.
    from = slack.d.mark();
    await slack.d.choose(ANA, 'framingEdit');
    await slack.d.choose(ANA, 'departmentEdit');
    expect(slack.d.toldTo(ANA, from)).toEqual([
      expect.stringContaining(refusal('errors.notFacilitator', {}, other)), expect.stringContaining(refusal('errors.notFacilitator', {}, other)),
    ]);
    from = slack.d.mark();
    await slack.d.click(ANA, 'vote');
    expect(slack.d.toldTo(ANA, from).join()).toContain(o('present:notices.voted'));
    const picked = await slack.d.edit(FAC, 'departmentEdit', (form) => {
      expect(shown(form.title)).toContain(o('present:forms.departmentEdit.title'));
      return { departmentId: Driver.choice(form, 'departmentId', (l) => l === x.digitalRenamed), op: 'remove' };
    });
    const notice = answeredView((await slack.d.submitNext(FAC, picked, {})).sent);
    expect(shown(notice.blocks)).toContain(refusal('errors.departmentInUse', { name: x.digitalRenamed }, other));
    // What people wrote stays as they wrote it.
    expect((await stored()).solutions[0]!.text).toBe(x.solution);
  });

  it('kept every view and message within Block Kit’s limits', () => {
    expect(expectWithinLimits(slack.fake)).toBeGreaterThan(40);
  });
});
