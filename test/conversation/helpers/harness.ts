// The real server with no chat adapter at all, a RecordingPlatform registered with its conversation layer,
// and a small driver that acts like people on a platform would: it sends intents to `layer.handle`, and
// takes the buttons it clicks and the forms it fills from what the platform was asked to show.
import { expect } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { MapRenderer } from '../../../src/conversation/deps.js';
import type { FormState, Intent, Origin } from '../../../src/conversation/intents.js';
import type { Answer, Reply } from '../../../src/conversation/replies.js';
import { createLogger } from '../../../src/log.js';
import type { ActionName } from '../../../src/present/actions.js';
import type { ActionView, FieldView, FormValues, FormView, StepView } from '../../../src/present/model.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { RecordingPlatform, type CallOf } from './recording-platform.js';

/** A map drawn for nothing: the tests are about who receives what, not the picture. */
export const cheapMap: MapRenderer = async () => [{ name: 'map', png: Buffer.from('png') }];

/** The platform's workspace (a Teams tenant). */
export const TENANT = 'tenant-0001';

export interface Person {
  id: string;
  name: string;
}

/** Starts the real server on `databaseUrl` with no chat adapter, and registers `platform` (when given) with its layer. */
export async function startTeamsServer(databaseUrl: string, platform: RecordingPlatform | null, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en', ...env });
  const server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [], { renderMap: cheapMap });
  if (platform) await server.layer.register(platform);
  return server;
}

let deliveries = 0;

/** A fresh delivery id, as a platform gives each request (a re-delivery carries the same one). */
export function deliveryId(): string {
  deliveries += 1;
  return `delivery-${process.pid}-${deliveries}`;
}

export interface Where {
  /** The thread acted in (a click on a message in the workshop's thread); null for a typed command. */
  threadId?: string | null;
  /** A re-delivery: the same id as before. */
  deliveryId?: string;
  /** Elsewhere than this conversation (null: a home tab). */
  conversationId?: string | null;
  /** Another workspace of the platform. */
  workspace?: string;
}

/** People in one conversation of the fake platform. */
export class Conversation {
  constructor(readonly server: RunningServer, readonly platform: RecordingPlatform, readonly conversationId: string) {}

  origin(person: Person, where: Where = {}): Origin {
    return {
      platform: 'teams', workspace: where.workspace ?? TENANT, workspaceName: 'Contoso', userId: person.id, displayName: person.name,
      conversationId: where.conversationId === undefined ? this.conversationId : where.conversationId, threadId: where.threadId ?? null, deliveryId: where.deliveryId ?? deliveryId(),
    };
  }

  handle(person: Person, intent: Intent, where: Where = {}): Promise<Answer> {
    return this.server.layer.handle(this.origin(person, where), intent);
  }

  command(person: Person, text: string, where: Where = {}): Promise<Answer> {
    return this.handle(person, { kind: 'command', text }, where);
  }

  /** Clicks a button (or picks a menu choice) of a message in the workshop's thread. */
  click(person: Person, action: ActionName, value: string, where: Where = {}): Promise<Answer> {
    return this.handle(person, { kind: 'action', action, value, form: null }, { threadId: this.anchorId(), ...where });
  }

  /** Submits a form that was opened, with values by field id. */
  submit(person: Person, opened: Reply, values: FormValues, where: Where = {}): Promise<Answer> {
    const { form, state } = openedForm(opened);
    return this.handle(person, { kind: 'submit', state, values, fieldIds: form.fields.map((f) => f.id), title: form.title }, where);
  }

  /** Opens a form from the current step message's button, then submits it with the values `fill` gives. */
  async fill(person: Person, form: string, fill: FormValues | ((form: FormView) => FormValues)): Promise<Answer> {
    const button = this.button((a) => a.action === 'openForm' && a.value.endsWith(`~${form}`));
    const opened = await this.click(person, 'openForm', button.value);
    const view = openedForm(opened.reply).form;
    const answer = await this.submit(person, opened.reply, typeof fill === 'function' ? fill(view) : fill);
    expect(answer.reply, JSON.stringify(answer.reply)).toEqual({ kind: 'closeForm' });
    return answer;
  }

  /** Clicks the facilitator's "next step" control of the current step message. */
  async advance(person: Person): Promise<Answer> {
    return this.click(person, 'advance', this.control('advance').value);
  }

  // ------------------------------------------------------------------------------ what the platform shows

  /** The posts in this conversation. */
  posts(kind?: CallOf<'post'>['message']['kind'], since = 0): CallOf<'post'>[] {
    return this.platform.of('post', since).filter((c) => c.conversationId === this.conversationId && (!kind || c.message.kind === kind));
  }

  anchorId(): string | null {
    return this.posts('anchor')[0]?.id ?? null;
  }

  /** The latest step message posted here, and what it shows now. */
  stepMessage(): { id: string; view: StepView } {
    const posted = this.posts('step').at(-1);
    if (!posted) throw new Error(`no step message in ${this.conversationId}`);
    const message = this.platform.current(posted.id);
    if (message.kind !== 'step') throw new Error('not a step message');
    return { id: posted.id, view: message.view };
  }

  /** A button of the current step message (its actions, its items' actions) or of the facilitator's latest private controls. */
  button(match: (a: ActionView) => boolean): ActionView {
    const view = this.stepMessage().view;
    const all = [...view.actions, ...view.sections.flatMap((s) => (s.items ?? []).flatMap((i) => i.actions ?? [])), ...this.controls()];
    const found = all.find(match);
    if (!found) throw new Error(`no such button in ${JSON.stringify(all.map((a) => [a.action, a.value]))}`);
    return found;
  }

  /** The facilitator's controls, as last told to them privately (they are in no message everyone sees). */
  controls(): ActionView[] {
    const told = this.platform.of('tell').filter((c) => c.who.conversationId === this.conversationId && c.notice.actions?.some((a) => a.action === 'advance' || a.action === 'close'));
    return told.at(-1)?.notice.actions ?? [];
  }

  control(action: 'advance' | 'close'): ActionView {
    const found = this.controls().find((a) => a.action === action);
    if (!found) throw new Error(`no ${action} control told to the facilitator`);
    return found;
  }
}

export function openedForm(reply: Reply): { form: FormView; state: FormState } {
  if (reply.kind !== 'openForm' && reply.kind !== 'nextForm') throw new Error(`expected a form, got ${JSON.stringify(reply).slice(0, 400)}`);
  return { form: reply.form, state: reply.state };
}

/** The value of the choice of a select field whose label `match` accepts (in flat choices or groups). */
export function choice(form: FormView, field: string, match: (label: string, group?: string) => boolean): string {
  const f: FieldView | undefined = form.fields.find((x) => x.id === field);
  if (!f) throw new Error(`no field ${field} in ${form.form}`);
  const flat = (f.choices ?? []).map((c) => ({ ...c, group: undefined as string | undefined }));
  const grouped = (f.groups ?? []).flatMap((g) => g.choices.map((c) => ({ ...c, group: g.label })));
  const found = [...flat, ...grouped].find((c) => match(c.label, c.group));
  if (!found) throw new Error(`no matching choice for ${field}: ${JSON.stringify([...flat, ...grouped])}`);
  return found.value;
}

/** Waits until `check` holds (jobs retried later than `idle()` looks), or fails after `timeoutMs`. */
export async function eventually(server: RunningServer, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await server.layer.idle();
    if (check()) return;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface WorkshopText {
  language: 'en' | 'fr';
  title: string;
  departments: string[];
  stage: string;
  channel: string;
  irritant: string;
  solution: (department: string) => string;
}

export const ENGLISH: WorkshopText = {
  language: 'en', title: 'Furniture store — pick-up', departments: ['Sales', 'Stores'], stage: 'I pick up my furniture at the warehouse desk',
  channel: 'Pick-up counter', irritant: 'One hour of waiting at pick-up', solution: (d) => `Prepare the order before the customer arrives (${d})`,
};

/**
 * Frames a workshop through intents only — `new`, then the framing form — with one department per head.
 * Returns the workshop's id once its messages are posted.
 */
export async function frame(c: Conversation, fac: Person, heads: Person[], t: WorkshopText = ENGLISH): Promise<string> {
  const opened = await c.command(fac, `new ${t.language}`);
  const departments = Object.fromEntries(heads.flatMap((h, i) => [[`department_${i}`, t.departments[i] ?? `Department ${i + 1}`], [`head_${i}`, h.id]]));
  const answer = await c.submit(fac, opened.reply, {
    title: t.title, language: t.language, mode: 'live', journey: 'current', basis: 'staff', persona_name: 'Claire', goal: 'Pick up my furniture without waiting',
    voteBudget: '2', ...departments,
  });
  expect(answer.reply).toEqual({ kind: 'closeForm' });
  await c.server.layer.idle();
  return c.stepMessage().view.workshopId;
}

/**
 * Takes a framed workshop to its roadmap step through intents only: a stage, a touchpoint, an irritant, and
 * one rated solution per department, each added by `participant` from the buttons and forms shown.
 */
export async function toRoadmap(c: Conversation, fac: Person, participant: Person, t: WorkshopText = ENGLISH): Promise<void> {
  const idle = () => c.server.layer.idle();
  const ok = (a: Answer) => expect(a.reply, JSON.stringify(a.reply)).toEqual({ kind: 'none' });
  ok(await c.advance(fac)); // persona (given with the framing)
  await idle();
  ok(await c.advance(fac)); // stages
  await idle();
  await c.fill(participant, 'stage', { label: t.stage, phase: 'after' });
  await idle();
  ok(await c.advance(fac)); // touchpoints
  await idle();
  await c.fill(participant, 'touchpoint', (f) => ({ stageId: choice(f, 'stageId', (l) => l.includes(t.stage)), otherChannel: t.channel, description: '' }));
  await idle();
  ok(await c.advance(fac)); // evaluation
  await idle();
  // One stage: it is chosen already, and its touchpoints are offered.
  await c.fill(participant, 'observation', (f) => ({ kind: 'irritant', stageId: choice(f, 'stageId', (l) => l.includes(t.stage)), touchpointId: choice(f, 'touchpointId', (l) => l === t.channel), text: t.irritant, momentOfTruth: true }));
  await idle();
  ok(await c.advance(fac)); // solutions
  await idle();
  const departments = (await c.server.queries.snapshot(await c.server.layer.workspaceOf('teams', TENANT), c.stepMessage().view.workshopId)).departments;
  // The facilitator proposes them: choosing the owning department is theirs (or a head's), not a participant's.
  for (const department of departments) {
    await c.fill(fac, 'solution', (f) => ({
      text: t.solution(department.name), addresses: [choice(f, 'addresses', (l) => l.includes(t.irritant))],
      departmentId: choice(f, 'departmentId', (l) => l === department.name), impact: '5', effort: '2',
    }));
  }
  await idle();
  ok(await c.advance(fac)); // roadmap
  await idle();
}
