// Reminders, deadlines and the nudge through the real Bolt app and a fake Slack, with the application's clock
// moved by hand and the scheduler ticked by the test: each person's time zone comes from users.info, a reminder
// is a direct message whose button opens the form it speaks of, the facilitator's nudge is one of their
// private controls, and the deadline passing is told to the facilitator privately in the workshop's thread. A
// person's direct message channel is opened once (again only when Slack no longer knows it), and a users.info
// that Slack refuses is not asked again for a day. On both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providers, serverProvider, type TestDatabase } from '../helpers/database.js';
import { CHANNEL, type Driver } from './helpers/driver.js';
import type { FakeSlack } from './helpers/fake-slack.js';
import { closeTimedWorld, openTimedWorld } from './helpers/timed-suite.js';
import { handClock, HOUR, T0 } from './helpers/clock.js';
import { blockAction, buttons, findButton, FORM, TEAM, tickReplica, type Replica, type User } from './helpers/harness.js';
import { ANA, BOB, FAC } from './helpers/users.js';

const clock = handClock();
const at = (hours: number) => clock.at(hours * HOUR);

describe.each(providers)('reminders through Slack, on %s', (provider) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;
  let d: Driver;

  beforeAll(async () => {
    ({ db, fake, replica, d } = await openTimedWorld(provider, clock, (f) => f.timeZones.set(BOB.id, 'Asia/Tokyo')));
  });

  afterAll(() => closeTimedWorld({ replica, fake, db }));

  const settle = () => replica.slack.idle();
  const tick = () => tickReplica(replica);
  /** The direct messages a person got since a mark (conversations.open gives D… for U…). */
  const dms = (user: User, from = 0) => fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === `D${user.id.replace(/^U/, '')}`);
  const ephemeralsTo = (user: User, from = 0) => fake.calls.slice(from).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === user.id);
  const opens = (user: User, from = 0) => fake.calls.slice(from).filter((c) => c.method === 'conversations.open' && c.args.users === user.id);

  it('reminds who owes something in their working hours, with a button to the form; nudges on the facilitator’s click; asks the facilitator at the deadline', async () => {
    at(0);
    await d.command(FAC, 'new en');
    await d.submit(FAC, d.lastModal(FAC), { title: 'Furniture store — pick-up', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast', department_0: 'Sales', voteBudget: 2 });
    for (const person of [ANA, BOB]) await d.fill(person, 'join', {});
    await d.click(FAC, 'advance');
    await d.click(FAC, 'advance');
    await settle();
    expect((await d.stepMessage()).text).toContain('stages');
    const conv = await d.conversation();
    const workspaceId = conv.workspaceId;
    const outcome = await replica.server.engine.execute({ workspaceId, userId: FAC.id, displayName: FAC.name }, { type: 'setDeadline', workshopId: conv.workshopId, step: 'stages', dueAt: new Date(T0 + 26 * HOUR) }, {
      origin: { platform: 'slack', workspace: TEAM.id, userId: FAC.id, conversationId: CHANNEL, threadId: conv.anchorTs },
    });
    expect(outcome.ok).toBe(true);
    await settle();

    // 12:00 UTC: Ana (Paris, 13:00) is reminded; Bob (Tokyo, 21:00) waits for his morning.
    at(2);
    const mark = fake.calls.length;
    await tick();
    expect(fake.calls.slice(mark).filter((c) => c.method === 'users.info').map((c) => c.args.user).sort()).toEqual([ANA.id, BOB.id, FAC.id].sort());
    expect(dms(BOB, mark)).toEqual([]);
    const reminder = dms(ANA, mark);
    expect(reminder).toHaveLength(1);
    const blocks = reminder[0]!.args.blocks as unknown[];
    expect(JSON.stringify(blocks)).toContain('Left for you in the stages step: add a stage.');
    expect(JSON.stringify(blocks)).toContain('https://'); // the step message's permalink
    expect(buttons(blocks).map((b) => b.action_id.split('.')[0])).toEqual(['openForm']);
    expect(await db.prisma.person.findMany({ where: { workspaceId }, orderBy: { userId: 'asc' }, select: { userId: true, timeZone: true } })).toEqual([
      { userId: ANA.id, timeZone: 'Europe/Paris' }, { userId: BOB.id, timeZone: 'Asia/Tokyo' }, { userId: FAC.id, timeZone: 'Europe/Paris' },
    ].sort((a, b) => a.userId.localeCompare(b.userId)));

    // The reminder's button opens the stage form, from the direct message.
    const opened = fake.of('views.open').length;
    await d.send(blockAction(ANA, findButton(blocks, 'openForm'), { channel: String(reminder[0]!.args.channel), messageTs: String(reminder[0]!.response?.ts ?? '1.1') }), FORM);
    await settle();
    expect(fake.of('views.open').length).toBe(opened + 1);
    await d.submit(ANA, d.lastModal(ANA), { label: 'I pick up my furniture at the warehouse desk', phase: 'after' });
    await settle();

    // Bob's 9:00 in Tokyo (00:00 UTC): his reminder, not asked again.
    at(14);
    const morning = fake.calls.length;
    await tick();
    expect(dms(BOB, morning)).toHaveLength(1);
    expect(opens(BOB, morning)).toHaveLength(1);
    expect(fake.calls.slice(morning).filter((c) => c.method === 'users.info')).toEqual([]);
    expect(dms(ANA, morning)).toEqual([]);

    // The facilitator's nudge, among their private controls: Bob is reminded at once (Ana has done everything); a second is too soon.
    at(15);
    const nudge = fake.calls.length;
    await d.click(FAC, 'nudge');
    await settle();
    expect(dms(BOB, nudge)).toHaveLength(1);
    // His direct message channel is known since this morning's reminder: no conversations.open again.
    expect(opens(BOB, nudge)).toEqual([]);
    expect(dms(ANA, nudge)).toEqual([]);
    expect(JSON.stringify(ephemeralsTo(FAC, nudge).map((c) => c.args.blocks))).toContain('A reminder is on its way to the 1 person');
    await d.click(FAC, 'nudge');
    await settle();
    expect(JSON.stringify(ephemeralsTo(FAC, nudge).map((c) => c.args.blocks))).toContain('You can remind them again in 60 minutes.');
    // No channel message carries the nudge.
    expect(buttons((await d.stepMessage()).blocks).map((b) => b.action_id.split('.')[0])).not.toContain('nudge');

    // An hour later, Slack no longer knows the channel remembered for Bob: it is opened again, once, and the reminder arrives.
    at(16.5);
    const gone = fake.calls.length;
    fake.fail('chat.postMessage', { error: 'channel_not_found' }, 1, (a) => a.channel === `D${BOB.id.replace(/^U/, '')}`);
    await d.click(FAC, 'nudge');
    await settle();
    expect(dms(BOB, gone).map((c) => c.response?.ok ?? false)).toEqual([false, true]);
    expect(opens(BOB, gone)).toHaveLength(1);

    // The deadline passes: the facilitator is asked privately, in the workshop's thread, with the next step button.
    at(26);
    const deadline = fake.calls.length;
    await tick();
    const told = ephemeralsTo(FAC, deadline);
    expect(told).toHaveLength(1);
    expect(told[0]!.args).toMatchObject({ channel: CHANNEL, thread_ts: conv.anchorTs });
    expect(JSON.stringify(told[0]!.args.blocks)).toContain('The deadline of the stages step of “Furniture store — pick-up” has passed.');
    expect(buttons(told[0]!.args.blocks as unknown[]).map((b) => b.action_id.split('.')[0])).toContain('advance');
    expect(dms(BOB, deadline)).toEqual([]);
  });
});

describe.each(providers)('the daily digest and moving on at the deadline through Slack, on %s', (provider) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;
  let d: Driver;

  beforeAll(async () => {
    ({ db, fake, replica, d } = await openTimedWorld(provider, clock));
  });

  afterAll(() => closeTimedWorld({ replica, fake, db }));

  const settle = () => replica.slack.idle();
  const tick = () => tickReplica(replica);

  it('moves on by itself at the deadline when the workshop says so, and posts the daily digest in the thread on days with news only', async () => {
    at(100);
    await d.command(FAC, 'new en');
    await d.submit(FAC, d.lastModal(FAC), { title: 'Online orders — digest', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Order fast', department_0: 'Sales', voteBudget: 2 });
    await d.fill(ANA, 'join', {});
    await d.click(FAC, 'advance');
    await d.click(FAC, 'advance');
    await settle();
    const conv = await d.conversation();
    const actor = { workspaceId: conv.workspaceId, userId: FAC.id, displayName: FAC.name };
    const origin = { platform: 'slack' as const, workspace: TEAM.id, userId: FAC.id, conversationId: CHANNEL, threadId: conv.anchorTs };
    // Digest at 9:00 in Paris; the stages step ends at 100 + 30 h, and then the workshop moves on by itself.
    for (const command of [
      { type: 'setTiming', workshopId: conv.workshopId, reminderHours: [], autoAdvance: true, digestHour: 9, digestTimeZone: 'Europe/Paris' },
      { type: 'setDeadline', workshopId: conv.workshopId, step: 'stages', dueAt: new Date(T0 + 130 * HOUR) },
    ]) expect((await replica.server.engine.execute(actor, command, { origin })).ok).toBe(true);
    await replica.server.engine.execute({ workspaceId: conv.workspaceId, userId: ANA.id, displayName: ANA.name }, { type: 'addStage', workshopId: conv.workshopId, label: 'I order my sofa online', phase: 'purchase' }, { origin: { ...origin, userId: ANA.id } });
    await settle();
    const inThread = (from: number) => fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === CHANNEL && c.args.thread_ts === conv.anchorTs);

    // T0 + 100 h is Friday 6 March, 14:00 UTC; the next 9:00 in Paris is Saturday's (8:00 UTC, + 18 h).
    at(118);
    const morning = fake.calls.length;
    await tick();
    const digest = inThread(morning);
    expect(digest).toHaveLength(1);
    expect(JSON.stringify(digest[0]!.args.blocks)).toContain('Daily digest — Online orders — digest');
    expect(JSON.stringify(digest[0]!.args.blocks)).toContain('1 stage');

    // Sunday: nothing new, no digest.
    at(142);
    const quiet = fake.calls.length;
    // The deadline (+ 130 h) passed before: the workshop moved on to the touchpoints step by itself.
    await tick();
    expect(inThread(quiet).filter((c) => JSON.stringify(c.args.blocks).includes('Daily digest'))).toEqual([]);
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: conv.workshopId } })).step).toBe('touchpoints');
  });
});

describe(`a time zone Slack refuses to give, on ${serverProvider}`, () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;
  let d: Driver;

  beforeAll(async () => {
    ({ db, fake, replica, d } = await openTimedWorld(serverProvider, clock, (f) => {
      // An install made before users:read was asked for answers missing_scope for Ana, every time.
      f.refusedUsersInfo.set(ANA.id, 'missing_scope');
      f.timeZones.set(BOB.id, 'Asia/Tokyo');
    }));
  });

  afterAll(() => closeTimedWorld({ replica, fake, db }));

  const settle = () => replica.slack.idle();
  const tick = () => tickReplica(replica);
  const asked = (from: number) => fake.calls.slice(from).filter((c) => c.method === 'users.info').map((c) => String(c.args.user)).sort();

  it('is not asked again for a day; a passing failure is asked again on the next round', async () => {
    at(168); // Monday 9 March, 10:00 UTC
    await d.command(FAC, 'new en');
    await d.submit(FAC, d.lastModal(FAC), { title: 'Returns — refused', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Return fast', department_0: 'Sales', voteBudget: 2 });
    for (const person of [ANA, BOB]) await d.fill(person, 'join', {});
    await d.click(FAC, 'advance');
    await d.click(FAC, 'advance');
    await settle();
    const conv = await d.conversation();
    const actor = { workspaceId: conv.workspaceId, userId: FAC.id, displayName: FAC.name };
    const origin = { platform: 'slack' as const, workspace: TEAM.id, userId: FAC.id, conversationId: CHANNEL, threadId: conv.anchorTs };
    const deadline = async (hours: number) => {
      expect((await replica.server.engine.execute(actor, { type: 'setDeadline', workshopId: conv.workshopId, step: 'stages', dueAt: new Date(T0 + hours * HOUR) }, { origin })).ok).toBe(true);
      await settle();
    };
    const dmChannel = (user: User) => `D${user.id.replace(/^U/, '')}`;
    const reminded = (from: number) => fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && String(c.args.channel).startsWith('D')).map((c) => String(c.args.channel)).sort();
    // Reminders 24 h and 1 h before the deadline: Monday 16:00 UTC (+ 174 h) and Tuesday 15:00 UTC (+ 197 h).
    await deadline(198);

    // First round: each is asked; Ana is refused, Bob's answer fails for a moment (Slack's internal_error), the facilitator's comes.
    at(174);
    fake.fail('users.info', { error: 'internal_error' }, 1, (a) => a.user === BOB.id);
    const first = fake.calls.length;
    await tick();
    expect(asked(first)).toEqual([ANA.id, BOB.id, FAC.id].sort());
    expect(await db.prisma.person.findMany({ where: { workspaceId: conv.workspaceId, timeZone: { not: null } }, select: { userId: true } })).toEqual([{ userId: FAC.id }]);
    // Neither zone known: the facilitator's (Paris, 17:00) stands for theirs, and both are reminded.
    expect(reminded(first)).toEqual([dmChannel(ANA), dmChannel(BOB)].sort());

    // 23 hours later, the hour-before round: Ana's refusal still stands; Bob is asked again (Tokyo: midnight, he waits).
    at(197);
    const second = fake.calls.length;
    await tick();
    expect(asked(second)).toEqual([BOB.id]);
    expect(reminded(second)).toEqual([dmChannel(ANA)]);

    // A later deadline, whose first reminder (Tuesday 22:00 UTC) comes more than a day after the refusal: Ana is
    // asked once more, refused again; it is night in Paris and in Tokyo, so each waits for their morning.
    await deadline(228);
    at(204);
    const third = fake.calls.length;
    await tick();
    expect(asked(third)).toEqual([ANA.id]);
    expect(reminded(third)).toEqual([]);
    // Their mornings' follow-ups ask nothing: Bob's zone is known, Ana's new refusal stands.
    at(206);
    const bob = fake.calls.length;
    await tick();
    expect(asked(bob)).toEqual([]);
    expect(reminded(bob)).toEqual([dmChannel(BOB)]);
    at(214);
    const ana = fake.calls.length;
    await tick();
    expect(asked(ana)).toEqual([]);
    expect(reminded(ana)).toEqual([dmChannel(ANA)]);
  });
});
