// The Teams adapter through the real stack: the real server (`startServer`) with Teams in its local
// development mode, activities POSTed to /api/messages like the Bot Connector sends them, and a fake
// connector (node:http) as their serviceUrl that records what the bot sends back. Both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredAdapters, startServer, type RunningServer } from '../../src/server.js';
import { teamsAdapter } from '../../src/teams/adapter.js';
import { checkCard } from '../../src/teams/cards/index.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { cardText, elements, FakeConnector } from './helpers/fake-connector.js';

const TENANT = '00000000-0000-0000-0000-00000000a11a';
const FACILITATOR = { id: 'aad-facilitator', name: 'Fatou Facilitatrice' };
const PARTICIPANT = { id: 'aad-participant', name: 'Paul Participant' };
const EMPTY_CHANNEL = '19:empty@thread.tacv2';

const renderMap = async () => [];

async function startTeams(databaseUrl: string, env: Record<string, string>): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en', ...env });
  return startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [teamsAdapter()], { renderMap });
}

let activities = 0;

function activity(fake: FakeConnector, user: { id: string; name: string }, channel: string, fields: Record<string, unknown>): Record<string, unknown> {
  activities += 1;
  return {
    id: `activity-${activities}`, channelId: 'msteams', serviceUrl: fake.url, timestamp: new Date().toISOString(),
    from: { id: `29:${user.id}`, name: user.name, aadObjectId: user.id }, recipient: { id: '28:parcours', name: 'Parcours' },
    conversation: { id: channel, conversationType: 'channel', tenantId: TENANT }, channelData: { tenant: { id: TENANT } },
    ...fields,
  };
}

async function send(server: RunningServer, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) as Record<string, unknown> : {} };
}

const message = (fake: FakeConnector, user: typeof FACILITATOR, channel: string, text: string) =>
  activity(fake, user, channel, { type: 'message', text: `<at>Parcours</at> ${text}` });

/** A click on an Action.Execute of a card, with the inputs' values Teams merges into its data. */
function click(fake: FakeConnector, user: typeof FACILITATOR, channel: string, action: Record<string, unknown>, inputs: Record<string, string> = {}): Record<string, unknown> {
  return activity(fake, user, channel, {
    type: 'invoke', name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...(action.data as object), ...inputs } }, trigger: 'manual' },
  });
}

/** Every input of a form card with the value it shows, as Teams sends them. */
function inputsOf(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of elements(card)) {
    if (typeof e.type === 'string' && e.type.startsWith('Input.') && typeof e.id === 'string') out[e.id] = e.value === undefined ? '' : String(e.value);
  }
  return out;
}

function executeWith(card: unknown, verb: string): Record<string, unknown> {
  const found = elements(card).find((e) => e.type === 'Action.Execute' && e.verb === verb);
  if (!found) throw new Error(`no Action.Execute with verb ${verb} in ${JSON.stringify(card).slice(0, 300)}`);
  return found;
}

describe('Teams: a workshop through /api/messages (local development mode)', () => {
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    fake = await new FakeConnector().start();
    server = await startTeams(db.rawUrl, { TEAMS_DEV_MODE: 'loopback' });
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  it('answers help in English and aide in French, as a card replying in the conversation', async () => {
    const since = fake.recorded.length;
    const help = await send(server, message(fake, FACILITATOR, EMPTY_CHANNEL, 'help'));
    const aide = await send(server, message(fake, FACILITATOR, EMPTY_CHANNEL, 'aide'));
    expect([help.status, aide.status]).toEqual([200, 200]);
    const [en, fr] = fake.cards(since);
    expect(en!.record.conversation).toBe(EMPTY_CHANNEL);
    expect(en!.record.method).toBe('POST');
    expect(cardText(en!.card)).toContain('@Parcours new');
    expect(cardText(fr!.card)).toContain('@Parcours nouveau');
  });

  it('says clearly, in the language of the word typed, that a conversation has no workshop', async () => {
    const since = fake.recorded.length;
    await send(server, message(fake, FACILITATOR, EMPTY_CHANNEL, 'status'));
    await send(server, message(fake, FACILITATOR, EMPTY_CHANNEL, 'statut'));
    const [en, fr] = fake.cards(since);
    expect(cardText(en!.card)).toContain('There is no workshop in this channel yet');
    expect(cardText(fr!.card)).toContain('Il n’y a pas encore d’atelier dans ce canal');
  });

  for (const language of ['en', 'fr'] as const) {
    describe(`a workshop in ${language === 'en' ? 'English' : 'French'}`, () => {
      const channel = `19:workshop-${language}@thread.tacv2`;
      const title = language === 'en' ? 'Online orders' : 'Commandes en ligne';
      let anchorId = '';

      it('opens the framing form on new, and its submission creates the workshop with its anchor and first step', async () => {
        let since = fake.recorded.length;
        await send(server, message(fake, FACILITATOR, channel, language === 'en' ? 'new' : 'nouveau fr'));
        const form = fake.cards(since)[0]!;
        expect(form.record.conversation).toBe(channel);
        expect(cardText(form.card)).toContain(language === 'en' ? 'Title' : 'Titre');
        const inputs = inputsOf(form.card);
        const titleInput = Object.keys(inputs).find((k) => k.endsWith(':title'))!;
        const department = Object.keys(inputs).find((k) => k.endsWith(':department_0'))!;
        const submission = click(fake, FACILITATOR, channel, executeWith(form.card, 'submit'), { ...inputs, [titleInput]: title, [department]: language === 'en' ? 'Sales' : 'Ventes' });

        since = fake.recorded.length;
        const answered = await send(server, submission);
        expect(answered.status).toBe(200);
        // The form card is replaced by what happened.
        expect(answered.json.type).toBe('application/vnd.microsoft.card.adaptive');
        expect(cardText(answered.json.value)).toContain(language === 'en' ? 'saved' : 'enregistré');
        await server.layer.idle();

        const sent = fake.cards(since);
        const anchor = sent.find((s) => s.record.conversation === channel && cardText(s.card).includes(title));
        expect(anchor, JSON.stringify(sent.map((s) => s.record.path))).toBeDefined();
        anchorId = anchor!.record.id;
        // The first step's card goes in the anchor's thread.
        const step = sent.find((s) => s.record.conversation === `${channel};messageid=${anchorId}`);
        expect(step).toBeDefined();
        expect(await db.prisma.workshop.count({ where: { title } })).toBe(1);

        // The same activity delivered again (Teams retries) applies once.
        await send(server, submission);
        await server.layer.idle();
        expect(await db.prisma.workshop.count({ where: { title } })).toBe(1);
      });

      it('lets a participant join from the step card in the thread', async () => {
        // The step's card, in the anchor's thread, as last sent or updated.
        const step = fake.cards().filter((s) => s.record.conversation.startsWith(`${channel};messageid=${anchorId}`) || s.record.conversation === `${channel};messageid=${anchorId}`).pop()!;
        const join = elements(step.card).find((e) => e.type === 'Action.Execute' && e.title === (language === 'en' ? 'Join with my department' : 'Rejoindre avec mon service'));
        expect(join, cardText(step.card)).toBeDefined();
        let since = fake.recorded.length;
        const opened = await send(server, click(fake, PARTICIPANT, channel, join!));
        expect(opened.status).toBe(200);
        // The step card stays as it is for everyone; the join form is the participant's: it opens in their 1:1 chat.
        expect(opened.json).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' });
        const form = fake.cards(since).find((s) => elements(s.card).some((e) => e.verb === 'submit'))!;
        expect(form.record.conversation).toMatch(/^a:personal-/);
        // The 1:1 chat is opened with the participant's Teams id, learnt from their click, and kept for next time.
        const opened1to1 = fake.recorded.slice(since).find((r) => r.method === 'POST' && r.path === '/v3/conversations');
        // (In French the same participant's chat is already known from the English workshop: none is opened.)
        expect(opened1to1?.body.members).toEqual(language === 'en' ? [{ id: `29:${PARTICIPANT.id}`, name: '' }] : undefined);
        expect(fake.recorded.slice(since).some((r) => r.method === 'PUT' || r.conversation === channel)).toBe(false);
        const inputs = inputsOf(form.card);
        const departmentInput = Object.keys(inputs).find((k) => k.includes('department'))!;
        const choice = elements(form.card).find((e) => e.id === departmentInput)!.choices as { value: string }[];
        since = fake.recorded.length;
        const joined = await send(server, click(fake, PARTICIPANT, channel, executeWith(form.card, 'submit'), { ...inputs, [departmentInput]: choice[0]!.value }));
        expect(joined.status).toBe(200);
        await server.layer.idle();
        const workshop = await db.prisma.workshop.findFirstOrThrow({ where: { title } });
        const participants = await db.prisma.participant.findMany({ where: { workshopId: workshop.id } });
        expect(participants.map((p) => p.userId).sort()).toEqual([PARTICIPANT.id, FACILITATOR.id].sort());
        // The anchor is updated in place with the newcomer.
        expect(fake.recorded.slice(since).some((r) => r.method === 'PUT' && r.path.endsWith(`/activities/${anchorId}`))).toBe(true);
        // What awaits the newcomer is said to them alone: in their 1:1 chat with the bot, the one stored (not opened again).
        expect(fake.recorded.slice(since).some((r) => r.method === 'POST' && r.path === '/v3/conversations')).toBe(false);
        expect(fake.recorded.slice(since).some((r) => r.conversation === form.record.conversation && r.method === 'POST')).toBe(true);
      });
    });
  }

  it('refuses, in this mode, a serviceUrl that is not a loopback address', async () => {
    await server.layer.idle();
    const since = fake.recorded.length;
    const refused = await send(server, { ...message(fake, FACILITATOR, EMPTY_CHANNEL, 'help'), serviceUrl: 'https://smba.trafficmanager.net/emea/' });
    expect(refused.status).toBe(403);
    expect(fake.recorded.length).toBe(since);
  });

  it('sent only cards that pass Teams\' rules (version 1.5, six actions, 40 KB), and says on /healthz that it is in development mode', async () => {
    await server.layer.idle();
    const cards = fake.cards();
    expect(cards.length).toBeGreaterThan(8);
    for (const { card } of cards) expect(checkCard(card)).toEqual([]);
    const health = await (await fetch(`${server.url}/healthz`)).json() as { platforms: { teams: string } };
    expect(health.platforms.teams).toBe('local development (loopback only)');
  });

  it('refuses a card whose signed state was tampered with, and changes nothing', async () => {
    const before = await db.prisma.workshop.count();
    const forged = click(fake, FACILITATOR, EMPTY_CHANNEL, { verb: 'submit', data: { action: 'submit', form: 'framing', meta: 'eyJmIjoiZnJhbWluZyJ9.forged' } }, { 'f:text:title': 'Forged' });
    const answered = await send(server, forged);
    expect(answered.status).toBe(200);
    expect(answered.json.type).toBe('application/vnd.microsoft.card.adaptive');
    await server.layer.idle();
    expect(await db.prisma.workshop.count()).toBe(before);
  });
});

describe('Teams with an app id', () => {
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    fake = await new FakeConnector().start();
    server = await startTeams(db.rawUrl, {
      MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'not-a-real-password', MICROSOFT_APP_TENANT_ID: TENANT,
    });
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  it('refuses an unsigned activity with 401 and changes nothing', async () => {
    const refused = await send(server, message(fake, FACILITATOR, '19:c@thread.tacv2', 'help'));
    expect(refused.status).toBe(401);
    expect(fake.recorded).toEqual([]);
    expect(await db.prisma.workspace.count()).toBe(0);
  });

  it('refuses an activity with a forged token and changes nothing', async () => {
    // Offline Microsoft's signing keys cannot be fetched, online the signature fails: the token is not verified either way.
    const forged = 'Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.c2ln';
    const refused = await send(server, message(fake, FACILITATOR, '19:c@thread.tacv2', 'help'), { authorization: forged });
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: 'unauthorized' });
    expect(fake.recorded).toEqual([]);
    expect(await db.prisma.workspace.count()).toBe(0);
  });
});

describe('Teams off', () => {
  it('is not loaded without its settings, and /api/messages does not exist', async () => {
    const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
    expect(await configuredAdapters(loadConfig(env))).toHaveLength(0);
    expect(await configuredAdapters(loadConfig({ ...env, TEAMS_DEV_MODE: 'loopback' }))).toHaveLength(1);
    // An app id overrides the development mode: the server authenticates.
    expect(loadConfig({ ...env, TEAMS_DEV_MODE: 'loopback', MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'b', MICROSOFT_APP_TENANT_ID: 'c' }).teams).toMatchObject({ configured: true, devMode: false });
    const db = await freshDatabase('sqlite');
    const server = await startServer(loadConfig({ ...env, DATABASE_URL: db.rawUrl }), createLogger('silent'), await configuredAdapters(loadConfig(env)));
    try {
      const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(404);
    } finally {
      await server.close();
      await db.close();
    }
  });
});
