// A live session's timer through the real Bolt app and a fake Slack, with the application's clock moved by hand
// and the scheduler ticked by the test: the facilitator starts a timer from their private controls' menu, the
// step's message shows the time left (redrawn each minute), "two minutes left" is said in the thread, and at the
// end a participant's contribution is refused and the facilitator is offered the next step; then extend, pause,
// resume and stop, each answered with the controls as they now are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providers, type TestDatabase } from '../helpers/database.js';
import { CHANNEL, type Driver } from './helpers/driver.js';
import type { FakeSlack } from './helpers/fake-slack.js';
import { closeTimedWorld, openTimedWorld } from './helpers/timed-suite.js';
import { handClock, MINUTE } from './helpers/clock.js';
import { buttons, expectWithinLimits, tickReplica, type Replica } from './helpers/harness.js';
import { ANA, BOB, FAC } from './helpers/users.js';

const clock = handClock();
const at = (minutes: number) => clock.at(minutes * MINUTE);

describe.each(providers)('a live timer through Slack, on %s', (provider) => {
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
  /** Picks a choice of the facilitator's timer menu (the latest one they were shown), by its value's end. */
  const timer = async (op: string) => {
    const menus = d.privateMessages(FAC).flatMap((m) => buttons(m.blocks).filter((b) => b.action_id.startsWith('timer.')));
    const menu = menus[0];
    expect(menu, 'a timer menu among the facilitator’s controls').toBeDefined();
    const choice = menu!.options!.find((o) => o.value.endsWith(`~${op}`));
    expect(choice, `the timer menu offers ${op}: ${menu!.options!.map((o) => o.value).join(' ')}`).toBeDefined();
    const mark = d.mark();
    await d.click(FAC, 'timer', undefined, choice!.value);
    await settle();
    return d.toldTo(FAC, mark).join('\n');
  };
  const stepText = async () => JSON.stringify((await d.stepMessage()).blocks);
  const inThread = (from: number) => fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === CHANNEL && c.args.thread_ts).map((c) => JSON.stringify(c.args.blocks));

  it('starts from the controls, counts down on the step message, warns, closes the step at the end; extend, pause, resume, stop', async () => {
    at(-5);
    await d.command(FAC, 'new en');
    await d.submit(FAC, d.lastModal(FAC), { title: 'Furniture store — live', language: 'en', mode: 'live', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast', department_0: 'Sales', voteBudget: 2 });
    for (const person of [ANA, BOB]) await d.fill(person, 'join', {});
    await d.click(FAC, 'advance');
    await d.click(FAC, 'advance');
    await settle();
    expect(await stepText()).not.toContain('min left');

    // The menu offers 5, 10, 15 minutes and another length; a participant clicking it (a forged click) is refused.
    at(0);
    const started = await timer('10');
    expect(started).toContain('Timer started: 10 minutes for the stages step.');
    expect(started).toContain('⏱ 10 min left');
    // The controls come back with the running timer's choices.
    const running = d.privateMessages(FAC).flatMap((m) => buttons(m.blocks).filter((b) => b.action_id.startsWith('timer.')))[0]!;
    expect(running.options!.map((o) => o.value.split('~').at(-1))).toEqual(['pause', 'extend', 'stop']);
    expect(await stepText()).toContain('⏱ 10 min left');
    const forged = d.mark();
    await d.click(ANA, 'timer', undefined, running.options![0]!.value);
    await settle();
    expect(d.toldTo(ANA, forged).join('\n')).toContain('Only the facilitator can do that.');

    // Each minute's tick redraws the step's message.
    at(1);
    await tick();
    expect(await stepText()).toContain('⏱ 9 min left');

    // At 8 minutes, "two minutes left" is said in the thread, once.
    at(8);
    const warn = d.mark();
    await tick();
    expect(inThread(warn).filter((b) => b.includes('Two minutes left for the stages step.'))).toHaveLength(1);
    expect(await stepText()).toContain('⏱ 2 min left');

    // At the end: the step's contributions close, the facilitator is offered the next step.
    at(10);
    const end = d.mark();
    await tick();
    const told = fake.calls.slice(end).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === FAC.id);
    expect(JSON.stringify(told.map((c) => c.args.blocks))).toContain('Time is up for the stages step: its contributions are closed.');
    expect(told.flatMap((c) => buttons(c.args.blocks as unknown[]).map((b) => b.action_id.split('.')[0]))).toContain('advance');
    expect(await stepText()).toContain('Time is up for this step');
    const refused = await d.fill(ANA, 'stage', { label: 'I pick up my furniture at the warehouse desk', phase: 'after' });
    expect(refused.body).toContain('Time is up for this step: the facilitator can extend the timer or move on.');
    expect(await db.prisma.stage.count()).toBe(0);

    // Extending a timer that ran out starts it again for five minutes, and opens the step.
    at(11);
    expect(await timer('extend')).toContain('Timer extended by 5 minutes.');
    expect(await stepText()).toContain('⏱ 5 min left');
    await d.fill(ANA, 'stage', { label: 'I pick up my furniture at the warehouse desk', phase: 'after' });
    await settle();
    expect(await db.prisma.stage.count()).toBe(1);

    // Paused at 13 minutes, with 3 left: ticks and the end no longer fall; resumed, it ends 3 minutes later.
    at(13);
    expect(await timer('pause')).toContain('Timer paused.');
    expect(await stepText()).toContain('Timer paused — 3 min left');
    at(30);
    const paused = d.mark();
    await tick();
    expect(inThread(paused)).toEqual([]);
    expect(await stepText()).toContain('Timer paused — 3 min left');
    expect(await timer('resume')).toContain('Timer resumed.');
    expect(await stepText()).toContain('⏱ 3 min left');

    // Stopped: no timer line, nothing more said, and the step stays open.
    at(31);
    expect(await timer('stop')).toContain('Timer stopped');
    expect(await stepText()).not.toMatch(/min left|Time is up/);
    at(40);
    const stopped = d.mark();
    await tick();
    expect(inThread(stopped)).toEqual([]);
    await d.fill(BOB, 'stage', { label: 'I pay at the till', phase: 'purchase' });
    await settle();
    expect(await db.prisma.stage.count()).toBe(2);

    // "Other length…" opens a form for the minutes; an out-of-range length gets the field's error.
    const opened = fake.of('views.open').length;
    await timer('other');
    expect(fake.of('views.open').length).toBe(opened + 1);
    const form = d.lastModal(FAC);
    expect(form.callback_id).toBe('timerLength');
    const bad = await d.submit(FAC, form, { minutes: '500' });
    expect(JSON.stringify(bad.json())).toContain('Write a whole number of minutes between 1 and 180.');
    const mark = d.mark();
    await d.submit(FAC, form, { minutes: '25' });
    await settle();
    expect(d.toldTo(FAC, mark).join('\n')).toContain('Timer started: 25 minutes for the stages step.');
    expect(await stepText()).toContain('⏱ 25 min left');
    expectWithinLimits(fake);
  });
});
