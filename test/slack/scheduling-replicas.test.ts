// Reminders, the digest and a live timer through the real Bolt app with several replicas on one PostgreSQL
// database, one fake Slack and the application's clock moved by hand: two replicas ticking at once send each
// reminder, "two minutes left" and a timer's end once; every replica closed while some are still ahead, fresh
// ones send what fell due meanwhile once, nothing lost, nothing doubled; and what was handed over for a workshop
// closed or deleted before it ran is dropped, not sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, serverProvider, type TestDatabase } from '../helpers/database.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { FakeSlack, type ApiCall } from './helpers/fake-slack.js';
import { cheapMap } from '../conversation/helpers/harness.js';
import { handClock, HOUR, MINUTE, T0 } from './helpers/clock.js';
import { buttons, settle, startReplica as startHarnessReplica, TEAM, type Replica, type User } from './helpers/harness.js';
import { ANA, BOB, FAC } from './helpers/users.js';

const clock = handClock();
const at = (ms: number) => clock.at(ms);

/**
 * A replica as the Slack suites start one, with the test's clock. `worker: false` makes one that answers and
 * hands due events over to the job queue (a tick) but runs no job: a process stopped before it got to them.
 */
const startReplica = (databaseUrl: string, fake: FakeSlack, worker = true): Promise<Replica> =>
  startHarnessReplica({ databaseUrl, fake, clock, renderMap: cheapMap, env: { PARCOURS_WORKER: worker ? 'on' : 'off' } });

/** A describe block's fresh database and fake Slack, shared by the replicas it starts. */
async function openWorld(): Promise<{ db: TestDatabase; fake: FakeSlack }> {
  const db = await freshDatabase(serverProvider);
  return { db, fake: await new FakeSlack().start() };
}

/** Starts a replica and counts it among those `running`, to be closed at the end if the test did not stop it. */
async function startRunning(running: Replica[], databaseUrl: string, fake: FakeSlack, worker = true): Promise<Replica> {
  const r = await startReplica(databaseUrl, fake, worker);
  running.push(r);
  return r;
}

/** Every replica still running, then the fake Slack and the database; what was never started is skipped. */
async function closeWorld(running: Replica[], fake?: FakeSlack, db?: TestDatabase): Promise<void> {
  for (const r of running.splice(0)) await r.server.close();
  await fake?.stop();
  await db?.close();
}

/** Every replica ticks twice at once, then all settle: each due event is claimed by one of them only. */
async function tickTogether(replicas: Replica[]): Promise<void> {
  await settle(...replicas);
  await Promise.all(replicas.flatMap((r) => [r.server.layer.tick(), r.server.layer.tick()]));
  await settle(...replicas);
}

const dmChannel = (user: User) => `D${user.id.replace(/^U/, '')}`;
/** The reminders of a workshop (by its title) a person got since a mark. */
const remindersTo = (fake: FakeSlack, user: User, title: string, from = 0): ApiCall[] =>
  fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === dmChannel(user) && JSON.stringify(c.args.blocks).includes(`Reminder — ${title}`));

describe(`reminders and the digest with two replicas and every replica restarted, through Slack, on ${serverProvider}`, () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  const running: Replica[] = [];

  beforeAll(async () => {
    ({ db, fake } = await openWorld());
  });

  afterAll(() => closeWorld(running, fake, db));

  const start = (worker = true) => startRunning(running, db.rawUrl, fake, worker);
  const stop = async (r: Replica) => {
    running.splice(running.indexOf(r), 1);
    await r.server.close();
  };

  it('sends each reminder once whichever replica ticks; after every replica stopped, sends what fell due once, and nothing for a workshop closed or deleted meanwhile', async () => {
    at(0);
    // The workshops are set up through one replica (a second one only slows its many small jobs down); the other comes before the first tick.
    const a = await start();
    const d = new Driver(fake, [a], db.prisma);

    /** An asynchronous workshop at its stages step, in the workshop channel (each has its own thread), set up with the facilitator's commands. */
    const workshop = async (title: string, people: User[], commands: Record<string, unknown>[]) => {
      await d.command(FAC, 'new en');
      await d.submit(FAC, d.lastModal(FAC), { title, language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast', department_0: 'Sales', voteBudget: 2 });
      for (const person of people) await d.fill(person, 'join', {});
      await d.click(FAC, 'advance');
      await d.click(FAC, 'advance');
      const conv = await d.conversation();
      expect(conv.step).toBe('stages');
      const actor = { workspaceId: conv.workspaceId, userId: FAC.id, displayName: FAC.name };
      const origin = { platform: 'slack' as const, workspace: TEAM.id, userId: FAC.id, conversationId: CHANNEL, threadId: conv.anchorTs };
      const run = async (server: Replica, command: Record<string, unknown>, as = actor) => {
        const outcome = await server.server.engine.execute(as, { workshopId: conv.workshopId, ...command }, { origin: { ...origin, userId: as.userId } });
        expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
      };
      for (const command of commands) await run(a, command);
      await settle(a);
      return { ...conv, title, run, actor };
    };

    // A workshop whose digest (9:00 in Paris: Tuesday 8:00 UTC, + 22 h) will be handed over, then the workshop closed before it runs.
    const digested = await workshop('Closed before its digest', [ANA], [
      { type: 'setTiming', reminderHours: [], autoAdvance: false, digestHour: 9, digestTimeZone: 'Europe/Paris' },
    ]);
    await digested.run(a, { type: 'addStage', label: 'I order my sofa online', phase: 'purchase' }, { ...digested.actor, userId: ANA.id, displayName: ANA.name });
    // A workshop whose reminder (+ 24 h, 24 hours before its deadline) will be handed over, then the workshop deleted.
    const deleted = await workshop('Deleted before its reminder', [BOB], [{ type: 'setDeadline', step: 'stages', dueAt: new Date(T0 + 48 * HOUR) }]);
    // The workshop whose reminders are sent: + 6 h and + 29 h; its deadline at + 30 h.
    const main = await workshop('Furniture store — replicas', [ANA, BOB], [{ type: 'setDeadline', step: 'stages', dueAt: new Date(T0 + 30 * HOUR) }]);

    // Monday 16:00 UTC (17:00 in Paris): both replicas tick at once; each person is reminded once.
    const b = await start();
    at(6 * HOUR);
    await tickTogether([a, b]);
    for (const person of [ANA, BOB]) expect(remindersTo(fake, person, main.title)).toHaveLength(1);
    expect(JSON.stringify(remindersTo(fake, ANA, main.title)[0]!.args.blocks)).toContain('Left for you in the stages step: add a stage.');
    await tickTogether([a, b]);
    for (const person of [ANA, BOB]) expect(remindersTo(fake, person, main.title)).toHaveLength(1);

    // Every replica stops, with the digest, a reminder of each workshop and the deadline still ahead.
    at(7 * HOUR);
    await stop(a);
    await stop(b);
    const stopped = fake.calls.length;

    // Tuesday 10:30 UTC: a replica comes up only long enough to hand the digest and the other workshop's reminder over
    // to the job queue; before any worker runs them, one workshop is closed and the other deleted.
    at(24.5 * HOUR);
    const brief = await start(false);
    expect(await brief.server.layer.tick()).toBe(2);
    await digested.run(brief, { type: 'closeWorkshop' });
    await deleted.run(brief, { type: 'deleteWorkshop' });
    await stop(brief);
    expect(fake.calls.slice(stopped).filter((c) => c.method === 'chat.postMessage')).toEqual([]);

    // Fresh replicas: they run what was handed over, which no longer holds.
    const a2 = await start();
    const b2 = await start();
    await settle(a2, b2);
    const digestsIn = (conv: { anchorTs: string | null }, from: number) => fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === conv.anchorTs && JSON.stringify(c.args.blocks).includes('Daily digest'));
    expect(digestsIn(digested, stopped)).toEqual([]);
    expect(remindersTo(fake, BOB, deleted.title)).toEqual([]);
    expect(await db.prisma.workshop.findUnique({ where: { id: deleted.workshopId } })).toBeNull();
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: digested.workshopId } })).status).toBe('closed');

    // Tuesday 15:30 UTC: the hour-before reminder fell due while every replica was stopped; it is sent once, to each.
    at(29.5 * HOUR);
    await tickTogether([a2, b2]);
    for (const person of [ANA, BOB]) expect(remindersTo(fake, person, main.title)).toHaveLength(2);
    expect(JSON.stringify(remindersTo(fake, BOB, main.title, stopped)[0]!.args.blocks)).toContain('Left for you in the stages step: add a stage.');

    // The deadline: the facilitator is asked once, in the workshop's thread, whichever replica ticks.
    at(30.5 * HOUR);
    const deadline = fake.calls.length;
    await tickTogether([a2, b2]);
    await tickTogether([a2, b2]);
    const asked = fake.calls.slice(deadline).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === FAC.id);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.args).toMatchObject({ channel: CHANNEL, thread_ts: main.anchorTs });
    expect(JSON.stringify(asked[0]!.args.blocks)).toContain('The deadline of the stages step of “Furniture store — replicas” has passed.');
    // Nothing else was sent to anyone for the closed or the deleted workshop, then or since.
    expect(remindersTo(fake, BOB, deleted.title)).toEqual([]);
    expect(digestsIn(digested, stopped)).toEqual([]);
  }, 120_000); // three workshops set up through Slack, and five replicas started
});

describe(`a live timer with two replicas and every replica restarted before its end, through Slack, on ${serverProvider}`, () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  const running: Replica[] = [];

  beforeAll(async () => {
    ({ db, fake } = await openWorld());
  });

  afterAll(() => closeWorld(running, fake, db));

  const start = () => startRunning(running, db.rawUrl, fake);

  it('says "two minutes left" once with both ticking; every replica stopped before the end, fresh ones end it once', async () => {
    at(-5 * MINUTE);
    const a = await start();
    let d = new Driver(fake, [a], db.prisma);
    await d.command(FAC, 'new en');
    await d.submit(FAC, d.lastModal(FAC), { title: 'Furniture store — live replicas', language: 'en', mode: 'live', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast', department_0: 'Sales', voteBudget: 2 });
    for (const person of [ANA, BOB]) await d.fill(person, 'join', {});
    await d.click(FAC, 'advance');
    await d.click(FAC, 'advance');
    const stepText = async () => JSON.stringify((await d.stepMessage()).blocks);
    const thread = (await d.conversation()).anchorTs;
    const saidInThread = (text: string, from = 0) => fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === thread && JSON.stringify(c.args.blocks).includes(text));
    const toldFacilitator = (text: string, from = 0) => fake.calls.slice(from).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === FAC.id && JSON.stringify(c.args.blocks).includes(text));

    // Ten minutes, from the facilitator's controls; from now on, two replicas.
    const b = await start();
    d = new Driver(fake, [a, b], db.prisma);
    at(0);
    const menu = d.privateMessages(FAC).flatMap((m) => buttons(m.blocks).filter((x) => x.action_id.startsWith('timer.')))[0];
    expect(menu, 'a timer menu among the facilitator’s controls').toBeDefined();
    await d.click(FAC, 'timer', undefined, menu!.options!.find((o) => o.value.endsWith('~10'))!.value);
    await settle(a, b);
    expect(await stepText()).toContain('⏱ 10 min left');

    // Eight minutes in, both replicas tick at once: "two minutes left" is said once.
    at(8 * MINUTE);
    await tickTogether([a, b]);
    await tickTogether([a, b]);
    expect(saidInThread('Two minutes left for the stages step.')).toHaveLength(1);
    expect(await stepText()).toContain('⏱ 2 min left');

    // Every replica stops with the end still ahead.
    at(8.5 * MINUTE);
    for (const r of running.splice(0)) await r.server.close();

    // Fresh replicas, after the end: it is said once, to the facilitator, with the next step offered; the step is closed.
    at(12 * MINUTE);
    const a2 = await start();
    const b2 = await start();
    d = new Driver(fake, [a2, b2], db.prisma);
    const end = fake.calls.length;
    await tickTogether([a2, b2]);
    await tickTogether([a2, b2]);
    const told = toldFacilitator('Time is up for the stages step: its contributions are closed.', end);
    expect(told).toHaveLength(1);
    expect(buttons(told[0]!.args.blocks as unknown[]).map((x) => x.action_id.split('.')[0])).toContain('advance');
    expect(saidInThread('Two minutes left for the stages step.')).toHaveLength(1);
    expect(await stepText()).toContain('Time is up for this step');
    const refused = await d.fill(ANA, 'stage', { label: 'I pick up my furniture at the warehouse desk', phase: 'after' });
    expect(refused.body).toContain('Time is up for this step: the facilitator can extend the timer or move on.');
    expect(await db.prisma.stage.count()).toBe(0);
  }, 60_000);
});
