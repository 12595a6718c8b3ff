// What the scheduling tests of Teams share (test/teams/scheduling*.test.ts): a server with the test's clock,
// a workshop set up as people do it (the framing form, joins, the facilitator's "next step"), and the
// facilitator's menus (their settings, the live timer) chosen as Teams sends a choice: the menu's input
// merged into the Action.Execute's data.
import { expect } from 'vitest';
import type { Clock } from '../../../src/core/engine.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { teamsAdapter } from '../../../src/teams/adapter.js';
import { cardText, elements } from './fake-connector.js';
import { hasSubmit, opens, PEOPLE, thread, type Card, type Seen, type TeamsDriver, type TeamsUser } from './driver.js';

/** A server of Teams' local development mode with the test's clock; `env` adds settings (a shared URL secret for replicas). */
export async function startClocked(databaseUrl: string, clock: Clock, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en', TEAMS_DEV_MODE: 'loopback', ...env });
  return startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [teamsAdapter()], { clock, renderMap: async () => [] });
}

/** Every server of the driver hands over what fell due, each twice and all at once (as replicas' schedulers may), then their jobs run. */
export async function tickAll(d: TeamsDriver): Promise<void> {
  await d.settle();
  await Promise.all(d.servers.flatMap((s) => [s.layer.tick(), s.layer.tick()]));
  await d.settle();
}

export interface TeamsWorkshop {
  channel: string;
  /** The anchor's message id: the workshop's thread is `thread(channel, root)`. */
  root: string;
  /** The step's card in the thread, by its number ("Step 3 of 7"), as last sent or updated. */
  stepCard(n: number): Seen;
}

/**
 * A workshop made through Teams: `new en` in the channel, the framing form submitted with `framing` over its
 * defaults, `participants` joined from the first step's card, then moved on to the stages step.
 */
export async function stagesWorkshop(d: TeamsDriver, channel: string, title: string, participants: TeamsUser[], framing: Record<string, string> = {}): Promise<TeamsWorkshop> {
  const FAC = PEOPLE.facilitator;
  const since = d.mark();
  await d.say(FAC, channel, 'new en');
  await d.submit(FAC, d.latest(channel, hasSubmit, since), { title, mode: 'async', persona_name: 'Claire', goal: 'Pick up fast', department_0: 'Sales', voteBudget: '2', ...framing });
  const root = d.messages(since).find((m) => m.conversation === channel && !hasSubmit(m.card) && cardText(m.card).includes(title))!.id;
  const stepCard = (n: number): Seen => d.latest(thread(channel, root), (c) => cardText(c).includes(`Step ${n} of 7`));
  for (const who of participants) await d.submit(who, await d.open(who, stepCard(1), opens('join')), {});
  for (let i = 0; i < 2; i += 1) await d.click(FAC, controlsOf(d, title), 'advance');
  expect(cardText(stepCard(3).card), 'the thread shows the stages step').toContain('stages');
  return { channel, root, stepCard };
}

/** The facilitator's latest controls for a workshop (their 1:1 chat), with the menu or button `verb`. */
export function controlsOf(d: TeamsDriver, title: string, verb = 'advance'): Seen {
  return d.latestPersonal(PEOPLE.facilitator, (c) => cardText(c).includes(title) && elements(c).some((e) => e.verb === verb));
}

/**
 * The choice of a menu (an Action.Execute whose data names its Input.ChoiceSet) whose value ends with
 * `~option`: the action to click and the input's value Teams merges into its data.
 */
export function menuChoice(card: Card, verb: string, option: string): { action: (a: Record<string, unknown>) => boolean; inputs: Record<string, string> } {
  for (const action of elements(card).filter((e) => e.type === 'Action.Execute' && e.verb === verb)) {
    const input = (action.data as { input?: unknown } | undefined)?.input;
    if (typeof input !== 'string') continue;
    const choices = (elements(card).find((e) => e.id === input)?.choices ?? []) as { value: string }[];
    const found = choices.find((c) => c.value.endsWith(`~${option}`));
    if (found) return { action: (a) => a === action, inputs: { [input]: found.value } };
  }
  throw new Error(`no menu ${verb} offering ${option} in ${cardText(card).slice(0, 400)}`);
}

/** A form chosen in a menu of the facilitator's controls ("Workshop settings…"): the answer's card, else the one sent to their 1:1 chat. */
export async function openFromMenu(d: TeamsDriver, controls: Seen, form: string): Promise<Seen> {
  const FAC = PEOPLE.facilitator;
  const { action, inputs } = menuChoice(controls.card, 'openForm', form);
  const since = d.mark();
  const answer = await d.click(FAC, controls, action, inputs);
  const opened = answer.card && hasSubmit(answer.card.card) ? answer.card : d.personal(FAC, since).filter((m) => hasSubmit(m.card)).pop();
  if (!opened) throw new Error(`the ${form} form did not open: ${JSON.stringify(answer.json).slice(0, 300)}`);
  return opened;
}

/** An operation of the timer menu of the facilitator's controls ('10', 'extend', 'pause'…): what Teams answered, as text. */
export async function timerOp(d: TeamsDriver, controls: Seen, op: string): Promise<string> {
  const { action, inputs } = menuChoice(controls.card, 'timer', op);
  const answer = await d.click(PEOPLE.facilitator, controls, action, inputs);
  return `${String(answer.json.value ?? '')}\n${answer.card ? cardText(answer.card.card) : ''}`;
}
