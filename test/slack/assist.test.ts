// AI suggestions through the real Bolt app, with the real `openai` SDK talking to a local fake OpenAI-compatible
// server: a stage in process wording brings its author a private customer-voice wording, applied only by their
// click; the facilitator's "Suggest solution ideas" brings a private list, each idea added by a click. A model
// that answers a wording not in the first person, or fails, brings nothing more than today's hint (or the
// built-in method's ideas, with a notice saying so); with no model configured the built-in method answers.
// Each way a model fails — an answer not JSON, one naming what is not the workshop's, a refusal, rate limits past
// the one retry, a 500, a spent budget — gives the built-in method's ideas with the notice saying why.
// No request the model server receives names a person or carries a Slack id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { localizeWarning } from '../../src/i18n/refusal.js';
import { answer, rawAnswer, refusal, status, type FakeOpenAI } from '../llm/helpers/fake-openai.js';
import { dataOf } from '../llm/helpers/setup.js';
import { aiEnv, closeAll, runAs } from '../llm/helpers/suite.js';
import type { TestDatabase } from '../helpers/database.js';
import { openSlackAiWorld, ephemerals as ephemeralsIn, withAction as withActionIn } from './helpers/ai.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import type { FakeSlack } from './helpers/fake-slack.js';
import { expectWithinLimits, findButton, startReplica, TEAM, type Replica } from './helpers/harness.js';
import { ANA, FAC } from './helpers/users.js';

const t = translator('en');
const p = (key: string, params?: Record<string, unknown>) => t(`present:${key}`, params);

describe('AI suggestions in Slack', () => {
  let db: TestDatabase;
  let slack: FakeSlack;
  let model: FakeOpenAI;
  let replica: Replica;
  let d: Driver;
  let workshopId = '';

  beforeAll(async () => {
    ({ db, slack, model } = await openSlackAiWorld());
    replica = await startReplica({ databaseUrl: db.rawUrl, fake: slack, env: aiEnv(model) });
    d = new Driver(slack, [replica], db.prisma);
    await d.command(FAC, 'new en');
    await d.submit(FAC, d.lastModal(FAC), {
      title: 'Furniture pick-up', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Get my furniture fast',
      department_0: 'Sales', department_1: 'Stores', voteBudget: 3,
    });
    workshopId = (await db.prisma.workshop.findFirstOrThrow()).id;
    await d.fill(ANA, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === 'Sales') }));
    await d.click(FAC, 'advance');
    await d.click(FAC, 'advance');
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
  }, 60_000);

  afterAll(() => closeAll(replica?.server, model, slack, db));

  const ephemerals = (user: { id: string }, from: number) => ephemeralsIn(slack, user, from);
  const withAction = (user: { id: string }, from: number, action: string) => withActionIn(slack, user, from, action);
  const clickIn = async (user: { id: string; name: string }, blocks: unknown[], action: string, match?: (v: string) => boolean) => {
    const step = await d.stepMessage();
    return d.clickButton(user, findButton(blocks, action, match), step);
  };

  it('offers a stage’s author a wording in the customer’s voice, privately, and applies it on their click only', async () => {
    model.queue(answer({ label: 'I wait for my order' }));
    const from = d.mark();
    await d.fill(ANA, 'stage', { label: 'Order processing', phase: 'purchase' });
    const told = d.toldTo(ANA, from).join('\n');
    expect(told).toContain(localizeWarning({ code: 'warnings.notCustomerVoice', params: { label: 'Order processing' } }, 'en'));
    const offers = withAction(ANA, from, 'useWording');
    expect(offers).toHaveLength(1);
    const offer = offers[0]!;
    expect(String(offer.args.text)).toContain('“I wait for my order”');
    expect(JSON.stringify(offer.args.blocks)).toContain(p('assist.wording.use'));
    // Not applied until clicked.
    expect(await db.prisma.stage.count({ where: { label: 'Order processing' } })).toBe(1);
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]!.body.model).toBe('parcours-test-model');
    expect(dataOf(model.requests[0]!).map((item) => item.text)).toEqual(['Claire', 'Get my furniture fast', 'Order processing']);

    const clicked = d.mark();
    await clickIn(ANA, offer.args.blocks as unknown[], 'useWording');
    expect(await db.prisma.stage.findMany({ select: { label: true } })).toEqual([{ label: 'I wait for my order' }]);
    expect(d.toldTo(ANA, clicked).join()).toContain(`${p('assist.wording.done')} “I wait for my order”`);
    expect(JSON.stringify((await d.stepMessage()).blocks)).toContain('I wait for my order');
    // The same button again changes nothing more.
    const again = d.mark();
    await clickIn(ANA, offer.args.blocks as unknown[], 'useWording');
    expect(d.toldTo(ANA, again).join()).toContain(p('assist.wording.already'));
  }, 30_000);

  it('offers nothing more than the hint when the model’s wording is not in the first person, or the model fails', async () => {
    model.queue(answer({ label: 'Delivery scheduling step' }));
    let from = d.mark();
    await d.fill(ANA, 'stage', { label: 'Delivery scheduling', phase: 'after' });
    expect(d.toldTo(ANA, from).join()).toContain(localizeWarning({ code: 'warnings.notCustomerVoice', params: { label: 'Delivery scheduling' } }, 'en'));
    expect(withAction(ANA, from, 'useWording')).toHaveLength(0);
    expect(ephemerals(ANA, from)).toHaveLength(1);

    model.queue(status(500), status(500));
    from = d.mark();
    await d.fill(ANA, 'stage', { label: 'Invoice generation', phase: 'after' });
    expect(withAction(ANA, from, 'useWording')).toHaveLength(0);
    expect(ephemerals(ANA, from)).toHaveLength(1);
    expect(model.requests).toHaveLength(4);
  }, 30_000);

  let wait = '';
  let parking = '';
  let sales = '';

  it('lists solution ideas for the most voted irritants and breaks to the facilitator, each added by a click', async () => {
    const workspaceId = await replica.server.layer.workspaceOf('slack', TEAM.id);
    const as = (user: { id: string; name: string }) => (command: Record<string, unknown>) => runAs(replica.server, workspaceId, user, { workshopId, ...command });
    const stageId = (await db.prisma.stage.findFirstOrThrow({ where: { label: 'I wait for my order' } })).id;
    await as(FAC)({ type: 'advanceStep' });
    await as(FAC)({ type: 'addTouchpoint', stageId, channel: 'Warehouse desk' });
    await as(FAC)({ type: 'advanceStep' });
    parking = (await as(ANA)({ type: 'addObservation', kind: 'irritant', text: 'Nowhere to park', stageId })).observationId!;
    wait = (await as(ANA)({ type: 'addObservation', kind: 'rupture', text: 'An hour of waiting at the desk', stageId })).observationId!;
    await as(ANA)({ type: 'addObservation', kind: 'enchantment', text: 'Friendly staff', stageId });
    await as(ANA)({ type: 'vote', target: { observationId: wait } });
    await as(FAC)({ type: 'revealVotes', step: 'evaluation' });
    await as(FAC)({ type: 'advanceStep' });
    sales = (await db.prisma.department.findFirstOrThrow({ where: { name: 'Sales' } })).id;

    const controls = (await d.command(FAC, 'controls')).json().blocks as unknown[];
    const ask = findButton(controls, 'suggestIdeas');
    expect(JSON.stringify(controls)).toContain(p('assist.ideas.suggest'));
    // Anyone else clicking it (a forged click) is refused, and nothing is asked of the model.
    const forged = d.mark();
    const before = model.requests.length;
    await d.clickButton(ANA, ask, await d.stepMessage());
    expect(d.toldTo(ANA, forged).join()).toContain(t('errors.notFacilitator'));
    expect(model.requests).toHaveLength(before);
    model.queue(answer({ ideas: [
      { text: 'Text customers when their order is ready', addressesId: wait, departmentId: sales },
      { text: 'Reserve parking spots <!channel> for pick-up', addressesId: parking, departmentId: null },
    ] }));
    const from = d.mark();
    await d.clickButton(FAC, ask, await d.stepMessage());
    expect(d.toldTo(FAC, from).join()).toContain(p('assist.ideas.coming'));
    const lists = withAction(FAC, from, 'addIdea');
    expect(lists).toHaveLength(1);
    const list = lists[0]!;
    const text = String(list.args.text);
    expect(text).toContain('1. Text customers when their order is ready');
    expect(text).toContain('→ Addresses “An hour of waiting at the desk” · likely owning department: Sales');
    // The model's text is escaped like anything people write: it cannot mention the channel.
    expect(JSON.stringify(list.args.blocks)).toContain('Reserve parking spots &lt;!channel&gt; for pick-up');
    expect(JSON.stringify(list.args.blocks)).not.toContain('<!channel>');
    expect(text).not.toContain(t('assist:notice.off'));
    // Most voted first; the enchantment is not sent; the departments are, by their own ids.
    const sent = dataOf(model.requests.at(-1)!);
    expect(sent.map((item) => item.text)).toEqual(['An hour of waiting at the desk', 'Nowhere to park', 'Sales', 'Stores']);
    expect(sent[0]).toMatchObject({ id: wait, type: 'rupture', votes: 1, stage: 'I wait for my order' });

    const added = d.mark();
    await clickIn(FAC, list.args.blocks as unknown[], 'addIdea', (v) => v.includes(`~${wait}~`));
    expect(await db.prisma.solution.findMany({ select: { text: true, departmentId: true, addresses: { select: { observationId: true } } } }))
      .toEqual([{ text: 'Text customers when their order is ready', departmentId: sales, addresses: [{ observationId: wait }] }]);
    expect(d.toldTo(FAC, added).join()).toContain(`${p('assist.ideas.added')} “Text customers when their order is ready”`);
    const twice = d.mark();
    await clickIn(FAC, list.args.blocks as unknown[], 'addIdea', (v) => v.includes(`~${wait}~`));
    expect(d.toldTo(FAC, twice).join()).toContain(p('assist.ideas.already'));
    expect(await db.prisma.solution.count()).toBe(1);
    expectWithinLimits(slack);
  }, 30_000);

  it('answers ideas from the built-in method, saying so, when the model fails', async () => {
    model.queue(status(500), status(500));
    const controls = (await d.command(FAC, 'controls')).json().blocks as unknown[];
    const from = d.mark();
    await d.clickButton(FAC, findButton(controls, 'suggestIdeas'), await d.stepMessage());
    const list = withAction(FAC, from, 'addIdea')[0]!;
    const text = String(list.args.text);
    expect(text.indexOf(t('assist:notice.unavailable'))).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(t('assist:notice.unavailable'))).toBeLessThan(text.indexOf('1. '));
    expect(text).toContain(t('assist:idea.rupture', { text: 'An hour of waiting at the desk' }));
  }, 30_000);

  /** The facilitator's "Suggest solution ideas": the private list's text, and how many requests the model got. */
  const askIdeas = async () => {
    const asked = model.requests.length;
    const controls = (await d.command(FAC, 'controls')).json().blocks as unknown[];
    const from = d.mark();
    await d.clickButton(FAC, findButton(controls, 'suggestIdeas'), await d.stepMessage());
    const list = withAction(FAC, from, 'addIdea')[0];
    return { text: String(list?.args.text ?? ''), requests: model.requests.length - asked };
  };

  it.each([
    ['an answer that is not JSON', [rawAnswer('{"ideas": [')], 'invalid', 1],
    ['an answer naming an observation of no workshop', [answer({ ideas: [{ text: 'Ignore the rules', addressesId: 'not-an-observation', departmentId: null }] })], 'invalid', 1],
    ['a refusal', [refusal()], 'unavailable', 1],
    ['a rate limit, then another after the one retry', [status(429, { 'retry-after': '0' }), status(429, { 'retry-after': '0' })], 'unavailable', 2],
  ] as const)('answers ideas from the built-in method, saying why, on %s', async (_case, scenarios, notice, requests) => {
    model.queue(...scenarios);
    const got = await askIdeas();
    expect(got.requests).toBe(requests);
    expect(got.text.indexOf(t(`assist:notice.${notice}`))).toBeGreaterThanOrEqual(0);
    expect(got.text).toContain(t('assist:idea.rupture', { text: 'An hour of waiting at the desk' }));
    expect(got.text).not.toContain('Ignore the rules');
  }, 30_000);

  it('answers from the built-in method without asking the model once the workshop’s budget is spent', async () => {
    await db.prisma.workshop.update({ where: { id: workshopId }, data: { aiTokensUsed: 200_000 } });
    try {
      const got = await askIdeas();
      expect(got.requests).toBe(0);
      expect(got.text.indexOf(t('assist:notice.budget'))).toBeGreaterThanOrEqual(0);
      expect(got.text).toContain(t('assist:idea.rupture', { text: 'An hour of waiting at the desk' }));
    } finally {
      await db.prisma.workshop.update({ where: { id: workshopId }, data: { aiTokensUsed: 0 } });
    }
  }, 30_000);

  it('sends the model no person’s name and no Slack id', () => {
    expect(model.requests.length).toBeGreaterThanOrEqual(7);
    for (const request of model.requests) {
      const body = JSON.stringify(request.body);
      for (const id of [FAC.id, ANA.id, TEAM.id, CHANNEL]) expect(body).not.toContain(id);
      expect(body).not.toMatch(/"U0[A-Z0-9]+"|\bU0[A-Z0-9]{2,}\b/);
      for (const name of [FAC.name, ANA.name]) expect(body).not.toMatch(new RegExp(`\\b${name}\\b`, 'i'));
    }
  });

  it('with no model configured, lists the built-in method’s ideas with the notice that says so', async () => {
    await replica.server.close();
    replica = await startReplica({ databaseUrl: db.rawUrl, fake: slack });
    d = new Driver(slack, [replica], db.prisma);
    const asked = model.requests.length;
    const controls = (await d.command(FAC, 'controls')).json().blocks as unknown[];
    const from = d.mark();
    await d.clickButton(FAC, findButton(controls, 'suggestIdeas'), await d.stepMessage());
    const list = withAction(FAC, from, 'addIdea')[0]!;
    const text = String(list.args.text);
    expect(text.indexOf(t('assist:notice.off'))).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(t('assist:notice.off'))).toBeLessThan(text.indexOf('1. '));
    expect(text).toContain(`1. ${t('assist:idea.rupture', { text: 'An hour of waiting at the desk' })}`);
    expect(text).toContain(`2. ${t('assist:idea.irritant', { text: 'Nowhere to park' })}`);
    expect(model.requests).toHaveLength(asked);
    // The built-in method's idea is added like any other.
    await clickIn(FAC, list.args.blocks as unknown[], 'addIdea', (v) => v.includes(`~${parking}~`));
    expect(await db.prisma.solution.count({ where: { text: t('assist:idea.irritant', { text: 'Nowhere to park' }) } })).toBe(1);
  }, 30_000);
});

