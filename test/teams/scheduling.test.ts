// Reminders, moving on at the deadline and the daily digest through the Teams adapter (activities POSTed to
// /api/messages, a fake Bot Connector), on both databases, with the application's clock moved by hand and the
// scheduler ticked by the test. Each person's time zone is the one Teams gives with their activities
// (`localTimezone`); the facilitator sets the reminders, moving on by itself and the digest's hour in their
// settings' form (its time zone prefilled with theirs) and the deadline in the deadline form. Reminders reach
// each person in a 1:1 chat the bot opens (POST /v3/conversations; again when the connector no longer knows the
// stored one), in their working hours, with the button to the form; the digest is a reply to the workshop's
// anchor in the channel, on days with something new only. The facilitator's nudge reminds who owes something at
// once, at most once an hour.
// Every card passes checkCard (the driver checks each one it sees).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';
import { cardText, elements, FakeConnector } from './helpers/fake-connector.js';
import { choice, inputsOf, opens, PEOPLE, TeamsDriver, thread, type Card, type TeamsUser } from './helpers/driver.js';
import { controlsOf, openFromMenu, stagesWorkshop, startClocked, tickAll } from './helpers/scheduling.js';

const { facilitator: FAC, ana: ANA, bob: BOB } = PEOPLE;
const HOUR = 3_600_000;
/** Monday 2 March 2026, 10:00 UTC: 05:00 in Montreal, 11:00 in Paris, 19:00 in Tokyo. */
const T0 = new Date('2026-03-02T10:00:00Z').getTime();
const clock = { t: T0, now: (): Date => new Date(clock.t) };
const at = (hours: number) => { clock.t = T0 + hours * HOUR; };
const TITLE = 'Pick-up over days';

describe.each(providers)('reminders, the deadline and the daily digest through Teams, on %s', (provider) => {
  const channel = `19:scheduling-${provider}@thread.tacv2`;
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;
  let d: TeamsDriver;

  beforeAll(async () => {
    at(0);
    db = await freshDatabase(provider);
    fake = await new FakeConnector().start();
    server = await startClocked(db.rawUrl, clock);
    d = new TeamsDriver(fake, [server]);
    d.timeZones.set(FAC.id, 'America/Montreal');
    d.timeZones.set(ANA.id, 'Europe/Paris');
    d.timeZones.set(BOB.id, 'Asia/Tokyo');
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  const isReminder = (c: Card) => cardText(c).includes(`Reminder — ${TITLE}`);
  const reminders = (who: TeamsUser, since: number) => d.personal(who, since).filter((m) => isReminder(m.card));
  const isDigest = (c: Card) => cardText(c).includes(`Daily digest — ${TITLE}`);

  it('reminds each person in their working hours, moves on by itself at the deadline, posts the digest at the facilitator’s hour on days with news', async () => {
    const w = await stagesWorkshop(d, channel, TITLE, [ANA, BOB]);
    const inThread = (since: number) => d.messages(since).filter((m) => m.conversation === thread(channel, w.root));
    expect((await db.prisma.person.findMany({ orderBy: { userId: 'asc' }, select: { userId: true, timeZone: true } })).map((p) => [p.userId, p.timeZone])).toEqual([
      [ANA.id, 'Europe/Paris'], [BOB.id, 'Asia/Tokyo'], [FAC.id, 'America/Montreal'],
    ]);

    // The facilitator's settings: the digest's time zone starts from theirs, as Teams gave it.
    const timing = await openFromMenu(d, controlsOf(d, TITLE), 'timing');
    expect(Object.entries(inputsOf(timing.card)).find(([k]) => k.endsWith(':digestTimeZone'))?.[1]).toBe('America/Montreal');
    await d.submit(FAC, timing, { reminderHours: '30, 1', autoAdvance: 'true', digestHour: '9' });
    // The stages step is due Tuesday 3 March (a day: 17:00 UTC).
    const deadline = await openFromMenu(d, controlsOf(d, TITLE), 'deadline');
    await d.submit(FAC, deadline, { step: 'stages', dueAt: '2026-03-03' });
    const stored = await db.prisma.workshop.findFirstOrThrow({ include: { deadlines: true } });
    expect(stored).toMatchObject({ reminderHours: '30,1', autoAdvance: true, digestHour: 9, digestTimeZone: 'America/Montreal', step: 'stages' });
    expect(stored.deadlines.map((x) => [x.step, x.dueAt.toISOString()])).toEqual([['stages', '2026-03-03T17:00:00.000Z']]);

    // Monday 11:00 UTC, 30 hours before: Ana (12:00 in Paris) is reminded in her 1:1 chat; Bob (20:00 in Tokyo) waits.
    at(1);
    let mark = d.mark();
    await tickAll(d);
    expect(reminders(BOB, mark)).toEqual([]);
    const toAna = reminders(ANA, mark);
    expect(toAna).toHaveLength(1);
    // Sent on the bot's own (no activity of hers to answer), in the 1:1 chat it opened with her through /v3/conversations.
    const sent = d.messages(mark).find((m) => m.id === toAna[0]!.id)!.record;
    expect(sent.method).toBe('POST');
    expect(sent.path.startsWith(`/v3/conversations/${toAna[0]!.conversation}/activities`)).toBe(true);
    expect(d.chatsWith(ANA).has(toAna[0]!.conversation)).toBe(true);
    expect(cardText(toAna[0]!.card)).toContain('Left for you in the stages step: add a stage.');
    expect(elements(toAna[0]!.card).filter((e) => e.type === 'Action.Execute').map((e) => e.verb)).toEqual(['openForm']);
    expect(inThread(mark).filter((m) => isDigest(m.card))).toEqual([]);
    // Its button opens the stage form there, in the 1:1 chat; what is submitted is added.
    await d.submit(ANA, await d.open(ANA, toAna[0]!, opens('stage')), { label: 'I pick up my furniture at the desk', phase: 'after' });
    expect(await db.prisma.stage.count()).toBe(1);

    // 13:00 UTC is 08:00 in Montreal: no digest yet. 14:00 UTC is the facilitator's 09:00: the digest, in the thread.
    at(3);
    mark = d.mark();
    await tickAll(d);
    expect(inThread(mark).filter((m) => isDigest(m.card))).toEqual([]);
    at(4);
    mark = d.mark();
    await tickAll(d);
    const digest = inThread(mark).filter((m) => isDigest(m.card));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.record.method).toBe('POST');
    expect(cardText(digest[0]!.card)).toContain('1 stage');

    // Tuesday 00:00 UTC is Bob's 09:00 in Tokyo: his reminder; Ana has done everything, she gets none. Bob's
    // 1:1 chat is gone meanwhile (the connector no longer knows it): the reminder opens a new one.
    at(14);
    const gone = d.chatsWith(BOB);
    fake.fail((r) => gone.has(r.conversation), 404, { code: 'ConversationNotFound' });
    mark = d.mark();
    await tickAll(d);
    fake.heal();
    const toBob = reminders(BOB, mark);
    expect(toBob).toHaveLength(1);
    expect(cardText(toBob[0]!.card)).toContain('Left for you in the stages step: add a stage.');
    const opened = fake.recorded.slice(mark).filter((r) => r.method === 'POST' && r.path === '/v3/conversations' && r.status === 201);
    expect(opened.map((r) => r.id)).toEqual([toBob[0]!.conversation]);
    expect(opened[0]!.body.members).toEqual([expect.objectContaining({ id: TeamsDriver.teamsId(BOB) })]);
    expect(reminders(ANA, mark)).toEqual([]);

    // The facilitator's nudge, among their controls in their 1:1 chat: Bob, who still owes a stage, is reminded
    // at once whatever his hour (02:00 in Tokyo); Ana has done everything; a second nudge within the hour is
    // refused and says when it may come; an hour later it may.
    at(15);
    mark = d.mark();
    const nudged = await d.click(FAC, controlsOf(d, TITLE, 'nudge'), 'nudge');
    await d.settle();
    const told = (answer: typeof nudged, since: number) => [String(answer.json.value ?? ''), ...(answer.card ? [cardText(answer.card.card)] : []), ...d.personal(FAC, since).map((m) => cardText(m.card))].join('\n');
    expect(told(nudged, mark)).toContain('A reminder is on its way to the 1 person');
    expect(reminders(BOB, mark)).toHaveLength(1);
    expect(reminders(ANA, mark)).toEqual([]);
    mark = d.mark();
    const tooSoon = await d.click(FAC, controlsOf(d, TITLE, 'nudge'), 'nudge');
    await d.settle();
    expect(told(tooSoon, mark)).toContain('You can remind them again in 60 minutes.');
    expect(reminders(BOB, mark)).toEqual([]);
    // No message of the channel's thread carries the nudge: it is the facilitator's alone.
    expect(elements(w.stepCard(3).card).some((e) => e.verb === 'nudge')).toBe(false);
    at(16.1);
    mark = d.mark();
    await d.click(FAC, controlsOf(d, TITLE, 'nudge'), 'nudge');
    await d.settle();
    expect(reminders(BOB, mark)).toHaveLength(1);

    // Tuesday 09:00 in Montreal: nothing was added since Monday's digest, so none.
    at(28);
    mark = d.mark();
    await tickAll(d);
    expect(inThread(mark).filter((m) => isDigest(m.card))).toEqual([]);

    // An hour before the deadline it is 01:00 in Tokyo: Bob is not woken, and his next morning is past the deadline.
    at(30);
    mark = d.mark();
    await tickAll(d);
    expect(reminders(BOB, mark)).toEqual([]);
    expect(reminders(ANA, mark)).toEqual([]);

    // The deadline: the workshop moves on to the touchpoints step by itself; the thread shows it; nobody is asked.
    at(31);
    mark = d.mark();
    await tickAll(d);
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('touchpoints');
    expect(cardText(w.stepCard(4).card)).toContain('touchpoints');
    expect(inThread(mark).some((m) => cardText(m.card).includes('Step 4 of 7'))).toBe(true);
    expect(d.personal(FAC, mark).filter((m) => cardText(m.card).includes('has passed'))).toEqual([]);
    // The anchor was updated at the deadline too (an update of the same message, after the mark).
    expect(cardText(d.messages(mark).find((m) => m.id === w.root)?.card ?? {})).toContain('Step 4 of 7 — touchpoints');

    // Wednesday: Bob's morning brings nothing (the step he owed is over); Ana adds a touchpoint; the digest says so.
    at(38);
    mark = d.mark();
    await tickAll(d);
    expect(reminders(BOB, mark)).toEqual([]);
    const touchpoint = await d.open(ANA, w.stepCard(4), opens('touchpoint'));
    await d.submit(ANA, touchpoint, { stageId: choice(touchpoint.card, 'stageId', () => true), otherChannel: 'Warehouse desk' });
    expect(await db.prisma.touchpoint.count()).toBe(1);
    at(52);
    mark = d.mark();
    await tickAll(d);
    const wednesday = inThread(mark).filter((m) => isDigest(m.card));
    expect(wednesday).toHaveLength(1);
    expect(cardText(wednesday[0]!.card)).toContain('1 touchpoint');
  }, 90_000); // three days of a workshop, each step through Teams
});
