// Merging near-duplicates and the target journey's story through the real botbuilder adapter over /api/messages
// (local development mode, a fake Bot Connector), with the real `openai` SDK talking to a local fake
// OpenAI-compatible server. The facilitator's "Find duplicates" brings, in their 1:1 chat, the merges the model
// proposes — or the built-in method's, when the model names an item that is not the workshop's or no model is set
// up — each applied by its "Merge" click, which says where the votes went. A target journey's "Draft the story"
// brings a draft, approved by a click or edited in a form; the story approved is in the final summary. No request
// the model server receives names a person or carries a Teams id. Every card passes checkCard (the driver checks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import type { RunningServer } from '../../src/server.js';
import type { TestDatabase } from '../helpers/database.js';
import { answer, type FakeOpenAI } from '../llm/helpers/fake-openai.js';
import { dataOf } from '../llm/helpers/setup.js';
import { aiEnv, closeAll, runAs } from '../llm/helpers/suite.js';
import { has, openTeamsAiWorld } from './helpers/ai.js';
import { choice, hasSubmit, opens, PEOPLE, TeamsDriver, TENANT, thread, type Seen } from './helpers/driver.js';
import { cardText, type FakeConnector } from './helpers/fake-connector.js';
import { startTeams } from './helpers/turns.js';

const { facilitator: FAC, ana: ANA, bob: BOB } = PEOPLE;
const t = translator('en');
const p = (key: string, params?: Record<string, unknown>) => t(`present:${key}`, params);

describe('Merges and the target journey’s story in Teams', () => {
  const channel = '19:merge@thread.tacv2';
  let db: TestDatabase;
  let fake: FakeConnector;
  let model: FakeOpenAI;
  let server: RunningServer;
  let d: TeamsDriver;
  let root = '';
  let workshopId = '';
  let stageId = '';

  const start = async (ai: boolean) => {
    await server?.close();
    server = await startTeams(db.rawUrl, ai ? aiEnv(model) : {});
    d = new TeamsDriver(fake, [server]);
  };
  /** An engine command as a person; `viaTeams`: as if from the workshop's channel, so that what follows it is posted. */
  const as = (user: { id: string; name: string }, workshop = () => workshopId, viaTeams = false) => async (command: Record<string, unknown>) => {
    const workspaceId = await server.layer.workspaceOf('teams', TENANT);
    const origin = { platform: 'teams' as const, workspace: TENANT, userId: user.id, conversationId: channel, threadId: null };
    const result = await runAs(server, workspaceId, user, { workshopId: workshop(), ...command }, viaTeams ? { origin } : {});
    if (viaTeams) await d.settle();
    return result;
  };

  beforeAll(async () => {
    ({ db, fake, model } = await openTeamsAiWorld());
    await start(true);
    const since = d.mark();
    await d.say(FAC, channel, 'new en');
    await d.submit(FAC, d.latest(channel, hasSubmit, since), {
      title: 'Furniture pick-up', persona_name: 'Claire', goal: 'Get my furniture fast', department_0: 'Sales', department_1: 'Stores', voteBudget: '3',
    });
    root = d.messages(since).find((m) => m.conversation === channel && !hasSubmit(m.card) && cardText(m.card).includes('Furniture pick-up'))!.id;
    workshopId = (await db.prisma.workshop.findFirstOrThrow()).id;
    for (const user of [ANA, BOB]) {
      const join = await d.open(user, d.latest(thread(channel, root), (c) => cardText(c).includes('Step 1 of 7')), opens('join'));
      await d.submit(user, join, { departmentId: choice(join.card, 'departmentId', (title) => title === 'Sales') });
    }
    await as(FAC)({ type: 'advanceStep' });
    await as(FAC)({ type: 'advanceStep' });
    stageId = (await as(ANA)({ type: 'addStage', label: 'I pick up my furniture', phase: 'after' })).stageId!;
    await as(FAC)({ type: 'advanceStep' });
    await as(ANA)({ type: 'addTouchpoint', stageId, channel: 'Warehouse desk' });
    await as(FAC)({ type: 'advanceStep' });
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('evaluation');
  }, 60_000);

  afterAll(() => closeAll(server, model, fake, db));

  /** The facilitator's controls (asked in the channel), a click on `verb`, and the card with `offered` that follows in their 1:1 chat. */
  const ask = async (verb: string, offered: string): Promise<{ card: Seen | undefined; text: string; told: string }> => {
    const since = d.mark();
    await d.say(FAC, channel, 'controls');
    const controls = d.messages(since).filter((m) => has(verb)(m.card)).pop();
    expect(controls, `the facilitator’s controls, with ${verb}`).toBeDefined();
    const asked = d.mark();
    const clicked = await d.click(FAC, controls!, verb);
    const personal = d.personal(FAC, asked);
    const card = personal.filter((m) => has(offered)(m.card)).pop();
    return { card, text: card ? cardText(card.card) : '', told: [JSON.stringify(clicked.json), ...personal.map((m) => cardText(m.card))].join('\n') };
  };
  const toldBy = (answered: { json: unknown }, since: number) => [JSON.stringify(answered.json), ...d.personal(FAC, since).map((m) => cardText(m.card))].join('\n');

  let wait = '';
  let waiting = '';
  let parking = '';

  it('proposes the model’s merge with the votes shown, and merges on a click, carrying votes within the cap and returning the rest', async () => {
    wait = (await as(ANA)({ type: 'addObservation', kind: 'irritant', text: 'Long wait at the pick-up desk', stageId })).observationId!;
    waiting = (await as(BOB)({ type: 'addObservation', kind: 'irritant', text: 'Waiting a long time at the pick-up desk', stageId })).observationId!;
    parking = (await as(ANA)({ type: 'addObservation', kind: 'irritant', text: 'Nowhere to park', stageId })).observationId!;
    await as(ANA)({ type: 'vote', target: { observationId: wait } });
    await as(ANA)({ type: 'vote', target: { observationId: waiting } });
    await as(BOB)({ type: 'vote', target: { observationId: waiting } });
    await as(ANA)({ type: 'rateEmotion', stageId, score: -2 });
    await as(FAC)({ type: 'revealVotes', step: 'evaluation' });

    model.queue(answer({ groups: [{ keepId: wait, mergeIds: [waiting], label: null }] }));
    const { card, text, told } = await ask('findDuplicates', 'merge');
    expect(told).toContain(p('assist.merge.coming'));
    expect(card, 'the proposed merges, in the facilitator’s 1:1 chat').toBeDefined();
    expect(text).toContain(p('assist.merge.keep', { item: p('assist.merge.withVotes', { text: '“Long wait at the pick-up desk”', count: 1 }) }));
    expect(text).toContain(p('assist.merge.withVotes', { text: '“Waiting a long time at the pick-up desk”', count: 2 }));
    expect(text).not.toContain(t('assist:notice.off'));
    expect(dataOf(model.requests.at(-1)!)).toEqual([
      { id: wait, text: 'Long wait at the pick-up desk' }, { id: waiting, text: 'Waiting a long time at the pick-up desk' }, { id: parking, text: 'Nowhere to park' },
    ]);

    const since = d.mark();
    const answered = await d.click(FAC, card!, 'merge');
    const said = toldBy(answered, since);
    expect(said).toContain(p('assist.merge.done', { count: 1 }));
    expect(said).toContain(p('assist.merge.votesCarried', { count: 1 }));
    expect(said).toContain(p('assist.merge.votesReturned', { count: 1 }));
    expect(await db.prisma.observation.count({ where: { id: waiting } })).toBe(0);
    expect(await db.prisma.vote.count({ where: { observationId: wait } })).toBe(2);
    const again = d.mark();
    expect(toldBy(await d.click(FAC, card!, 'merge'), again)).toContain(p('assist.merge.already'));
  }, 30_000);

  let twinParking = '';

  it('answers with the built-in method’s groups, saying so, when the model names an item that is not the workshop’s', async () => {
    twinParking = (await as(BOB)({ type: 'addObservation', kind: 'irritant', text: 'Nowhere to park the car', stageId })).observationId!;
    model.queue(answer({ groups: [{ keepId: 'not-an-item-of-this-workshop', mergeIds: [parking], label: null }] }));
    const { card, text } = await ask('findDuplicates', 'merge');
    expect(card).toBeDefined();
    expect(text).toContain(t('assist:notice.invalid'));
    expect(text.indexOf(t('assist:notice.invalid'))).toBeLessThan(text.indexOf('“Nowhere to park”'));
    expect(text).toContain('“Nowhere to park the car”');
    expect(text).not.toContain('not-an-item');
  }, 30_000);

  it('with no model set up, proposes the built-in method’s merges with the notice that says so, merged by a click', async () => {
    await start(false);
    const asked = model.requests.length;
    const { card, text } = await ask('findDuplicates', 'merge');
    expect(text).toContain(t('assist:notice.off'));
    expect(model.requests).toHaveLength(asked);
    await d.click(FAC, card!, 'merge');
    expect(await db.prisma.observation.count({ where: { id: twinParking } })).toBe(0);
    await start(true);
  }, 30_000);

  let target = '';

  it('drafts the target journey’s story privately; approved by a click, edited in a form, told in the final summary', async () => {
    await as(FAC)({ type: 'advanceStep' });
    const sales = (await db.prisma.department.findFirstOrThrow({ where: { workshopId, name: 'Sales' } })).id;
    const solutionId = (await as(FAC)({ type: 'proposeSolution', text: 'Text customers when their order is ready', addresses: [wait], departmentId: sales })).solutionId!;
    await as(ANA)({ type: 'rateSolution', solutionId, impact: 5, effort: 2 });
    await as(FAC)({ type: 'advanceStep' });
    // Started from the channel, like the settings' form does: the target journey is that channel's workshop now.
    target = (await as(FAC, () => workshopId, true)({ type: 'startTargetJourney', title: 'Furniture pick-up — target' })).workshopId!;
    const inTarget = as(FAC, () => target);
    const targetStage = (await db.prisma.stage.findFirstOrThrow({ where: { workshopId: target } })).id;
    await inTarget({ type: 'advanceStep' });
    await inTarget({ type: 'advanceStep' });
    await inTarget({ type: 'rateEmotion', stageId: targetStage, score: 1 });
    const staff = (await inTarget({ type: 'addObservation', kind: 'enchantment', text: 'Friendly staff', stageId: targetStage })).observationId!;
    await inTarget({ type: 'advanceStep' });
    const targetSales = (await db.prisma.department.findFirstOrThrow({ where: { workshopId: target, name: 'Sales' } })).id;
    const kept = (await inTarget({ type: 'proposeSolution', text: 'Greet customers by name', addresses: [staff], departmentId: targetSales })).solutionId!;
    await inTarget({ type: 'rateSolution', solutionId: kept, impact: 4, effort: 2 });
    await inTarget({ type: 'advanceStep' });

    model.queue(answer({ text: 'Claire orders online and knows when to come.\nHer furniture is ready at the desk.' }));
    const { card, text, told } = await ask('draftStory', 'approveStory');
    expect(told).toContain(p('assist.story.coming'));
    expect(card, 'the draft, in the facilitator’s 1:1 chat').toBeDefined();
    expect(text).toContain('Claire orders online and knows when to come.');
    const sent = dataOf(model.requests.at(-1)!);
    expect(sent).toContainEqual(expect.objectContaining({ type: 'stage', text: 'I pick up my furniture', emotionBefore: -2, emotionAfter: 1 }));
    expect(sent).toContainEqual(expect.objectContaining({ type: 'solution', text: 'Text customers when their order is ready', department: 'Sales' }));
    expect(sent.filter((x) => x.type === 'removed').map((x) => x.text)).toEqual(['Long wait at the pick-up desk', 'Nowhere to park']);
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: target } })).narrative).toBeNull();

    let since = d.mark();
    expect(toldBy(await d.click(FAC, card!, 'approveStory'), since)).toContain(p('assist.story.approved'));
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: target } })).narrative).toBe('Claire orders online and knows when to come.\nHer furniture is ready at the desk.');

    const form = await d.open(FAC, card!, 'editStory');
    expect(cardText(form.card)).toContain(p('forms.story.title'));
    expect(JSON.stringify(form.card)).toContain('Claire orders online and knows when to come.');
    since = d.mark();
    await d.submit(FAC, form, { text: 'Claire orders online.\nShe leaves the desk in five minutes.' });
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: target } })).narrative).toBe('Claire orders online.\nShe leaves the desk in five minutes.');

    since = d.mark();
    await as(FAC, () => target, true)({ type: 'closeWorkshop' });
    const summary = d.messages(since).find((m) => cardText(m.card).includes(p('summary.story')));
    expect(summary, 'the final summary, with the story').toBeDefined();
    expect(cardText(summary!.card)).toContain('She leaves the desk in five minutes.');
  }, 60_000);

  it('sends the model no person’s name and no Teams id', () => {
    expect(model.requests.length).toBeGreaterThanOrEqual(3);
    for (const request of model.requests) {
      const body = JSON.stringify(request.body);
      for (const person of [FAC, ANA, BOB]) {
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
});
