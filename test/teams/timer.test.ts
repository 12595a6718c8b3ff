// A live session's timer in Teams through /api/messages, on both databases, with the application's clock moved
// by hand and the scheduler ticked by the test: the facilitator starts a timer from the menu of their controls
// (their 1:1 chat), the step's card shows the time left and is updated each minute, "two minutes left" is said
// in the thread, at the end a participant's contribution is refused and the facilitator is offered the next
// step; extended and paused from the same menu. Every card passes checkCard (the driver checks each one it sees).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { teamsAdapter } from '../../src/teams/adapter.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';
import { cardText, elements, FakeConnector } from './helpers/fake-connector.js';
import { execute, hasSubmit, opens, PEOPLE, TeamsDriver, thread, type Seen } from './helpers/driver.js';

const { facilitator: FAC, ana: ANA } = PEOPLE;
const MINUTE = 60_000;
const T0 = new Date('2026-03-02T10:00:00Z').getTime();
const clock = { t: T0, now: (): Date => new Date(clock.t) };
const at = (minutes: number) => { clock.t = T0 + minutes * MINUTE; };

describe.each(providers)('a live timer in Teams, on %s', (provider) => {
  const channel = `19:timer-${provider}@thread.tacv2`;
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;
  let d: TeamsDriver;
  let root = '';

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeConnector().start();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.rawUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en', TEAMS_DEV_MODE: 'loopback' });
    server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [teamsAdapter()], { clock, renderMap: async () => [] });
    d = new TeamsDriver(fake, [server]);
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  const tick = async () => {
    await d.settle();
    await server.layer.tick();
    await d.settle();
  };
  const stepCard = (): string => cardText(d.latest(thread(channel, root), (c) => cardText(c).includes('Step 3 of 7')).card);
  /** The facilitator's controls with a timer menu: the answer to their last click, else the latest in their 1:1 chat. */
  let controls: Seen | null = null;
  const timer = async (op: string): Promise<string> => {
    const seen = controls ?? d.latestPersonal(FAC, (c) => elements(c).some((e) => e.verb === 'timer'));
    const input = String((execute(seen.card, 'timer').data as { input: string }).input);
    const choices = (elements(seen.card).find((e) => e.id === input)!.choices ?? []) as { value: string }[];
    const value = choices.find((c) => c.value.endsWith(`~${op}`));
    expect(value, `the timer menu offers ${op}`).toBeDefined();
    const since = d.mark();
    const answer = await d.click(FAC, seen, 'timer', { [input]: value!.value });
    // Teams answers the click with a short text; the controls, their menu changed, come again in the 1:1 chat.
    const told = [answer.card, ...d.personal(FAC, since)].filter((x): x is Seen => x !== null);
    controls = told.filter((x) => elements(x.card).some((e) => e.verb === 'timer')).pop() ?? null;
    expect(controls, 'the controls again, with their timer menu').not.toBeNull();
    return [String(answer.json.value ?? ''), ...told.map((x) => cardText(x.card))].join('\n');
  };
  it('starts from the controls, counts down on the step card, warns, closes the step at the end; extend and pause', async () => {
    at(-5);
    const since = d.mark();
    await d.say(FAC, channel, 'new en');
    await d.submit(FAC, d.latest(channel, hasSubmit, since), { title: 'Live pick-up', mode: 'live', persona_name: 'Claire', goal: 'Pick up fast', department_0: 'Stores', voteBudget: '2' });
    root = d.messages(since).find((m) => m.conversation === channel && !hasSubmit(m.card) && cardText(m.card).includes('Live pick-up'))!.id;
    const join = await d.open(ANA, d.latest(thread(channel, root), (c) => cardText(c).includes('Step 1 of 7')), opens('join'));
    await d.submit(ANA, join, {});
    for (let i = 0; i < 2; i += 1) await d.click(FAC, d.latestPersonal(FAC, (c) => elements(c).some((e) => e.verb === 'advance')), 'advance');
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');

    at(0);
    expect(await timer('10')).toContain('Timer started: 10 minutes for the stages step.');
    expect(stepCard()).toContain('⏱ 10 min left');

    at(1);
    await tick();
    expect(stepCard()).toContain('⏱ 9 min left');

    at(8);
    const warn = d.mark();
    await tick();
    expect(d.messages(warn).filter((m) => m.conversation === thread(channel, root) && cardText(m.card).includes('Two minutes left for the stages step.'))).toHaveLength(1);

    at(10);
    const end = d.mark();
    await tick();
    const ended = d.personal(FAC, end).find((m) => cardText(m.card).includes('Time is up for the stages step: its contributions are closed.'));
    expect(ended).toBeDefined();
    expect(elements(ended!.card).some((e) => e.verb === 'advance')).toBe(true);
    expect(stepCard()).toContain('Time is up for this step');
    const form = await d.open(ANA, d.latest(thread(channel, root), (c) => cardText(c).includes('Step 3 of 7')), opens('stage'));
    const refused = await d.submit(ANA, form, { label: 'I pick up my furniture at the warehouse desk', phase: 'after' });
    expect(cardText(refused.card?.card ?? {}) + JSON.stringify(refused.json)).toContain('Time is up for this step: the facilitator can extend the timer or move on.');
    expect(await db.prisma.stage.count()).toBe(0);

    at(11);
    expect(await timer('extend')).toContain('Timer extended by 5 minutes.');
    expect(stepCard()).toContain('⏱ 5 min left');
    at(12);
    expect(await timer('pause')).toContain('Timer paused.');
    expect(stepCard()).toContain('Timer paused — 4 min left');
  }, 60_000); // PostgreSQL's job queue makes each click slower than SQLite's
});
