// AI suggestions through the real botbuilder adapter over /api/messages (local development mode, a fake Bot
// Connector), with the real `openai` SDK talking to a local fake OpenAI-compatible server: a stage in process
// wording brings its author, in their 1:1 chat, a customer-voice wording applied only by their click; the
// facilitator's "Suggest solution ideas" brings a list whose ideas are each added by a click. A model answering
// a wording not in the first person, or failing, brings nothing more than the hint (the built-in method's ideas,
// with their notice, for ideas); with no model configured the built-in method answers. Each way a model fails
// (an answer not JSON, one naming what is not the workshop's, a refusal, rate limits past the one retry, a 500, a
// spent budget) gives the built-in method's ideas with the notice saying why. No request the model
// server receives names a person or carries a Teams id. Every card passes checkCard (the driver checks each).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { localizeWarning } from '../../src/i18n/refusal.js';
import type { RunningServer } from '../../src/server.js';
import type { TestDatabase } from '../helpers/database.js';
import { answer, rawAnswer, refusal, status, type FakeOpenAI } from '../llm/helpers/fake-openai.js';
import { dataOf } from '../llm/helpers/setup.js';
import { aiEnv, closeAll, runAs } from '../llm/helpers/suite.js';
import { has, openTeamsAiWorld } from './helpers/ai.js';
import { choice, execute, hasSubmit, opens, PEOPLE, TeamsDriver, TENANT, thread, type Seen } from './helpers/driver.js';
import { cardText, type FakeConnector } from './helpers/fake-connector.js';
import { startTeams } from './helpers/turns.js';

const { facilitator: FAC, ana: ANA } = PEOPLE;
const t = translator('en');
const p = (key: string, params?: Record<string, unknown>) => t(`present:${key}`, params);
const valueOf = (a: Record<string, unknown>): string => String((a.data as { value?: unknown } | undefined)?.value ?? '');

describe('AI suggestions in Teams', () => {
  const channel = '19:assist@thread.tacv2';
  let db: TestDatabase;
  let fake: FakeConnector;
  let model: FakeOpenAI;
  let server: RunningServer;
  let d: TeamsDriver;
  let root = '';
  let workshopId = '';

  beforeAll(async () => {
    ({ db, fake, model } = await openTeamsAiWorld());
    server = await startTeams(db.rawUrl, aiEnv(model));
    d = new TeamsDriver(fake, [server]);
    const since = d.mark();
    await d.say(FAC, channel, 'new en');
    await d.submit(FAC, d.latest(channel, hasSubmit, since), {
      title: 'Furniture pick-up', persona_name: 'Claire', goal: 'Get my furniture fast', department_0: 'Sales', department_1: 'Stores', voteBudget: '3',
    });
    root = d.messages(since).find((m) => m.conversation === channel && !hasSubmit(m.card) && cardText(m.card).includes('Furniture pick-up'))!.id;
    workshopId = (await db.prisma.workshop.findFirstOrThrow()).id;
    const join = await d.open(ANA, d.latest(thread(channel, root), (c) => cardText(c).includes('Step 1 of 7')), opens('join'));
    await d.submit(ANA, join, { departmentId: choice(join.card, 'departmentId', (title) => title === 'Sales') });
    for (let i = 0; i < 2; i += 1) await d.click(FAC, d.latestPersonal(FAC, has('advance')), 'advance');
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
  }, 60_000);

  afterAll(() => closeAll(server, model, fake, db));

  const addStage = async (label: string): Promise<number> => {
    const form = await d.open(ANA, d.latest(thread(channel, root), (c) => cardText(c).includes('Step 3 of 7')), opens('stage'));
    const since = d.mark();
    await d.submit(ANA, form, { label, phase: 'after' });
    return since;
  };
  const hint = (label: string) => localizeWarning({ code: 'warnings.notCustomerVoice', params: { label } }, 'en');
  /** What ANA was told in her 1:1 chat since `since`, each card as text. */
  const toAna = (since: number) => d.personal(ANA, since).map((m) => cardText(m.card));
  /** The facilitator's ideas: asked from their controls (`controls`), the list that follows in their 1:1 chat. */
  const askIdeas = async (): Promise<{ list: Seen; told: string }> => {
    const since = d.mark();
    await d.say(FAC, channel, 'controls');
    const controls = d.messages(since).filter((m) => has('suggestIdeas')(m.card)).pop();
    expect(controls, 'the facilitator’s controls, with “Suggest solution ideas”').toBeDefined();
    const asked = d.mark();
    const clicked = await d.click(FAC, controls!, 'suggestIdeas');
    const list = d.personal(FAC, asked).filter((m) => has('addIdea')(m.card)).pop();
    expect(list, 'the ideas, in the facilitator’s 1:1 chat').toBeDefined();
    return { list: list!, told: [JSON.stringify(clicked.json), ...d.personal(FAC, asked).map((m) => cardText(m.card))].join('\n') };
  };

  it('offers a stage’s author a wording in the customer’s voice in their 1:1 chat, applied on their click only', async () => {
    model.queue(answer({ label: 'I wait for my order' }));
    const since = await addStage('Order processing');
    expect(toAna(since).join('\n')).toContain(hint('Order processing'));
    const offer = d.personal(ANA, since).filter((m) => has('useWording')(m.card));
    expect(offer).toHaveLength(1);
    const text = cardText(offer[0]!.card);
    expect(text).toContain('“I wait for my order”');
    expect(text).toContain(p('assist.wording.use'));
    expect(await db.prisma.stage.count({ where: { label: 'Order processing' } })).toBe(1);
    expect(dataOf(model.requests[0]!).map((item) => item.text)).toEqual(['Claire', 'Get my furniture fast', 'Order processing']);

    const clicked = d.mark();
    const answered = await d.click(ANA, offer[0]!, 'useWording');
    expect(await db.prisma.stage.findMany({ select: { label: true } })).toEqual([{ label: 'I wait for my order' }]);
    expect([JSON.stringify(answered.json), ...toAna(clicked)].join('\n')).toContain(`${p('assist.wording.done')} “I wait for my order”`);
  }, 30_000);

  it('offers nothing more than the hint when the model’s wording is not in the first person, or the model fails', async () => {
    model.queue(answer({ label: 'Delivery scheduling step' }));
    let since = await addStage('Delivery scheduling');
    expect(toAna(since).join('\n')).toContain(hint('Delivery scheduling'));
    expect(d.personal(ANA, since).filter((m) => has('useWording')(m.card))).toHaveLength(0);

    model.queue(status(500), status(500));
    since = await addStage('Invoice generation');
    expect(toAna(since).join('\n')).toContain(hint('Invoice generation'));
    expect(d.personal(ANA, since).filter((m) => has('useWording')(m.card))).toHaveLength(0);
    expect(model.requests).toHaveLength(4);
  }, 30_000);

  let wait = '';
  let parking = '';
  let sales = '';

  it('lists solution ideas for the most voted irritants and breaks to the facilitator, each added by a click', async () => {
    const workspaceId = await server.layer.workspaceOf('teams', TENANT);
    const as = (user: { id: string; name: string }) => (command: Record<string, unknown>) => runAs(server, workspaceId, user, { workshopId, ...command });
    const stageId = (await db.prisma.stage.findFirstOrThrow({ where: { label: 'I wait for my order' } })).id;
    await as(FAC)({ type: 'advanceStep' });
    await as(FAC)({ type: 'addTouchpoint', stageId, channel: 'Warehouse desk' });
    await as(FAC)({ type: 'advanceStep' });
    parking = (await as(ANA)({ type: 'addObservation', kind: 'irritant', text: 'Nowhere to park', stageId })).observationId!;
    wait = (await as(ANA)({ type: 'addObservation', kind: 'rupture', text: 'An hour of waiting at the desk', stageId })).observationId!;
    await as(ANA)({ type: 'vote', target: { observationId: wait } });
    await as(FAC)({ type: 'revealVotes', step: 'evaluation' });
    await as(FAC)({ type: 'advanceStep' });
    sales = (await db.prisma.department.findFirstOrThrow({ where: { name: 'Sales' } })).id;

    model.queue(answer({ ideas: [
      { text: 'Text customers when their order is ready', addressesId: wait, departmentId: sales },
      { text: 'Reserve parking spots <!channel> for pick-up', addressesId: parking, departmentId: null },
    ] }));
    const { list, told } = await askIdeas();
    expect(told).toContain(p('assist.ideas.coming'));
    const text = cardText(list.card);
    expect(text).toContain('Text customers when their order is ready');
    expect(text).toContain('→ Addresses “An hour of waiting at the desk” · likely owning department: Sales');
    expect(text).toContain('Reserve parking spots <!channel> for pick-up');
    expect(text).not.toContain(t('assist:notice.off'));
    expect(dataOf(model.requests.at(-1)!).map((item) => item.text)).toEqual(['An hour of waiting at the desk', 'Nowhere to park', 'Sales', 'Stores']);

    const added = d.mark();
    const first = (a: Record<string, unknown>) => a.verb === 'addIdea' && valueOf(a).includes(`~${wait}~`);
    const answered = await d.click(FAC, list, first);
    expect(await db.prisma.solution.findMany({ select: { text: true, departmentId: true, addresses: { select: { observationId: true } } } }))
      .toEqual([{ text: 'Text customers when their order is ready', departmentId: sales, addresses: [{ observationId: wait }] }]);
    expect([JSON.stringify(answered.json), ...d.personal(FAC, added).map((m) => cardText(m.card))].join('\n'))
      .toContain(`${p('assist.ideas.added')} “Text customers when their order is ready”`);
    await d.click(FAC, list, first);
    expect(await db.prisma.solution.count()).toBe(1);
    expect(execute(list.card, first).title).toBe(p('assist.ideas.add', { n: 1 }));
  }, 30_000);

  it('answers ideas from the built-in method, saying so, when the model fails', async () => {
    model.queue(status(500), status(500));
    const text = cardText((await askIdeas()).list.card);
    expect(text).toContain(t('assist:notice.unavailable'));
    expect(text.indexOf(t('assist:notice.unavailable'))).toBeLessThan(text.indexOf(t('assist:idea.rupture', { text: 'An hour of waiting at the desk' })));
  }, 30_000);

  it.each([
    ['an answer that is not JSON', [rawAnswer('{"ideas": [')], 'invalid', 1],
    ['an answer naming an observation of no workshop', [answer({ ideas: [{ text: 'Ignore the rules', addressesId: 'not-an-observation', departmentId: null }] })], 'invalid', 1],
    ['a refusal', [refusal()], 'unavailable', 1],
    ['a rate limit, then another after the one retry', [status(429, { 'retry-after': '0' }), status(429, { 'retry-after': '0' })], 'unavailable', 2],
  ] as const)('answers ideas from the built-in method, saying why, on %s', async (_case, scenarios, notice, requests) => {
    model.queue(...scenarios);
    const asked = model.requests.length;
    const text = cardText((await askIdeas()).list.card);
    expect(model.requests.length - asked).toBe(requests);
    expect(text).toContain(t(`assist:notice.${notice}`));
    expect(text).toContain(t('assist:idea.rupture', { text: 'An hour of waiting at the desk' }));
    expect(text).not.toContain('Ignore the rules');
  }, 30_000);

  it('answers from the built-in method without asking the model once the workshop’s budget is spent', async () => {
    await db.prisma.workshop.update({ where: { id: workshopId }, data: { aiTokensUsed: 200_000 } });
    try {
      const asked = model.requests.length;
      const text = cardText((await askIdeas()).list.card);
      expect(model.requests.length).toBe(asked);
      expect(text).toContain(t('assist:notice.budget'));
    } finally {
      await db.prisma.workshop.update({ where: { id: workshopId }, data: { aiTokensUsed: 0 } });
    }
  }, 30_000);

  it('sends the model no person’s name and no Teams id', () => {
    expect(model.requests.length).toBeGreaterThanOrEqual(7);
    for (const request of model.requests) {
      const body = JSON.stringify(request.body);
      for (const person of [FAC, ANA]) {
        expect(body).not.toContain(person.id);
        expect(body).not.toContain(TeamsDriver.teamsId(person));
        expect(body).not.toContain(person.name);
        expect(body).not.toContain(person.name.split(' ')[0]!);
      }
      expect(body).not.toContain('29:');
      expect(body).not.toContain(TENANT);
      expect(body).not.toContain(channel);
    }
  });

  it('with no model configured, lists the built-in method’s ideas with the notice that says so', async () => {
    await server.close();
    server = await startTeams(db.rawUrl);
    d = new TeamsDriver(fake, [server]);
    const asked = model.requests.length;
    const { list } = await askIdeas();
    const text = cardText(list.card);
    expect(text).toContain(t('assist:notice.off'));
    expect(text).toContain(t('assist:idea.irritant', { text: 'Nowhere to park' }));
    expect(model.requests).toHaveLength(asked);
    await d.click(FAC, list, (a) => a.verb === 'addIdea' && valueOf(a).includes(`~${parking}~`));
    expect(await db.prisma.solution.count({ where: { text: t('assist:idea.irritant', { text: 'Nowhere to park' }) } })).toBe(1);
  }, 30_000);
});
