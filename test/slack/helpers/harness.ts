// Runs the real server (`startServer`) with the real Slack adapter on a local port, its Web API client
// pointed at a FakeSlack, and sends it signed HTTP requests like Slack does: slash commands, block actions,
// view submissions, events. Several replicas can share one database and one fake Slack.
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { startServer, type Adapter, type RunningServer, type ServerOptions } from '../../../src/server.js';
import type { Clock } from '../../../src/core/engine.js';
import { slackAdapter } from '../../../src/slack/adapter.js';
import type { SlackApp } from '../../../src/slack/app.js';
import type { MapRenderer } from '../../../src/conversation/deps.js';
import { checkSurface, type Surface } from '../../../src/slack/limits.js';
import type { FakeSlack } from './fake-slack.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-0000-test-bot-token';

export function sign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface Replica {
  server: RunningServer;
  slack: SlackApp;
  url: string;
}

export interface ReplicaOptions {
  databaseUrl: string;
  fake: FakeSlack;
  /** Environment overrides; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  renderMap?: MapRenderer;
  /** The application's clock, for suites that move time by hand (reminders, timers). */
  clock?: Clock;
}

export async function startReplica(o: ReplicaOptions): Promise<Replica> {
  const env: Record<string, string | undefined> = {
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL: o.databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en',
    SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${o.fake.url}/api/`, ...o.env,
  };
  const config = loadConfig(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)));
  let slack: SlackApp | undefined;
  const adapter: Adapter = async (ctx) => {
    const mounted = await slackAdapter({ botId: 'BBOT', botUserId: 'UBOT' })(ctx);
    slack = mounted?.slack;
    return mounted;
  };
  const options: ServerOptions = { ...(o.renderMap ? { renderMap: o.renderMap } : {}), ...(o.clock ? { clock: o.clock } : {}) };
  const server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [adapter], options);
  return { server, slack: slack!, url: server.url };
}

export interface Sent {
  status: number;
  body: string;
  json: () => Record<string, unknown>;
}

export async function post(url: string, body: string, contentType: string, headers: Record<string, string>): Promise<Sent> {
  const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
  const text = await res.text();
  return { status: res.status, body: text, json: () => (text ? JSON.parse(text) as Record<string, unknown> : {}) };
}

/** Sends a signed request to a replica; `retry` adds Slack's retry headers. */
export async function send(r: Replica, body: string, contentType: string, retry?: number): Promise<Sent> {
  return post(r.url, body, contentType, { ...sign(body), ...(retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {}) });
}

export interface User {
  id: string;
  name: string;
}

export const TEAM = { id: 'T0001', domain: 'acme' };

let triggers = 0;
let clicks = 0;

export function slashCommand(user: User, text: string, channel = 'C0WORKSHOP'): string {
  triggers += 1;
  return new URLSearchParams({
    token: 'legacy', team_id: TEAM.id, team_domain: TEAM.domain, channel_id: channel, channel_name: 'journey', user_id: user.id, user_name: user.name,
    command: '/parcours', text, api_app_id: 'A0001', response_url: 'http://127.0.0.1:9/unused', trigger_id: `trigger.${triggers}.${user.id}`,
  }).toString();
}

export function interactive(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface Button {
  action_id: string;
  value: string;
  type: string;
}

type Block = { type: string; block_id?: string; accessory?: Button; elements?: (Button & { options?: { value: string; text: { text: string } }[] })[]; element?: Record<string, unknown> };

/** Every button and menu in some blocks. */
export function buttons(blocks: unknown[]): (Button & { options?: { value: string; text: { text: string } }[] })[] {
  const out: (Button & { options?: { value: string; text: { text: string } }[] })[] = [];
  for (const b of blocks as Block[]) {
    if (b.accessory && b.accessory.action_id) out.push(b.accessory);
    for (const e of b.elements ?? []) if (e.action_id) out.push(e);
  }
  return out;
}

/** The first button for an action (`vote`, `openForm`…) whose value matches. */
export function findButton(blocks: unknown[], action: string, valueMatch?: (value: string) => boolean): Button {
  const found = buttons(blocks).find((b) => b.action_id.split('.')[0] === action && (!valueMatch || valueMatch(b.value ?? '')));
  if (!found) throw new Error(`no ${action} button in ${JSON.stringify(blocks).slice(0, 800)}`);
  return found;
}

/** `home`: a click in the user's App Home tab (a view of type home, with no private metadata). */
export function blockAction(user: User, button: Button, where: { channel?: string; messageTs?: string; threadTs?: string; view?: { id: string; hash?: string; private_metadata: string }; home?: { id: string } }, selected?: string): string {
  clicks += 1;
  const actionTs = `${1_760_000_000 + clicks}.${String(clicks).padStart(6, '0')}`;
  const action = button.type === 'static_select'
    ? { type: 'static_select', action_id: button.action_id, block_id: 'b', selected_option: { value: selected ?? '', text: { type: 'plain_text', text: 'x' } }, action_ts: actionTs }
    : { type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, text: { type: 'plain_text', text: 'x' }, action_ts: actionTs };
  triggers += 1;
  return interactive({
    type: 'block_actions', team: { id: TEAM.id, domain: TEAM.domain }, user: { id: user.id, username: user.name, name: user.name, team_id: TEAM.id },
    api_app_id: 'A0001', token: 'legacy', trigger_id: `trigger.${triggers}.${user.id}`,
    ...(where.home
      ? { container: { type: 'view', view_id: where.home.id }, view: { id: where.home.id, hash: 'h', type: 'home', private_metadata: '', callback_id: '', state: { values: {} }, blocks: [] } }
      : where.view
      ? { container: { type: 'view', view_id: where.view.id }, view: { id: where.view.id, hash: where.view.hash ?? 'h', type: 'modal', private_metadata: where.view.private_metadata, callback_id: 'ballot', state: { values: {} }, blocks: [] } }
      : {
          container: { type: 'message', message_ts: where.messageTs, channel_id: where.channel, is_ephemeral: false },
          channel: { id: where.channel, name: 'journey' },
          message: { ts: where.messageTs, ...(where.threadTs ? { thread_ts: where.threadTs } : {}), type: 'message', text: '' },
        }),
    actions: [action],
  });
}

/** The state Slack keeps for a modal's inputs, with values by field id (a block_id may carry a key: "touchpointId|…"). */
function viewState(view: Record<string, unknown>, values: Record<string, string | string[] | boolean | number | null>): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of (view.blocks as Block[]).filter((b) => b.type === 'input')) {
    const id = block.block_id!;
    const element = block.element as { type: string };
    const v = values[id.split('|')[0]!];
    let s: Record<string, unknown>;
    switch (element.type) {
      case 'static_select': s = { type: 'static_select', selected_option: typeof v === 'string' ? { value: v, text: { type: 'plain_text', text: v } } : null }; break;
      case 'multi_static_select': s = { type: 'multi_static_select', selected_options: (Array.isArray(v) ? v : []).map((x) => ({ value: x, text: { type: 'plain_text', text: x } })) }; break;
      case 'users_select': s = { type: 'users_select', selected_user: typeof v === 'string' ? v : null }; break;
      case 'checkboxes': s = { type: 'checkboxes', selected_options: v === true ? [{ value: 'yes' }] : [] }; break;
      case 'datetimepicker': s = { type: 'datetimepicker', selected_date_time: typeof v === 'number' ? v : null }; break;
      case 'number_input': s = { type: 'number_input', value: v === undefined ? ((element as { initial_value?: string }).initial_value ?? null) : v === null ? null : String(v) }; break;
      default: s = { type: element.type, value: typeof v === 'string' ? v : null };
    }
    state[id] = { v: s };
  }
  return state;
}

/** A choice in an open form's select that redraws the form (dispatch_action): the block_actions Slack sends, with the form's state. */
export function formAction(user: User, view: Record<string, unknown>, field: string, values: Record<string, string | string[] | boolean | number | null>): string {
  clicks += 1;
  triggers += 1;
  const block = (view.blocks as Block[]).find((b) => b.block_id?.split('|')[0] === field);
  if (!block) throw new Error(`no ${field} block in ${JSON.stringify(view.blocks).slice(0, 400)}`);
  const value = values[field];
  return interactive({
    type: 'block_actions', team: { id: TEAM.id, domain: TEAM.domain }, user: { id: user.id, username: user.name, name: user.name, team_id: TEAM.id },
    api_app_id: 'A0001', token: 'legacy', trigger_id: `trigger.${triggers}.${user.id}`,
    container: { type: 'view', view_id: view.id },
    view: {
      id: view.id, hash: view.hash ?? 'h', type: 'modal', private_metadata: view.private_metadata, callback_id: view.callback_id,
      state: { values: viewState(view, values) }, blocks: view.blocks, title: view.title,
    },
    actions: [{
      type: 'static_select', action_id: 'v', block_id: block.block_id, action_ts: `${1_760_000_000 + clicks}.${String(clicks).padStart(6, '0')}`,
      selected_option: { value: String(value), text: { type: 'plain_text', text: String(value) } },
    }],
  });
}

/** Builds a view_submission of a modal the app opened, with values by field id (block_id). */
export function viewSubmission(user: User, view: Record<string, unknown>, values: Record<string, string | string[] | boolean | number | null>, override: Partial<{ private_metadata: string; callback_id: string; id: string; hash: string }> = {}): string {
  const state = viewState(view, values);
  triggers += 1;
  return interactive({
    type: 'view_submission', team: { id: TEAM.id, domain: TEAM.domain }, user: { id: user.id, username: user.name, name: user.name, team_id: TEAM.id },
    api_app_id: 'A0001', token: 'legacy', trigger_id: `trigger.${triggers}.${user.id}`,
    view: {
      id: override.id ?? (view.id as string | undefined) ?? 'V0', hash: override.hash ?? (view.hash as string | undefined) ?? 'h0', type: 'modal',
      callback_id: override.callback_id ?? view.callback_id, private_metadata: override.private_metadata ?? view.private_metadata,
      blocks: view.blocks, state: { values: state }, title: view.title,
    },
  });
}

export function appHomeOpened(user: User, eventId: string): string {
  return JSON.stringify({
    token: 'legacy', team_id: TEAM.id, api_app_id: 'A0001', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user: user.id, channel: `D${user.id}`, tab: 'home', event_ts: `${Date.now() / 1000}` },
  });
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** Every view and message the app asked Slack to show stays within Block Kit's limits. */
export function expectWithinLimits(fake: FakeSlack): number {
  let checked = 0;
  for (const call of fake.calls) {
    let surface: Surface | null = null;
    let payload: Record<string, unknown> | null = null;
    if (['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(call.method)) { surface = 'message'; payload = call.args; }
    if (['views.open', 'views.update', 'views.push'].includes(call.method)) { surface = 'modal'; payload = call.args.view as Record<string, unknown>; }
    if (call.method === 'views.publish') { surface = 'home'; payload = call.args.view as Record<string, unknown>; }
    if (!surface || !payload) continue;
    expect(checkSurface(surface, payload as never), `${call.method} ${JSON.stringify(payload).slice(0, 300)}`).toEqual([]);
    checked += 1;
  }
  return checked;
}

/** The modal a submission answered with (`response_action: update`), checked against Block Kit's limits. */
export function answeredView(sent: Sent): Record<string, unknown> {
  const answer = sent.json() as { response_action?: string; view?: Record<string, unknown> };
  expect(answer.response_action, JSON.stringify(answer).slice(0, 300)).toBe('update');
  expect(checkSurface('modal', answer.view as never)).toEqual([]);
  return answer.view!;
}

/** Waits until every replica has finished its work after the acks. */
export async function settle(...replicas: Replica[]): Promise<void> {
  for (let i = 0; i < 3; i += 1) await Promise.all(replicas.map((r) => r.slack.idle()));
}

/** One round of a replica's scheduler between two settlings: with the test's clock, what is due by then is sent. */
export async function tickReplica(r: Replica): Promise<void> {
  await r.slack.idle();
  await r.server.layer.tick();
  await r.slack.idle();
}
