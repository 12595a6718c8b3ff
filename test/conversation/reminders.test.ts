// Reminders, deadlines and the nudge through the conversation layer, on both databases, with the application's
// clock moved by hand: the real server with a recording platform, people acting through intents, the scheduler
// ticked by the test. Each test reads what the platform was asked to send, as each person would see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { freshDatabase, providers, serverProvider, type TestDatabase } from '../helpers/database.js';
import { cheapMap, choice, Conversation, ENGLISH, frame, TENANT, type Person } from './helpers/harness.js';
import { RecordingPlatform, text, type CallOf } from './helpers/recording-platform.js';
import { teamsAdapter } from '../../src/teams/adapter.js';
import { cardText, elements, FakeConnector } from '../teams/helpers/fake-connector.js';
import { choice as cardChoice, hasSubmit, opens, PEOPLE, TeamsDriver, thread, type Card, type Seen } from '../teams/helpers/driver.js';
import { message, send, teamsSuite, TENANT_A } from '../teams/helpers/turns.js';

const FAC: Person = { id: 'fac-fatou', name: 'Fatou' };
const ANA: Person = { id: 'ana', name: 'Ana' };
const BOB: Person = { id: 'bob-tokyo', name: 'Bob' };
const CARL: Person = { id: 'carl', name: 'Carl' };
const HEADS: Person[] = [{ id: 'head-sales', name: 'Sam' }, { id: 'head-stores', name: 'Sue' }];

const HOUR = 3_600_000;
/** Monday 2 March 2026, 10:00 UTC: 11:00 in Paris, 19:00 in Tokyo. */
const T0 = new Date('2026-03-02T10:00:00Z').getTime();

/** A clock the test moves. */
class TestClock {
  t = T0;
  now = (): Date => new Date(this.t);
  at(hours: number): void {
    this.t = T0 + hours * HOUR;
  }
}

async function start(databaseUrl: string, clock: TestClock, platform: RecordingPlatform | null): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en' });
  const server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [], { renderMap: cheapMap, clock });
  if (platform) await server.layer.register(platform);
  return server;
}

/** Hands over what is due, then waits for the jobs it made (and the jobs those made). */
async function tick(server: RunningServer): Promise<void> {
  await server.layer.idle();
  await server.layer.tick();
  await server.layer.idle();
}

const reminders = (platform: RecordingPlatform, who: Person, since = 0): CallOf<'directMessage'>[] =>
  platform.dmsTo(who.id, since).filter((c) => c.message.kind === 'notice' && /Reminder|Rappel/.test(text(c.message.view)));

/** A workshop at its stages step: Ana, Bob and Carl joined; Ana added a stage; Bob is in Tokyo, Ana in Paris. */
async function stagesWorkshop(server: RunningServer, platform: RecordingPlatform, conversationId: string, t = ENGLISH) {
  const c = new Conversation(server, platform, conversationId);
  const workshopId = await frame(c, FAC, HEADS, t);
  const workspaceId = await server.layer.workspaceOf('teams', TENANT);
  for (const p of [ANA, BOB, CARL]) await c.fill(p, 'join', (f) => ({ departmentId: choice(f, 'departmentId', () => true) }));
  await server.layer.deps.people.setTimeZone(workspaceId, BOB.id, 'Asia/Tokyo');
  await server.layer.deps.people.setTimeZone(workspaceId, ANA.id, 'Europe/Paris');
  await server.layer.idle();
  await c.advance(FAC); // persona
  await server.layer.idle();
  await c.advance(FAC); // stages
  await server.layer.idle();
  await c.fill(ANA, 'stage', { label: t.stage, phase: 'after' });
  await server.layer.idle();
  const origin = { platform: 'teams', workspace: TENANT, userId: FAC.id, conversationId, threadId: c.anchorId() };
  const asFacilitator = async (command: Record<string, unknown>) => {
    const outcome = await server.engine.execute({ workspaceId, userId: FAC.id, displayName: FAC.name }, { workshopId, ...command }, { origin });
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    await server.layer.idle();
  };
  const events = async () => (await server.layer.deps.timedEvents.list(workspaceId, workshopId)).map((e) => [e.key, new Date(e.dueAt).getTime() - T0]);
  return { c, workshopId, workspaceId, asFacilitator, events };
}

describe.each(providers)('reminders, deadlines and the nudge on %s', (provider) => {
  let db: TestDatabase;
  let server: RunningServer;
  let platform: RecordingPlatform;
  const clock = new TestClock();

  beforeAll(async () => {
    db = await freshDatabase(provider);
    platform = new RecordingPlatform();
    server = await start(db.rawUrl, clock, platform);
  });

  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('reminds each person of what is left for them only, in their working hours, once; a new deadline reschedules; the deadline asks the facilitator; closing cancels', async () => {
    clock.at(0);
    const w = await stagesWorkshop(server, platform, 'conv-reminders');
    expect(await w.events()).toEqual([]);
    await w.asFacilitator({ type: 'setDeadline', step: 'stages', dueAt: new Date(T0 + 25 * HOUR) });
    expect(await w.events()).toEqual([['remind:stages:24', 1 * HOUR], ['remind:stages:1', 24 * HOUR], ['deadline:stages', 25 * HOUR]]);

    // Nothing is due yet.
    const mark = platform.mark();
    await tick(server);
    expect(platform.calls.filter((c) => c.seq > mark && c.method === 'directMessage')).toEqual([]);

    // 11:00 UTC on Monday: Carl (no time zone known: the facilitator's, else UTC) is reminded; Ana did everything;
    // the facilitator runs the workshop; Bob's evening in Tokyo holds his back until his 9:00.
    clock.at(1);
    await tick(server);
    const carl = reminders(platform, CARL, mark);
    expect(carl).toHaveLength(1);
    const said = text(carl[0]!.message.view);
    expect(said).toContain(`Reminder — ${ENGLISH.title}`);
    expect(said).toContain('Left for you in the stages step: add a stage.');
    expect(said).not.toMatch(/Bob|Ana|bob-tokyo/);
    expect((carl[0]!.message as { view: { actions: { action: string; value: string }[] } }).view.actions).toEqual([
      expect.objectContaining({ action: 'openForm', value: `${w.workshopId}~stage` }),
    ]);
    expect(reminders(platform, ANA, mark)).toEqual([]);
    expect(reminders(platform, FAC, mark)).toEqual([]);
    expect(reminders(platform, BOB, mark)).toEqual([]);
    // Tuesday 9:00 in Tokyo is Monday 24:00 UTC.
    expect(await w.events()).toEqual([['remind:stages:24@bob-tokyo', 14 * HOUR], ['remind:stages:1', 24 * HOUR], ['deadline:stages', 25 * HOUR]]);

    // Ticking again sends nothing twice.
    await tick(server);
    expect(reminders(platform, CARL, mark)).toHaveLength(1);

    clock.at(14);
    await tick(server);
    expect(reminders(platform, BOB, mark)).toHaveLength(1);
    expect(text(reminders(platform, BOB, mark)[0]!.message.view)).toContain('add a stage');
    expect(reminders(platform, CARL, mark)).toHaveLength(1);

    // A later deadline: its reminders are planned anew (the 24 hours before it is now in the future again).
    await w.asFacilitator({ type: 'setDeadline', step: 'stages', dueAt: new Date(T0 + 49 * HOUR) });
    expect(await w.events()).toEqual([['remind:stages:24', 25 * HOUR], ['remind:stages:1', 48 * HOUR], ['deadline:stages', 49 * HOUR]]);

    // Bob adds a stage: at 25 hours (Tuesday 11:00 UTC, 20:00 in Tokyo) only Carl is reminded, once more for this deadline.
    await w.c.fill(BOB, 'stage', { label: 'I pay at the till', phase: 'purchase' });
    clock.at(25);
    const second = platform.mark();
    await tick(server);
    expect(reminders(platform, CARL, second)).toHaveLength(1);
    expect(reminders(platform, BOB, second)).toEqual([]);

    // The deadline passes (the 1-hour reminder, held back past it, says nothing): the facilitator is asked to move on.
    clock.at(49);
    const third = platform.mark();
    await tick(server);
    expect(reminders(platform, CARL, third)).toEqual([]);
    const told = platform.of('tell', third).filter((t) => t.who.userId === FAC.id);
    expect(told).toHaveLength(1);
    const notice = text(told[0]!.notice);
    expect(notice).toContain(`The deadline of the stages step of “${ENGLISH.title}” has passed.`);
    expect(notice).toContain('2 of 3 added a stage — not yet: Carl');
    expect(notice).toContain('2 stages');
    expect(told[0]!.notice.actions?.map((a) => a.action)).toEqual(['advance']);
    expect(told[0]!.who.conversationId).toBe('conv-reminders');
    expect(await w.events()).toEqual([]);

    // A deadline for the touchpoints step is planned once there; closing the workshop cancels it all.
    await w.asFacilitator({ type: 'setDeadline', step: 'touchpoints', dueAt: new Date(T0 + 100 * HOUR) });
    expect(await w.events()).toEqual([]);
    await w.asFacilitator({ type: 'advanceStep' });
    expect((await w.events()).map(([key]) => key)).toEqual(['remind:touchpoints:24', 'remind:touchpoints:1', 'deadline:touchpoints']);
    await w.asFacilitator({ type: 'closeWorkshop' });
    expect(await w.events()).toEqual([]);
  });

  it('moves on by itself at the deadline when the workshop says so, and tells the facilitator when it cannot', async () => {
    clock.at(0);
    const w = await stagesWorkshop(server, platform, 'conv-auto');
    await w.asFacilitator({ type: 'setTiming', reminderHours: [], autoAdvance: true });
    await w.asFacilitator({ type: 'setDeadline', step: 'stages', dueAt: new Date(T0 + 2 * HOUR) });
    expect(await w.events()).toEqual([['deadline:stages', 2 * HOUR]]);
    clock.at(2);
    await tick(server);
    expect((await server.queries.snapshot(w.workspaceId, w.workshopId)).workshop.step).toBe('touchpoints');

    // The touchpoints step cannot be left without a touchpoint: the facilitator hears why, once.
    await w.asFacilitator({ type: 'setDeadline', step: 'touchpoints', dueAt: new Date(T0 + 3 * HOUR) });
    clock.at(3);
    const mark = platform.mark();
    await tick(server);
    await tick(server);
    expect((await server.queries.snapshot(w.workspaceId, w.workshopId)).workshop.step).toBe('touchpoints');
    const told = platform.of('tell', mark).filter((t) => t.who.userId === FAC.id);
    expect(told).toHaveLength(1);
    expect(text(told[0]!.notice)).toContain('has passed, but the workshop could not move on by itself');
  });

  it('lets the facilitator remind who has not contributed, at once and whatever the hour, at most once an hour', async () => {
    clock.at(0);
    const w = await stagesWorkshop(server, platform, 'conv-nudge');
    const button = w.c.controls().find((a) => a.action === 'nudge');
    expect(button?.label).toBe('Remind who has not contributed');
    const mark = platform.mark();
    const answer = await w.c.click(FAC, 'nudge', button!.value);
    expect(text(answer.reply)).toContain('Reminders are on their way to the 2 people who still have something to do in the stages step.');
    await server.layer.idle();
    // Bob's evening in Tokyo does not hold it back: the facilitator asked now.
    expect(reminders(platform, BOB, mark)).toHaveLength(1);
    expect(reminders(platform, CARL, mark)).toHaveLength(1);
    expect(reminders(platform, ANA, mark)).toEqual([]);

    clock.t += 20 * 60_000;
    const again = await w.c.click(FAC, 'nudge', button!.value);
    expect(text(again.reply)).toContain('You can remind them again in 40 minutes.');
    clock.t += 40 * 60_000;
    const later = await w.c.click(FAC, 'nudge', button!.value);
    expect(text(later.reply)).toContain('Reminders are on their way');
    await server.layer.idle();
    expect(reminders(platform, CARL, mark)).toHaveLength(2);
    // Someone else's click is refused by the engine.
    const refused = await w.c.click(ANA, 'nudge', button!.value);
    expect(text(refused.reply)).not.toContain('on their way');
  });

  it('holds back no reminder when the workshop reminds at any time, and drops one whose person’s morning comes after the deadline', async () => {
    clock.at(0);
    const w = await stagesWorkshop(server, platform, 'conv-any-time');
    await w.asFacilitator({ type: 'setDeadline', step: 'stages', dueAt: new Date(T0 + 2 * HOUR) });
    clock.at(1);
    const mark = platform.mark();
    await tick(server);
    // Bob's next 9:00 in Tokyo is past the deadline: nothing is planned for him.
    expect(reminders(platform, CARL, mark)).toHaveLength(1);
    expect(reminders(platform, BOB, mark)).toEqual([]);
    expect(await w.events()).toEqual([['deadline:stages', 2 * HOUR]]);

    await w.asFacilitator({ type: 'setTiming', reminderHours: [1], remindAnyTime: true });
    await w.asFacilitator({ type: 'setDeadline', step: 'stages', dueAt: new Date(T0 + 3 * HOUR) });
    clock.at(2);
    const anyTime = platform.mark();
    await tick(server);
    expect(reminders(platform, BOB, anyTime)).toHaveLength(1);
    expect(reminders(platform, CARL, anyTime)).toHaveLength(1);
  });

  it('posts a daily digest in the thread at the facilitator’s hour, on days with something new only', async () => {
    clock.at(0);
    const w = await stagesWorkshop(server, platform, 'conv-digest');
    await w.asFacilitator({ type: 'setTiming', reminderHours: [], digestHour: 9, digestTimeZone: 'Europe/Paris' });
    // Tuesday 9:00 in Paris is 8:00 UTC.
    expect(await w.events()).toEqual([['digest', 22 * HOUR]]);
    const digests = (since: number) => w.c.posts('notice', since).filter((p) => p.threadId === w.c.anchorId());

    clock.at(22);
    const first = platform.mark();
    await tick(server);
    expect(digests(first)).toHaveLength(1);
    const said = text(digests(first)[0]!.message);
    expect(said).toContain(`Daily digest — ${ENGLISH.title}`);
    expect(said).toMatch(/Added since the last daily digest: 4 participants, 1 stage\./);
    expect(said).toContain('1 of 3 added a stage');
    expect(said).not.toContain('Carl'); // the whole channel reads it: counts only
    expect(await w.events()).toEqual([['digest', 46 * HOUR]]);

    // A quiet day: nothing.
    clock.at(46);
    const quiet = platform.mark();
    await tick(server);
    expect(digests(quiet)).toEqual([]);
    expect(await w.events()).toEqual([['digest', 70 * HOUR]]);

    // Something new: only that is said.
    await w.c.fill(BOB, 'stage', { label: 'I pay at the till', phase: 'purchase' });
    clock.at(70);
    const third = platform.mark();
    await tick(server);
    await tick(server);
    expect(digests(third)).toHaveLength(1);
    expect(text(digests(third)[0]!.message)).toContain('Added since the last daily digest: 1 stage.');
  });

  it('runs a live timer: two minutes left said in the thread, the step message redrawn each minute, the step closed at its end', async () => {
    clock.at(0);
    const w = await stagesWorkshop(server, platform, 'conv-timer');
    await w.asFacilitator({ type: 'startTimer', minutes: 5 });
    const MIN = 60_000;
    expect(await w.events()).toEqual([['timer:tick', MIN], ['timer:warn', 3 * MIN], ['timer:end', 5 * MIN]]);

    clock.t = T0 + MIN;
    const step = w.c.stepMessage().id;
    const first = platform.mark();
    await tick(server);
    expect(platform.updatesOf(step, first).length).toBeGreaterThan(0);
    expect(await w.events()).toEqual([['timer:tick', 2 * MIN], ['timer:warn', 3 * MIN], ['timer:end', 5 * MIN]]);

    clock.t = T0 + 3 * MIN;
    const warn = platform.mark();
    await tick(server);
    const said = w.c.posts('notice', warn).filter((p) => p.threadId === w.c.anchorId()).map((p) => text(p.message));
    expect(said).toEqual([expect.stringContaining('Two minutes left for the stages step.')]);

    clock.t = T0 + 5 * MIN;
    const end = platform.mark();
    await tick(server);
    await tick(server);
    const told = platform.of('tell', end).filter((t) => t.who.userId === FAC.id && text(t.notice).includes('Time is up'));
    expect(told).toHaveLength(1);
    expect(text(told[0]!.notice)).toContain('Time is up for the stages step: its contributions are closed.');
    expect(told[0]!.notice.actions?.map((a) => a.action)).toEqual(['advance']);
    expect((await server.queries.snapshot(w.workspaceId, w.workshopId)).timer.ended).toBe(true);
    expect(await w.events()).toEqual([]);
    // Contributions to the step are refused now.
    const refused = await server.engine.execute({ workspaceId: w.workspaceId, userId: CARL.id, displayName: CARL.name }, { type: 'addStage', workshopId: w.workshopId, label: 'I come back later', phase: 'after' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'errors.timerEnded' } });
  });

  it('speaks the workshop’s language: a French workshop’s reminder is in French', async () => {
    clock.at(0);
    const fr = { ...ENGLISH, language: 'fr' as const, title: 'Magasin — retrait', departments: ['Ventes', 'Magasins'], stage: 'Je retire mon meuble au dépôt' };
    const w = await stagesWorkshop(server, platform, 'conv-fr', fr);
    await w.asFacilitator({ type: 'setDeadline', step: 'stages', dueAt: new Date(T0 + 2 * HOUR) });
    const mark = platform.mark();
    clock.at(1);
    await tick(server);
    const carl = reminders(platform, CARL, mark);
    expect(carl).toHaveLength(1);
    expect(text(carl[0]!.message.view)).toContain('Rappel — Magasin — retrait');
    expect(text(carl[0]!.message.view)).toContain('Il vous reste, pour la séquence étapes du parcours : ajouter une étape.');
  });
});

describe(`two replicas ticking, and a restart in the middle, on ${serverProvider}`, () => {
  let db: TestDatabase;
  const clock = new TestClock();

  beforeAll(async () => { db = await freshDatabase(serverProvider); });
  afterAll(async () => { await db?.close(); });

  it('sends each reminder once whichever replica ticks, and loses none when a replica stops holding a claim', async () => {
    clock.at(0);
    const one = new RecordingPlatform();
    const two = new RecordingPlatform();
    const a = await start(db.rawUrl, clock, one);
    // The second replica works jobs once the workshop is set up (the driver reads the first one's platform).
    let b = await start(db.rawUrl, clock, null);
    try {
      const w = await stagesWorkshop(a, one, 'conv-replicas');
      await b.layer.register(two);
      await w.asFacilitator({ type: 'setDeadline', step: 'stages', dueAt: new Date(T0 + 30 * HOUR) });
      // Both replicas tick together when the reminder falls due.
      clock.at(6);
      await Promise.all([a.layer.tick(), b.layer.tick(), a.layer.tick(), b.layer.tick()]);
      await Promise.all([a.layer.idle(), b.layer.idle()]);
      const sent = (who: Person) => [...reminders(one, who), ...reminders(two, who)];
      expect(sent(CARL)).toHaveLength(1);
      expect(sent(ANA)).toEqual([]);

      // A replica claims the next one and stops before handing it over: its claim goes stale, another takes it.
      clock.at(29);
      const claimed = await b.layer.deps.timedEvents.claimDue(clock.now(), 10, 120_000);
      expect(claimed.map((e) => e.key)).toContain('remind:stages:1');
      await b.close();
      b = await start(db.rawUrl, clock, two);
      await tick(a);
      expect(sent(CARL)).toHaveLength(1);
      clock.t += 3 * 60_000;
      await tick(b);
      await a.layer.idle();
      expect(sent(CARL)).toHaveLength(2);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('people’s time zones from Teams activities', () => {
  const suite = teamsSuite();

  it('keeps the localTimezone (or the clientInfo entity’s timezone) each activity brings, writing only when it changes', async () => {
    const ana = { id: 'aad-ana', name: 'Ana' };
    const bob = { id: 'aad-bob', name: 'Bob' };
    const channel = '19:tz@thread.tacv2';
    const rows = () => suite.db.prisma.person.findMany({ orderBy: { userId: 'asc' }, select: { userId: true, timeZone: true, updatedAt: true } });
    expect((await send(suite.server, { ...message(suite.fake, ana, channel, 'help'), localTimezone: 'Asia/Tokyo' })).status).toBe(200);
    expect((await send(suite.server, { ...message(suite.fake, bob, channel, 'help'), entities: [{ type: 'clientInfo', locale: 'fr-FR', timezone: 'Europe/Paris' }] })).status).toBe(200);
    const first = await rows();
    expect(first.map((r) => [r.userId, r.timeZone])).toEqual([['aad-ana', 'Asia/Tokyo'], ['aad-bob', 'Europe/Paris']]);

    // The same again writes nothing; a move is kept; what is not a time zone is ignored.
    await send(suite.server, { ...message(suite.fake, ana, channel, 'help'), localTimezone: 'Asia/Tokyo' });
    await send(suite.server, { ...message(suite.fake, bob, channel, 'help'), localTimezone: 'Not/AZone' });
    expect(await rows()).toEqual(first);
    await send(suite.server, { ...message(suite.fake, ana, channel, 'help'), localTimezone: 'America/New_York' });
    expect((await rows()).map((r) => [r.userId, r.timeZone])).toEqual([['aad-ana', 'America/New_York'], ['aad-bob', 'Europe/Paris']]);
  });
});

describe(`a reminder through the Teams adapter, on ${serverProvider}`, () => {
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;
  let d: TeamsDriver;
  const clock = new TestClock();
  const { facilitator: TFAC, ana: TANA, bob: TBOB } = PEOPLE;
  const channel = '19:reminders@thread.tacv2';

  beforeAll(async () => {
    db = await freshDatabase(serverProvider);
    fake = await new FakeConnector().start();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.rawUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en', TEAMS_DEV_MODE: 'loopback' });
    server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [teamsAdapter()], { renderMap: async () => [], clock });
    d = new TeamsDriver(fake, [server]);
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  it('reaches who owes something in their 1:1 chat, with a button that opens the form; the deadline asks the facilitator', async () => {
    clock.at(0);
    const since = d.mark();
    await d.say(TFAC, channel, 'new en');
    await d.submit(TFAC, d.latest(channel, hasSubmit, since), { title: 'Pick-up', mode: 'async', persona_name: 'Claire', goal: 'Pick up fast', department_0: 'Sales', voteBudget: '2' });
    const root = d.messages(since).find((m) => m.conversation === channel && !hasSubmit(m.card) && cardText(m.card).includes('Pick-up'))!.id;
    const stepCard = (n: number): Seen => d.latest(thread(channel, root), (c) => cardText(c).includes(`Step ${n} of 7`));
    for (const who of [TANA, TBOB]) {
      const form = await d.open(who, stepCard(1), opens('join'));
      await d.submit(who, form, { departmentId: cardChoice(form.card, 'departmentId', () => true) });
    }
    const controls = (): Seen => d.latestPersonal(TFAC, (c) => elements(c).some((e) => e.verb === 'advance'));
    await d.click(TFAC, controls(), 'advance');
    await d.click(TFAC, controls(), 'advance');
    await d.submit(TBOB, await d.open(TBOB, stepCard(3), opens('stage')), { label: 'I pay at the till', phase: 'purchase' });
    const w = await db.prisma.workshop.findFirstOrThrow();
    expect(w.step).toBe('stages');
    const outcome = await server.engine.execute({ workspaceId: w.workspaceId, userId: TFAC.id, displayName: TFAC.name }, { type: 'setDeadline', workshopId: w.id, step: 'stages', dueAt: new Date(T0 + 2 * HOUR) }, {
      origin: { platform: 'teams', workspace: TENANT_A, userId: TFAC.id, conversationId: channel, threadId: root },
    });
    expect(outcome.ok).toBe(true);
    await d.settle();

    clock.at(1);
    const mark = d.mark();
    await tick(server);
    const isReminder = (c: Card) => cardText(c).includes('Reminder — Pick-up');
    expect(d.personal(TBOB, mark).filter((s) => isReminder(s.card))).toEqual([]);
    const reminder = d.latestPersonal(TANA, isReminder, mark);
    expect(cardText(reminder.card)).toContain('Left for you in the stages step: add a stage.');
    // Its button opens the stage form, there in the 1:1 chat; what is submitted is added.
    const form = await d.open(TANA, reminder, opens('stage'));
    await d.submit(TANA, form, { label: 'I pick up my furniture', phase: 'after' });
    expect(await db.prisma.stage.count()).toBe(2);

    clock.at(2);
    const deadline = d.mark();
    await tick(server);
    const told = d.personal(TFAC, deadline).filter((s) => cardText(s.card).includes('The deadline of the stages step of “Pick-up” has passed.'));
    expect(told).toHaveLength(1);
    expect(elements(told[0]!.card).some((e) => e.verb === 'advance')).toBe(true);
  });
});
