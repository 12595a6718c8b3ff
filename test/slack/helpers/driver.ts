// Drives a workshop through Slack as people would: slash commands, clicks on the buttons the app posted,
// forms filled in and submitted — each a signed request to one of the replicas, in turn.
import { expect } from 'vitest';
import type { Db } from '../../../src/db/client.js';
import type { FakeSlack } from './fake-slack.js';
import {
  appHomeOpened, blockAction, buttons, findButton, FORM, formAction, JSON_TYPE, send, settle, slashCommand, viewSubmission,
  type Button, type Replica, type Sent, type User,
} from './harness.js';

export const CHANNEL = 'C0WORKSHOP';

export type Values = Record<string, string | string[] | boolean | number | null>;

export class Driver {
  private turn = 0;
  private homes = 0;
  /** When set, every request is sent twice (to two replicas when there are two), as a Slack retry. */
  duplicate = false;

  constructor(readonly fake: FakeSlack, readonly replicas: Replica[], readonly db: Db) {}

  private next(): Replica {
    const r = this.replicas[this.turn % this.replicas.length]!;
    this.turn += 1;
    return r;
  }

  async send(body: string, type: string): Promise<Sent> {
    const first = await send(this.next(), body, type);
    if (this.duplicate) {
      const again = await send(this.next(), body, type, 1);
      expect(again.status).toBe(200);
    }
    await settle(...this.replicas);
    return first;
  }

  command(user: User, text: string, channel = CHANNEL): Promise<Sent> {
    return this.send(slashCommand(user, text, channel), FORM);
  }

  homeOpened(user: User, eventId: string): Promise<Sent> {
    return this.send(appHomeOpened(user, eventId), JSON_TYPE);
  }

  /** The latest workshop's conversation, with Slack's names for its messages (the anchor's and the step's ts). */
  async conversation() {
    const rows = await this.db.conversation.findMany({ orderBy: { createdAt: 'desc' } });
    const row = rows[0]!;
    return { ...row, channelId: row.conversationId, anchorTs: row.rootMessageId, stepTs: row.stepMessageId };
  }

  async stepMessage(): Promise<{ ts: string; blocks: unknown[]; text: string; thread: string }> {
    const c = await this.conversation();
    expect(c.stepTs, 'the step message was posted').toBeTruthy();
    const m = this.fake.message(c.stepTs!);
    expect(m, `message ${c.stepTs}`).toBeDefined();
    return { ts: c.stepTs!, blocks: m!.blocks as unknown[], text: String(m!.text), thread: c.anchorTs! };
  }

  async anchorMessage(): Promise<{ ts: string; blocks: unknown[]; text: string }> {
    const c = await this.conversation();
    const m = this.fake.message(c.anchorTs!);
    return { ts: c.anchorTs!, blocks: m!.blocks as unknown[], text: String(m!.text) };
  }

  /**
   * Clicks a button of the current step message or, for the facilitator's controls (which no channel
   * message carries), of the latest private message that has it: the user's own first, else anyone's —
   * someone else clicking it stands for a forged click, which the engine must refuse.
   */
  async click(user: User, action: string, valueMatch?: (v: string) => boolean, selected?: string): Promise<Sent> {
    const step = await this.stepMessage();
    const here = buttons(step.blocks).some((b) => b.action_id.split('.')[0] === action && (!valueMatch || valueMatch(b.value ?? '')));
    const button = findButton(here ? step.blocks : this.privateBlocksWith(user, (bs) => buttons(bs).some((b) => b.action_id.split('.')[0] === action && (!valueMatch || valueMatch(b.value ?? '')))), action, valueMatch);
    return this.clickButton(user, button, step, selected);
  }

  /** The ephemeral messages shown so far, newest first: to `user` first, then to anyone else. */
  privateMessages(user?: User): { user: string; blocks: unknown[] }[] {
    const all = this.fake.of('chat.postEphemeral').map((c) => ({ user: String(c.args.user), blocks: (c.args.blocks ?? []) as unknown[] })).reverse();
    return user ? [...all.filter((m) => m.user === user.id), ...all.filter((m) => m.user !== user.id)] : all;
  }

  private privateBlocksWith(user: User, has: (blocks: unknown[]) => boolean): unknown[] {
    return this.privateMessages(user).find((m) => has(m.blocks))?.blocks ?? [];
  }

  clickButton(user: User, button: Button, step: { ts: string; thread: string }, selected?: string): Promise<Sent> {
    return this.send(blockAction(user, button, { channel: CHANNEL, messageTs: step.ts, threadTs: step.thread }, selected), FORM);
  }

  /** The user's App Home tab as last published. */
  homeOf(user: User): { id: string; blocks: unknown[] } {
    const call = [...this.fake.of('views.publish')].reverse().find((c) => c.args.user_id === user.id);
    expect(call, `views.publish for ${user.id}`).toBeDefined();
    const view = call!.response!.view as { id: string; blocks: unknown[] };
    return { id: view.id, blocks: view.blocks };
  }

  /** Opens the App Home tab, then clicks a button (or picks a menu choice) in it. */
  async clickInHome(user: User, action: string, valueMatch?: (v: string) => boolean, selected?: string): Promise<Sent> {
    this.homes += 1;
    await this.homeOpened(user, `Ev0HOMECLICK${this.homes}`);
    const home = this.homeOf(user);
    return this.send(blockAction(user, findButton(home.blocks, action, valueMatch), { home: { id: home.id } }, selected), FORM);
  }

  /** The last modal opened for this user, as Slack would hold it (with its id and hash). */
  lastModal(user: User, method: 'views.open' | 'views.update' = 'views.open'): Record<string, unknown> {
    const call = [...this.fake.of(method)].reverse().find((c) => method === 'views.update' || String(c.args.trigger_id).endsWith(`.${user.id}`));
    expect(call, `${method} for ${user.id}`).toBeDefined();
    return call!.response!.view as Record<string, unknown>;
  }

  /** Opens a form with one of the step message's buttons, fills it in, submits it. */
  async fill(user: User, form: string, values: Values | ((view: Record<string, unknown>) => Values)): Promise<Sent> {
    const opened = this.fake.of('views.open').length;
    await this.click(user, 'openForm', (v) => v.endsWith(`~${form}`));
    expect(this.fake.of('views.open').length, `the ${form} form opened`).toBeGreaterThan(opened);
    const view = this.lastModal(user);
    return this.submit(user, view, typeof values === 'function' ? values(view) : values);
  }

  submit(user: User, view: Record<string, unknown>, values: Record<string, string | string[] | boolean | number | null>, override = {}): Promise<Sent> {
    return this.send(viewSubmission(user, view, values, override), FORM);
  }

  /** Picks a form in one of the step message's menus ("Edit or remove…", "Workshop settings…"). */
  async choose(user: User, form: string): Promise<Sent> {
    const step = await this.stepMessage();
    const offers = (blocks: unknown[]) => buttons(blocks).find((b) => b.type === 'static_select' && (b.options ?? []).some((o) => o.value.endsWith(`~${form}`)));
    // The settings menu is among the facilitator's private controls (see click).
    // Then the App Home tabs as last published: the controls there are drawn afresh each time a tab is opened.
    const homes = [...this.fake.of('views.publish')].reverse().map((c) => ((c.response?.view ?? {}) as { blocks?: unknown[] }).blocks ?? []);
    const menu = offers(step.blocks) ?? offers(this.privateBlocksWith(user, (bs) => offers(bs) !== undefined)) ?? homes.map(offers).find((m) => m !== undefined);
    if (!menu) throw new Error(`no menu offers ${form} in ${JSON.stringify(step.blocks).slice(0, 800)}`);
    return this.clickButton(user, menu, step, menu.options!.find((o) => o.value.endsWith(`~${form}`))!.value);
  }

  /** Picks a form in a menu, fills it in and submits it; returns the submission's answer and the form. */
  async edit(user: User, form: string, values: Values | ((view: Record<string, unknown>) => Values)): Promise<{ sent: Sent; view: Record<string, unknown> }> {
    const opened = this.fake.of('views.open').length;
    await this.choose(user, form);
    expect(this.fake.of('views.open').length, `the ${form} form opened`).toBeGreaterThan(opened);
    const view = this.lastModal(user);
    expect(view.callback_id).toBe(form);
    return { sent: await this.submit(user, view, typeof values === 'function' ? values(view) : values), view };
  }

  /** Submits the form a submission answered with (`response_action: update`), in the same modal. */
  async submitNext(user: User, previous: { sent: Sent; view: Record<string, unknown> }, values: Values | ((view: Record<string, unknown>) => Values)): Promise<{ sent: Sent; view: Record<string, unknown> }> {
    const answer = previous.sent.json() as { response_action?: string; view?: Record<string, unknown> };
    expect(answer.response_action, JSON.stringify(answer).slice(0, 300)).toBe('update');
    const view = { ...answer.view!, id: previous.view.id, hash: `${String(previous.view.hash)}-next` };
    return { sent: await this.submit(user, view, typeof values === 'function' ? values(view) : values), view };
  }

  /**
   * Makes a choice in an open form that redraws it (a stage, whose touchpoints are then offered): returns the
   * form as Slack then holds it, with a new hash.
   */
  async refresh(user: User, view: Record<string, unknown>, field: string, values: Values): Promise<Record<string, unknown>> {
    const updates = this.fake.of('views.update').length;
    await this.send(formAction(user, view, field, values), FORM);
    const update = this.fake.of('views.update')[updates];
    expect(update, `the form was redrawn after choosing ${field}`).toBeDefined();
    expect(update!.args.view_id).toBe(view.id);
    return update!.response!.view as Record<string, unknown>;
  }

  /**
   * Adds an observation as people do: opens the form, chooses the stage (the form is redrawn with its
   * touchpoints), then the touchpoint whose label matches — none: the whole stage — and submits.
   */
  async observe(user: User, stage: (label: string) => boolean, touchpoint: ((label: string) => boolean) | null, values: Values): Promise<Sent> {
    const opened = this.fake.of('views.open').length;
    await this.click(user, 'openForm', (v) => v.endsWith('~observation'));
    expect(this.fake.of('views.open').length, 'the observation form opened').toBeGreaterThan(opened);
    let view = this.lastModal(user);
    const stageId = Driver.choice(view, 'stageId', stage);
    view = await this.refresh(user, view, 'stageId', { ...values, stageId });
    const block = (view.blocks as { block_id?: string }[]).find((b) => b.block_id?.startsWith('touchpointId|'))?.block_id;
    const touchpointId = touchpoint && block ? Driver.choice(view, block, touchpoint) : null;
    return this.submit(user, view, { ...values, stageId, ...(touchpointId ? { touchpointId } : {}) });
  }

  /** What the user was told privately since `from` (ephemeral messages and DMs to them). */
  toldTo(user: User, from = 0): string[] {
    return this.fake.calls.slice(from).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === user.id).map((c) => JSON.stringify(c.args.blocks) + String(c.args.text));
  }

  mark(): number {
    return this.fake.calls.length;
  }

  /** Chooses a value in a form's select by its label. */
  static choice(view: Record<string, unknown>, field: string, label: (text: string) => boolean): string {
    const block = (view.blocks as { block_id?: string; element?: { options?: { value: string; text: { text: string } }[]; option_groups?: { options: { value: string; text: { text: string } }[] }[] } }[]).find((b) => b.block_id === field);
    const options = [...(block?.element?.options ?? []), ...(block?.element?.option_groups ?? []).flatMap((g) => g.options)];
    const found = options.find((o) => label(o.text.text));
    if (!found) throw new Error(`no option in ${field}: ${options.map((o) => o.text.text).join(' | ')}`);
    return found.value;
  }
}
