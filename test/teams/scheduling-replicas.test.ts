// Reminders, a deadline and a live timer through the Teams adapter with two replicas on one PostgreSQL
// database, both ticking at once, then a restart in the middle: every server closed while a reminder and the
// timer's end are still ahead, fresh ones started on the same database, the clock moved on. Each reminder, the
// timer's "two minutes left" and its end reach Teams exactly once whichever replica runs them; what fell due
// while no server ran is sent once by the fresh ones; a workshop closed meanwhile gets nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { freshDatabase, serverProvider, type TestDatabase } from '../helpers/database.js';
import { cardText, FakeConnector } from './helpers/fake-connector.js';
import { opens, PEOPLE, TeamsDriver, thread, type TeamsUser } from './helpers/driver.js';
import { controlsOf, stagesWorkshop, startClocked, tickAll, timerOp, type TeamsWorkshop } from './helpers/scheduling.js';

const { facilitator: FAC, ana: ANA, bob: BOB } = PEOPLE;
const MINUTE = 60_000;
/** Monday 2 March 2026, 10:00 UTC. Nobody's time zone is known: working hours are UTC's, 09:00–18:00. */
const T0 = new Date('2026-03-02T10:00:00Z').getTime();
const clock = { t: T0, now: (): Date => new Date(clock.t) };
const at = (minutes: number) => { clock.t = T0 + minutes * MINUTE; };
/** Replicas read each other's signed cards. */
const SHARED = { PARCOURS_URL_SECRET: 'a-replica-secret-of-at-least-thirty-two-chars', PARCOURS_PUBLIC_URL: 'https://parcours.example.test' };
const KEPT = 'Replicas — pick-up';
const CLOSED = 'Replicas — closed meanwhile';

describe(`reminders, a deadline and a timer through Teams with two replicas and a restart, on ${serverProvider}`, () => {
  let db: TestDatabase;
  let fake: FakeConnector;
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    at(0);
    db = await freshDatabase(serverProvider);
    fake = await new FakeConnector().start();
  });

  afterAll(async () => {
    for (const s of servers) await s.close();
    await fake?.stop();
    await db?.close();
  });

  /** Closes every server there is, then starts two fresh ones on the same database; activities go to each in turn. */
  async function replicas(): Promise<TeamsDriver> {
    for (const s of servers) await s.close();
    servers = [await startClocked(db.rawUrl, clock, SHARED), await startClocked(db.rawUrl, clock, SHARED)];
    return new TeamsDriver(fake, servers);
  }

  it('sends each reminder, the warning and the end once with two replicas ticking, and loses nothing across a restart', async () => {
    let d = await replicas();
    // Both stages steps are due Tuesday 3 March (17:00 UTC): reminders 24 hours and 1 hour before.
    const kept = await stagesWorkshop(d, '19:replicas-kept@thread.tacv2', KEPT, [ANA, BOB], { deadline_stages: '2026-03-03' });
    const closed = await stagesWorkshop(d, '19:replicas-closed@thread.tacv2', CLOSED, [ANA], { deadline_stages: '2026-03-03' });
    const reminders = (who: TeamsUser, title: string, since = 0) => d.personal(who, since).filter((m) => cardText(m.card).includes(`Reminder — ${title}`));
    const inThread = (w: TeamsWorkshop, text: string, since = 0) => d.messages(since).filter((m) => m.conversation === thread(w.channel, w.root) && cardText(m.card).includes(text));
    const timeUp = (since = 0) => d.personal(FAC, since).filter((m) => cardText(m.card).includes('Time is up for the stages step: its contributions are closed.'));
    const WARNING = 'Two minutes left for the stages step.';

    // A ten-minute timer, started at 10:30 from the facilitator's controls.
    at(30);
    expect(await timerOp(d, controlsOf(d, KEPT, 'timer'), '10')).toContain('Timer started: 10 minutes for the stages step.');
    at(38);
    await tickAll(d);
    expect(inThread(kept, WARNING)).toHaveLength(1);
    at(40);
    await tickAll(d);
    expect(timeUp()).toHaveLength(1);
    expect(inThread(kept, WARNING)).toHaveLength(1);

    // 17:00, 24 hours before: everyone who owes a stage, once, whichever replica ran it.
    at(7 * 60);
    await tickAll(d);
    expect(reminders(ANA, KEPT)).toHaveLength(1);
    expect(reminders(BOB, KEPT)).toHaveLength(1);
    expect(reminders(ANA, CLOSED)).toHaveLength(1);
    // Ana does her part from her reminder (the timer is extended first: its end closed the step's contributions).
    at(7 * 60 + 5);
    expect(await timerOp(d, controlsOf(d, KEPT, 'timer'), 'extend')).toContain('Timer extended by 5 minutes.');
    await d.submit(ANA, await d.open(ANA, reminders(ANA, KEPT)[0]!, opens('stage')), { label: 'I pick up my furniture', phase: 'after' });
    expect(await db.prisma.stage.count()).toBe(1);

    // Every server stops with the timer's warning (17:08), its end (17:10) and the next reminders still ahead.
    for (const s of servers) await s.close();
    servers = [];
    const restart = fake.recorded.length;
    at(7 * 60 + 9);
    d = await replicas();
    // The other workshop is closed before anything more falls due.
    await d.click(FAC, controlsOf(d, CLOSED, 'close'), 'close');
    expect((await db.prisma.workshop.findFirstOrThrow({ where: { title: CLOSED } })).status).toBe('closed');

    // The warning fell due while no server ran: sent once now; then the end, once.
    await tickAll(d);
    expect(inThread(kept, WARNING, restart)).toHaveLength(1);
    expect(timeUp(restart)).toEqual([]);
    at(7 * 60 + 10);
    await tickAll(d);
    await tickAll(d);
    expect(timeUp(restart)).toHaveLength(1);
    expect(inThread(kept, WARNING, restart)).toHaveLength(1);

    // Tuesday 16:00, an hour before: Bob only (Ana did her part), and nothing for the closed workshop.
    at(30 * 60);
    await tickAll(d);
    expect(reminders(BOB, KEPT, restart)).toHaveLength(1);
    expect(reminders(ANA, KEPT, restart)).toEqual([]);
    expect(reminders(ANA, CLOSED, restart)).toEqual([]);

    // 17:00: the deadline; the facilitator is asked once, for the workshop still open only.
    at(31 * 60);
    await tickAll(d);
    const asked = (title: string) => d.personal(FAC, restart).filter((m) => cardText(m.card).includes(`The deadline of the stages step of “${title}” has passed.`));
    expect(asked(KEPT)).toHaveLength(1);
    expect(asked(CLOSED)).toEqual([]);

    // All in all, each once.
    expect([reminders(ANA, KEPT), reminders(BOB, KEPT), reminders(ANA, CLOSED), timeUp(), inThread(kept, WARNING)].map((x) => x.length)).toEqual([1, 2, 1, 2, 2]);
    expect(inThread(closed, WARNING)).toEqual([]);
  }, 120_000); // two workshops set up through Teams on two PostgreSQL replicas: each activity waits for both to be idle
});
