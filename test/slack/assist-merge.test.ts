// Merging near-duplicates and the target journey's story through the real Bolt app, with the real `openai` SDK
// talking to a local fake OpenAI-compatible server. The facilitator's "Find duplicates" brings a private list of
// merges — the model's groups, or the built-in method's when the model answers an id that is not the workshop's
// or when no model is set up — each applied by its "Merge" click, which says where the votes went. On a target
// journey's roadmap step, "Draft the story" brings a private draft: approved as it is, or edited in a form; the
// story approved goes out in the final summary and the roadmap document. No request names a person or a Slack id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { answer, type FakeOpenAI } from '../llm/helpers/fake-openai.js';
import { dataOf } from '../llm/helpers/setup.js';
import { aiEnv, closeAll, runAs } from '../llm/helpers/suite.js';
import type { TestDatabase } from '../helpers/database.js';
import { openSlackAiWorld, withAction as withActionIn } from './helpers/ai.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import type { FakeSlack } from './helpers/fake-slack.js';
import { buttons, expectWithinLimits, findButton, startReplica, TEAM, type Replica } from './helpers/harness.js';
import { ANA, BOB, FAC } from './helpers/users.js';

const t = translator('en');
const p = (key: string, params?: Record<string, unknown>) => t(`present:${key}`, params);
const png = async () => [{ name: 'map', png: Buffer.from('\x89PNG fake', 'latin1') }];

describe('Merges and the target journey’s story in Slack', () => {
  let db: TestDatabase;
  let slack: FakeSlack;
  let model: FakeOpenAI;
  let replica: Replica;
  let d: Driver;
  let workshopId = '';
  let stageId = '';
  let sales = '';

  const start = async (ai: boolean) => {
    await replica?.server.close();
    replica = await startReplica({ databaseUrl: db.rawUrl, fake: slack, renderMap: png, ...(ai ? { env: aiEnv(model) } : {}) });
    d = new Driver(slack, [replica], db.prisma);
  };
  /** Runs an engine command as a person, straight (no Slack message follows it). */
  const as = (user: { id: string; name: string }, workshop = () => workshopId) => async (command: Record<string, unknown>) =>
    runAs(replica.server, await replica.server.layer.workspaceOf('slack', TEAM.id), user, { workshopId: workshop(), ...command });

  beforeAll(async () => {
    ({ db, slack, model } = await openSlackAiWorld());
    await start(true);
    await d.command(FAC, 'new en');
    await d.submit(FAC, d.lastModal(FAC), {
      title: 'Furniture pick-up', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Get my furniture fast',
      department_0: 'Sales', department_1: 'Stores', voteBudget: 3,
    });
    workshopId = (await db.prisma.workshop.findFirstOrThrow()).id;
    sales = (await db.prisma.department.findFirstOrThrow({ where: { name: 'Sales' } })).id;
    for (const user of [ANA, BOB]) await d.fill(user, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === 'Sales') }));
    await as(FAC)({ type: 'advanceStep' });
    await as(FAC)({ type: 'advanceStep' });
    stageId = (await as(ANA)({ type: 'addStage', label: 'I pick up my furniture', phase: 'after' })).stageId!;
    await as(FAC)({ type: 'advanceStep' });
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('touchpoints');
  }, 60_000);

  afterAll(() => closeAll(replica?.server, model, slack, db));

  const withAction = (user: { id: string }, from: number, action: string) => withActionIn(slack, user, from, action);
  const clickIn = async (user: { id: string; name: string }, blocks: unknown[], action: string, match?: (v: string) => boolean) => d.clickButton(user, findButton(blocks, action, match), await d.stepMessage());
  /** The facilitator's controls, a click on one of their buttons, and the private message that follows with `offered`'s buttons. */
  const ask = async (action: string, offered: string) => {
    const controls = (await d.command(FAC, 'controls')).json().blocks as unknown[];
    const from = d.mark();
    await clickIn(FAC, controls, action);
    const told = d.toldTo(FAC, from).join('\n');
    const list = withAction(FAC, from, offered).pop();
    return { told, list, text: String(list?.args.text ?? ''), blocks: (list?.args.blocks ?? []) as unknown[] };
  };

  let kept = '';
  let twin = '';

  it('proposes the model’s merge of a stage’s touchpoints privately, and merges them on the facilitator’s click only', async () => {
    kept = (await as(ANA)({ type: 'addTouchpoint', stageId, channel: 'Website', description: 'Order tracking page' })).touchpointId!;
    await as(BOB)({ type: 'addTouchpoint', stageId, channel: 'Phone', description: 'Call the store' });
    twin = (await as(BOB)({ type: 'addTouchpoint', stageId, channel: 'Web site', description: 'Tracking page for my order' })).touchpointId!;
    model.queue(answer({ groups: [{ keepId: kept, mergeIds: [twin], label: null }] }));
    const { told, list, text, blocks } = await ask('findDuplicates', 'merge');
    expect(told).toContain(p('assist.merge.coming'));
    expect(list, 'the proposed merges').toBeDefined();
    expect(text).toContain(`1. ${p('assist.merge.kinds.touchpoint')} · ${p('assist.merge.stage', { stage: '“I pick up my furniture”' })}`);
    expect(text).toContain(p('assist.merge.keep', { item: 'Website — “Order tracking page”' }));
    expect(text).toContain(p('assist.merge.into', { count: 1, items: 'Web site — “Tracking page for my order”' }));
    expect(text).not.toContain(t('assist:notice.off'));
    // The stage's touchpoints, in the order written, their channel with them; nothing else.
    expect(dataOf(model.requests.at(-1)!)).toEqual([
      { id: kept, text: 'Website — Order tracking page' }, { id: expect.any(String), text: 'Phone — Call the store' }, { id: twin, text: 'Web site — Tracking page for my order' },
    ]);
    expect(await db.prisma.touchpoint.count({ where: { workshopId } })).toBe(3);

    // Someone else clicking the button (a forged click) is refused by the engine.
    const forged = d.mark();
    await clickIn(ANA, blocks, 'merge');
    expect(d.toldTo(ANA, forged).join()).toContain(t('errors.notFacilitator'));
    const merged = d.mark();
    await clickIn(FAC, blocks, 'merge');
    expect(d.toldTo(FAC, merged).join()).toContain(p('assist.merge.done', { count: 1 }));
    expect((await db.prisma.touchpoint.findMany({ where: { workshopId }, select: { id: true } })).map((x) => x.id).sort()).not.toContain(twin);
    expect(await db.prisma.touchpoint.count({ where: { workshopId } })).toBe(2);
    const again = d.mark();
    await clickIn(FAC, blocks, 'merge');
    expect(d.toldTo(FAC, again).join()).toContain(p('assist.merge.already'));
  }, 30_000);

  let wait = '';
  let waiting = '';
  let parking = '';

  it('shows the votes and merges the model’s group of irritants, carrying votes within the cap and returning the rest', async () => {
    await as(FAC)({ type: 'advanceStep' });
    wait = (await as(ANA)({ type: 'addObservation', kind: 'irritant', text: 'Long wait at the pick-up desk', stageId })).observationId!;
    waiting = (await as(BOB)({ type: 'addObservation', kind: 'irritant', text: 'Waiting a long time at the pick-up desk', stageId })).observationId!;
    parking = (await as(ANA)({ type: 'addObservation', kind: 'irritant', text: 'Nowhere to park', stageId })).observationId!;
    await as(ANA)({ type: 'addObservation', kind: 'enchantment', text: 'Friendly staff', stageId });
    await as(ANA)({ type: 'vote', target: { observationId: wait } });
    await as(ANA)({ type: 'vote', target: { observationId: waiting } });
    await as(BOB)({ type: 'vote', target: { observationId: waiting } });
    await as(ANA)({ type: 'rateEmotion', stageId, score: -2 });
    // While the votes are secret, the facilitator's list says nothing of them.
    model.queue(answer({ groups: [{ keepId: wait, mergeIds: [waiting], label: null }] }));
    const secret = await ask('findDuplicates', 'merge');
    expect(secret.text).toContain(p('assist.merge.keep', { item: '“Long wait at the pick-up desk”' }));
    expect(secret.text).not.toMatch(/\(\d+ votes?\)/);
    await as(FAC)({ type: 'revealVotes', step: 'evaluation' });

    model.queue(answer({ groups: [{ keepId: wait, mergeIds: [waiting], label: null }] }));
    const asked = model.requests.length;
    const { list, text, blocks } = await ask('findDuplicates', 'merge');
    expect(list, 'the proposed merges').toBeDefined();
    // One call: the stage's irritants (the lone enchantment has nothing to compare).
    expect(model.requests.length).toBe(asked + 1);
    expect(dataOf(model.requests.at(-1)!).map((x) => x.text)).toEqual(['Long wait at the pick-up desk', 'Waiting a long time at the pick-up desk', 'Nowhere to park']);
    expect(text).toContain(p('assist.merge.keep', { item: p('assist.merge.withVotes', { text: '“Long wait at the pick-up desk”', count: 1 }) }));
    expect(text).toContain(p('assist.merge.withVotes', { text: '“Waiting a long time at the pick-up desk”', count: 2 }));

    const merged = d.mark();
    await clickIn(FAC, blocks, 'merge');
    const told = d.toldTo(FAC, merged).join();
    // ANA had a vote on the kept irritant already (cap 1): hers goes back to her; BOB's is carried over.
    expect(told).toContain(p('assist.merge.votesCarried', { count: 1 }));
    expect(told).toContain(p('assist.merge.votesReturned', { count: 1 }));
    expect(await db.prisma.observation.count({ where: { id: waiting } })).toBe(0);
    const votes = await db.prisma.vote.findMany({ where: { observationId: wait }, include: { participant: true } });
    expect(votes.map((v) => v.participant.userId).sort()).toEqual([ANA.id, BOB.id]);
    expect(d.toldTo(ANA, merged).length).toBeGreaterThan(0);
  }, 30_000);

  it('answers with the built-in method’s groups, saying so, when the model names an item that is not the workshop’s', async () => {
    const twinParking = (await as(BOB)({ type: 'addObservation', kind: 'irritant', text: 'Nowhere to park the car', stageId })).observationId!;
    model.queue(answer({ groups: [{ keepId: 'not-an-item-of-this-workshop', mergeIds: [parking], label: null }] }));
    const { text, blocks } = await ask('findDuplicates', 'merge');
    expect(text.indexOf(t('assist:notice.invalid'))).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(t('assist:notice.invalid'))).toBeLessThan(text.indexOf('1. '));
    expect(text).toContain(p('assist.merge.keep', { item: p('assist.merge.withVotes', { text: '“Nowhere to park”', count: 0 }) }));
    expect(text).not.toContain('not-an-item');
    expect(findButton(blocks, 'merge').value).toContain(`~${parking}~${twinParking}`);
  }, 30_000);

  it('with no model set up, proposes the built-in method’s merges with the notice that says so', async () => {
    await start(false);
    const asked = model.requests.length;
    const { text, blocks } = await ask('findDuplicates', 'merge');
    expect(text.indexOf(t('assist:notice.off'))).toBeGreaterThanOrEqual(0);
    expect(text).toContain('“Nowhere to park the car”');
    expect(model.requests).toHaveLength(asked);
    const merged = d.mark();
    await clickIn(FAC, blocks, 'merge');
    expect(d.toldTo(FAC, merged).join()).toContain(p('assist.merge.votesCarried', { count: 0 }));
    expect(await db.prisma.observation.count({ where: { workshopId, kind: 'irritant' } })).toBe(2);
    // Nothing left to merge: said in a line.
    const { told } = await ask('findDuplicates', 'merge');
    expect(told).toContain(p('assist.merge.nothing'));
    await start(true);
  }, 30_000);

  let target = '';
  let draft = '';

  it('drafts a target journey’s story for its facilitator, from the journey compared with the current one', async () => {
    await as(FAC)({ type: 'advanceStep' });
    await as(FAC)({ type: 'proposeSolution', text: 'Text customers when their order is ready', addresses: [wait], departmentId: sales });
    const solutionId = (await db.prisma.solution.findFirstOrThrow({ where: { workshopId } })).id;
    await as(ANA)({ type: 'rateSolution', solutionId, impact: 5, effort: 2 });
    await as(FAC)({ type: 'advanceStep' });
    await d.edit(FAC, 'targetJourney', { title: 'Furniture pick-up — target' });
    target = (await db.prisma.workshop.findFirstOrThrow({ where: { journey: 'target' } })).id;
    const inTarget = as(FAC, () => target);
    const targetStage = (await db.prisma.stage.findFirstOrThrow({ where: { workshopId: target } })).id;
    await inTarget({ type: 'advanceStep' });
    await inTarget({ type: 'advanceStep' });
    await inTarget({ type: 'rateEmotion', stageId: targetStage, score: 1 });
    // The target's evaluation names none of the current journey's irritants again: they are removed.
    const staff = (await inTarget({ type: 'addObservation', kind: 'enchantment', text: 'Friendly staff', stageId: targetStage })).observationId!;
    await inTarget({ type: 'advanceStep' });
    const targetSales = (await db.prisma.department.findFirstOrThrow({ where: { workshopId: target, name: 'Sales' } })).id;
    const kept = (await inTarget({ type: 'proposeSolution', text: 'Train every desk to greet customers by name', addresses: [staff], departmentId: targetSales })).solutionId!;
    await inTarget({ type: 'rateSolution', solutionId: kept, impact: 4, effort: 2 });
    await inTarget({ type: 'advanceStep' });
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: target } })).step).toBe('roadmap');

    draft = 'Claire orders online and knows when to come.\n\nAt the desk <!channel> her furniture is ready: she leaves in five minutes.';
    model.queue(answer({ text: draft }));
    const { told, list, text } = await ask('draftStory', 'approveStory');
    expect(told).toContain(p('assist.story.coming'));
    expect(list, 'the draft, privately').toBeDefined();
    expect(text).toContain(p('assist.story.heading'));
    expect(text).toContain('Claire orders online and knows when to come.');
    // The model's text is escaped like anything people write: it cannot mention the channel.
    expect(JSON.stringify(list!.args.blocks)).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(list!.args.blocks)).not.toContain('<!channel>');
    expect(JSON.stringify(list!.args.blocks)).toContain(p('assist.story.edit'));
    const sent = dataOf(model.requests.at(-1)!);
    expect(sent).toContainEqual(expect.objectContaining({ type: 'persona', text: 'Claire' }));
    expect(sent).toContainEqual(expect.objectContaining({ type: 'stage', id: targetStage, text: 'I pick up my furniture', emotionBefore: -2, emotionAfter: 1 }));
    expect(sent).toContainEqual(expect.objectContaining({ type: 'solution', text: 'Text customers when their order is ready', stageId: targetStage, department: 'Sales' }));
    expect(sent).toContainEqual(expect.objectContaining({ type: 'solution', text: 'Train every desk to greet customers by name', stageId: targetStage, department: 'Sales' }));
    expect(sent.filter((x) => x.type === 'removed').map((x) => x.text).sort()).toEqual(['Long wait at the pick-up desk', 'Nowhere to park']);
    // Nothing is stored until a click.
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: target } })).narrative).toBeNull();

    // A draft too long to carry on a button is shown whole, with the story form to paste it in.
    model.queue(answer({ text: 'Claire finds her furniture ready at the desk. '.repeat(40).trim() }));
    const long = await ask('draftStory', 'openForm');
    expect(JSON.stringify(long.blocks)).toContain(p('assist.story.tooLong'));
    expect(findButton(long.blocks, 'openForm').value).toMatch(/~story$/);
    expect(buttons(long.blocks).some((b) => b.action_id.split('.')[0] === 'approveStory')).toBe(false);
  }, 60_000);

  it('approves the draft on a click, edits it in the form, and the final summary and roadmap tell it', async () => {
    const offer = withAction(FAC, 0, 'approveStory').pop()!;
    const blocks = offer.args.blocks as unknown[];
    let from = d.mark();
    await clickIn(FAC, blocks, 'approveStory');
    expect(d.toldTo(FAC, from).join()).toContain(p('assist.story.approved'));
    // Stored as the engine keeps any text: its lines, without the blank ones.
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: target } })).narrative).toBe(draft); // paragraphs kept

    const opened = slack.of('views.open').length;
    await clickIn(FAC, blocks, 'editStory');
    expect(slack.of('views.open').length).toBe(opened + 1);
    const form = d.lastModal(FAC);
    expect(form.callback_id).toBe('story');
    expect(JSON.stringify(form)).toContain('Claire orders online and knows when to come.');
    const edited = 'Claire orders online and knows when to come.\n\nHer furniture is ready at the desk: she leaves in five minutes.';
    from = d.mark();
    await d.submit(FAC, form, { text: edited });
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: target } })).narrative).toBe(edited);
    expect(d.toldTo(FAC, from).join()).toContain(p('assist.story.approved'));

    const uploads = slack.uploads.length;
    const posted = d.mark();
    await d.click(FAC, 'close');
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: target } })).status).toBe('closed');
    const summary = slack.calls.slice(posted).filter((c) => c.method === 'chat.postMessage' && JSON.stringify(c.args.blocks ?? []).includes(p('summary.story'))).pop();
    expect(summary, 'the final summary, with the story').toBeDefined();
    expect(JSON.stringify(summary!.args.blocks)).toContain('Her furniture is ready at the desk: she leaves in five minutes.');
    const markdown = slack.uploads.slice(uploads).map((u) => u.bytes.toString('utf8')).find((x) => x.includes('# Roadmap'));
    expect(markdown, 'the roadmap document').toBeDefined();
    expect(markdown).toContain(`## ${t('render:roadmap.story')}\n\nClaire orders online and knows when to come.\n\nHer furniture is ready at the desk: she leaves in five minutes.`);
    expectWithinLimits(slack);
  }, 60_000);

  it('sends the model no person’s name and no Slack id', () => {
    expect(model.requests.length).toBeGreaterThanOrEqual(4);
    for (const request of model.requests) {
      const body = JSON.stringify(request.body);
      for (const id of [FAC.id, ANA.id, BOB.id, TEAM.id, CHANNEL]) expect(body).not.toContain(id);
      expect(body).not.toMatch(/\bU0[A-Z0-9]{2,}\b/);
      for (const name of [FAC.name, ANA.name, BOB.name]) expect(body).not.toMatch(new RegExp(`\\b${name}\\b`, 'i'));
    }
  });
});
