// Driving the Teams adapter through the real server, as the Bot Connector does: activities POSTed to
// /api/messages in local development mode, with a fake connector as their serviceUrl (the style of
// test/teams/workshop.test.ts, shared by the tests of re-deliveries, stale cards, replicas and personal views).
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { teamsAdapter } from '../../../src/teams/adapter.js';
import { freshDatabase, type TestDatabase } from '../../helpers/database.js';
import { elements, FakeConnector } from './fake-connector.js';

export interface Person {
  id: string;
  name: string;
}

export const TENANT_A = '00000000-0000-0000-0000-00000000a11a';
export const TENANT_B = '00000000-0000-0000-0000-00000000b22b';

export async function startTeams(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en', TEAMS_DEV_MODE: 'loopback', ...env,
  });
  return startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [teamsAdapter()], { renderMap: async () => [] });
}

let count = 0;

/** A fresh activity id, as Teams gives each activity its own (a re-delivery keeps it). */
export function nextId(): string {
  count += 1;
  return `activity-${Date.now()}-${count}`;
}

export function activity(fake: FakeConnector, user: Person, channel: string, fields: Record<string, unknown>, tenant = TENANT_A): Record<string, unknown> {
  return {
    id: nextId(), channelId: 'msteams', serviceUrl: fake.url, timestamp: new Date().toISOString(),
    from: { id: `29:${user.id}`, name: user.name, aadObjectId: user.id }, recipient: { id: '28:parcours', name: 'Parcours' },
    conversation: { id: channel, conversationType: 'channel', tenantId: tenant }, channelData: { tenant: { id: tenant } },
    ...fields,
  };
}

export async function send(server: RunningServer, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) as Record<string, unknown> : {} };
}

export const message = (fake: FakeConnector, user: Person, channel: string, text: string, tenant = TENANT_A) =>
  activity(fake, user, channel, { type: 'message', text: `<at>Parcours</at> ${text}` }, tenant);

/** A click on an Action.Execute of a card, with the inputs' values Teams merges into its data. */
export function click(
  fake: FakeConnector, user: Person, channel: string, action: Record<string, unknown>, inputs: Record<string, string> = {}, tenant = TENANT_A, trigger = 'manual',
): Record<string, unknown> {
  return activity(fake, user, channel, {
    type: 'invoke', name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...(action.data as object), ...inputs } }, trigger },
  }, tenant);
}

/** Every input of a form card with the value it shows, as Teams sends them. */
export function inputsOf(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of elements(card)) {
    if (typeof e.type === 'string' && e.type.startsWith('Input.') && typeof e.id === 'string') out[e.id] = e.value === undefined ? '' : String(e.value);
  }
  return out;
}

export function executeWith(card: unknown, verb: string): Record<string, unknown> {
  const found = elements(card).find((e) => e.type === 'Action.Execute' && e.verb === verb);
  if (!found) throw new Error(`no Action.Execute with verb ${verb} in ${JSON.stringify(card).slice(0, 300)}`);
  return found;
}

export interface Seeded {
  workspaceId: string;
  workshopId: string;
  observationId: string;
}

/**
 * A workshop of `tenant` at its evaluation step (a voting step: two votes each), one stage, one touchpoint,
 * one irritant, with `participants` joined, set up through the engine and living in `channel`; its anchor
 * and step card are then posted by the refresh that `status` asks for.
 */
export async function evaluationWorkshop(
  server: RunningServer, tenant: string, channel: string, facilitator: Person, participants: Person[], language: 'en' | 'fr' = 'en', title = 'Pick-up',
): Promise<Seeded> {
  const workspaceId = await server.layer.workspaceOf('teams', tenant);
  const as = (p: Person) => async (command: Record<string, unknown>) => {
    const o = await server.engine.execute({ workspaceId, userId: p.id, displayName: p.name }, command);
    if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
    return o.result as Record<string, string>;
  };
  const run = as(facilitator);
  const { workshopId } = await run({
    type: 'createWorkshop', title, language, persona: { name: 'Claire' }, goal: language === 'en' ? 'Pick up fast' : 'Retirer vite',
    departments: [{ name: language === 'en' ? 'Sales' : 'Ventes' }], voteBudget: 2,
  });
  const w = workshopId!;
  const departmentId = (await server.queries.snapshot(workspaceId, w)).departments[0]!.id;
  for (const p of participants) await as(p)({ type: 'join', workshopId: w, departmentId });
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'advanceStep', workshopId: w });
  const { stageId } = await run({ type: 'addStage', workshopId: w, label: language === 'en' ? 'I pick up my furniture' : 'je récupère mes meubles', phase: 'after' });
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'addTouchpoint', workshopId: w, stageId: stageId!, channel: language === 'en' ? 'Warehouse desk' : 'Comptoir' });
  await run({ type: 'advanceStep', workshopId: w });
  const { observationId } = await run({ type: 'addObservation', workshopId: w, kind: 'irritant', text: language === 'en' ? 'An hour of waiting' : 'Une heure d’attente', stageId: stageId! });
  await server.layer.deps.conversations.create(workspaceId, w, 'teams', channel);
  return { workspaceId, workshopId: w, observationId: observationId! };
}

/** A describe block's Teams set-up: a fresh database, a fake connector and the server, made before and closed after. */
export interface TeamsSuite {
  readonly db: TestDatabase;
  readonly fake: FakeConnector;
  readonly server: RunningServer;
}

/** Registers the set-up's beforeAll and afterAll in the calling describe block. `env` adds to the server's settings. */
export function teamsSuite(env?: Record<string, string>, provider: 'sqlite' | 'postgresql' = 'sqlite'): TeamsSuite {
  let db: TestDatabase | undefined;
  let fake: FakeConnector | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeConnector().start();
    server = await startTeams(db.rawUrl, env);
  });
  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });
  const made = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the Teams suite's ${name} is made in beforeAll`);
    return value;
  };
  return {
    get db() { return made(db, 'database'); },
    get fake() { return made(fake, 'fake connector'); },
    get server() { return made(server, 'server'); },
  };
}
