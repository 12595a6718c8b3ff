// The map in Teams, through the real stack: the real server with Teams in its local development mode, the real
// renderer, activities POSTed to /api/messages and a fake Bot Connector. A card's picture is a signed link under
// PARCOURS_PUBLIC_URL that Teams fetches each time the message is shown, so what was posted is kept: the same
// link gives the same bytes after the workshop changed. Closing adds the roadmap documents, and each head's
// message links to their department's own. Without PARCOURS_PUBLIC_URL the summary still goes, saying why it
// has no picture. Both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { departmentRoadmapMarkdown, roadmapCsv, roadmapMarkdown } from '../../src/render/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { teamsAdapter } from '../../src/teams/adapter.js';
import { checkCard } from '../../src/teams/cards/index.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { cardText, elements, FakeConnector } from './helpers/fake-connector.js';

const TENANT = '00000000-0000-0000-0000-0000000a11ce';
const PUBLIC = 'https://parcours.example.test';
const SECRET = 'map-test-url-secret-0123456789abcdefghij';
const FACILITATOR = { id: 'aad-map-facilitator', name: 'Fatou Facilitatrice' };
const HEAD = { id: 'aad-map-head', name: 'Hugo Head' };

const TEXT = {
  en: {
    map: 'map', title: 'Warehouse pick-up', department: 'Sales', stage: 'I pick up my furniture', solution: 'Text customers when it is ready',
    summary: 'Journey map: Warehouse pick-up', full: 'Open the full map', md: 'Roadmap (Markdown)', csv: 'Roadmap (CSV)',
    headMd: 'Your roadmap (Markdown)', headCsv: 'Your roadmap (CSV)', headMap: 'The final map', unconfigured: 'PARCOURS_PUBLIC_URL',
    unconfiguredWords: 'Nothing is lost',
  },
  fr: {
    map: 'carte', title: 'Retrait à l’entrepôt', department: 'Ventes', stage: 'je récupère mes meubles', solution: 'Prévenir par SMS',
    summary: 'Carte du parcours : Retrait à l’entrepôt', full: 'Ouvrir la carte entière', md: 'Feuille de route (Markdown)', csv: 'Feuille de route (CSV)',
    headMd: 'Votre feuille de route (Markdown)', headCsv: 'Votre feuille de route (CSV)', headMap: 'La carte finale', unconfigured: 'PARCOURS_PUBLIC_URL',
    unconfiguredWords: 'Rien n’est perdu',
  },
} as const;

async function startTeams(databaseUrl: string, env: Record<string, string>): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en', TEAMS_DEV_MODE: 'loopback', ...env });
  // The real renderer: no renderMap stand-in.
  return startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [teamsAdapter()]);
}

let activities = 0;

function message(fake: FakeConnector, user: { id: string; name: string }, channel: string, text: string): Record<string, unknown> {
  activities += 1;
  return {
    id: `map-activity-${activities}`, channelId: 'msteams', serviceUrl: fake.url, timestamp: new Date().toISOString(),
    from: { id: `29:${user.id}`, name: user.name, aadObjectId: user.id }, recipient: { id: '28:parcours', name: 'Parcours' },
    conversation: { id: channel, conversationType: 'channel', tenantId: TENANT }, channelData: { tenant: { id: TENANT } },
    type: 'message', text: `<at>Parcours</at> ${text}`,
  };
}

async function send(server: RunningServer, body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/** A PNG's width, from its header (IHDR comes first). */
function pngWidth(bytes: Buffer): number {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return bytes.readUInt32BE(16);
}

/** A workshop of this channel, created with a Teams origin so that its anchor is posted there; at its stages step with one stage. */
async function workshopInChannel(server: RunningServer, fake: FakeConnector, channel: string, language: 'en' | 'fr') {
  const x = TEXT[language];
  // Any activity of the tenant first: the bot learns where its connector is.
  expect(await send(server, message(fake, FACILITATOR, channel, language === 'en' ? 'help' : 'aide'))).toBe(200);
  const workspaceId = await server.layer.workspaceOf('teams', TENANT);
  const actor = { workspaceId, userId: FACILITATOR.id, displayName: FACILITATOR.name };
  const run = async (command: Record<string, unknown>, origin?: Record<string, string | null>) => {
    const o = await server.engine.execute(actor, command, origin ? { origin } : {});
    if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
    return o.result as Record<string, string>;
  };
  const origin = { platform: 'teams', workspace: TENANT, userId: FACILITATOR.id, conversationId: channel, threadId: null };
  const { workshopId } = await run({
    type: 'createWorkshop', title: x.title, language, persona: { name: 'Claire' }, goal: 'Pick up fast', departments: [{ name: x.department, headUserId: HEAD.id }],
  }, origin);
  const w = workshopId!;
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'advanceStep', workshopId: w });
  const { stageId } = await run({ type: 'addStage', workshopId: w, label: x.stage, phase: 'after' });
  await server.layer.idle();
  expect(await server.layer.deps.conversations.get(workspaceId, w)).toMatchObject({ conversationId: channel });
  return { workspaceId, workshopId: w, stageId: stageId!, run, origin };
}

const summaryCards = (fake: FakeConnector, since: number, title: string) => fake.cards(since).filter((c) => cardText(c.card).includes(title));
const openUrls = (card: unknown) => elements(card).filter((e) => e.type === 'Action.OpenUrl') as { title: string; url: string }[];

describe('Teams: the map from signed links that keep working', () => {
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;
  /** The public link, fetched from the test server: what the reverse proxy in front of it would do. */
  const get = (url: string) => fetch(`${server.url}${new URL(url).pathname}`);
  const bytesOf = async (url: string) => {
    const res = await get(url);
    expect(res.status, url).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    fake = await new FakeConnector().start();
    server = await startTeams(db.rawUrl, { PARCOURS_PUBLIC_URL: PUBLIC, PARCOURS_URL_SECRET: SECRET });
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  for (const language of ['en', 'fr'] as const) {
    describe(`in ${language === 'en' ? 'English' : 'French'}`, () => {
      const x = TEXT[language];
      const channel = `19:map-${language}@thread.tacv2`;
      let setup: Awaited<ReturnType<typeof workshopInChannel>>;
      let preview = '';
      let previewBytes: Buffer;

      it(`posts, on @Parcours ${x.map}, a summary card whose picture is a signed link to a preview at most 1024 px wide`, async () => {
        setup = await workshopInChannel(server, fake, channel, language);
        const since = fake.recorded.length;
        expect(await send(server, message(fake, FACILITATOR, channel, x.map))).toBe(200);
        await server.layer.idle();
        const [summary, ...more] = summaryCards(fake, since, x.summary);
        expect(more).toEqual([]);
        expect(summary, JSON.stringify(fake.cards(since).map((c) => cardText(c.card)))).toBeDefined();
        expect(checkCard(summary!.card)).toEqual([]);
        // In the workshop's thread.
        expect(summary!.record.conversation).toMatch(new RegExp(`^${channel};messageid=`));
        const images = elements(summary!.card).filter((e) => e.type === 'Image');
        expect(images).toHaveLength(1);
        preview = String(images[0]!.url);
        expect(preview).toMatch(new RegExp(`^${PUBLIC}/files/${setup.workspaceId}/${setup.workshopId}/[\\w-]{16}/[\\w-]{43}/preview\\.png$`));
        expect(images[0]!.altText).toBe(x.summary);
        previewBytes = await bytesOf(preview);
        const width = pngWidth(previewBytes);
        expect(width).toBeLessThanOrEqual(1024);
        expect(width).toBeGreaterThan(500);
        // A button opens the full map, full size; no documents before the end.
        const actions = openUrls(summary!.card);
        expect(actions.map((a) => a.title)).toEqual([x.full]);
        const version = new URL(preview).pathname.split('/')[4]!;
        expect(actions[0]!.url).toMatch(new RegExp(`^${PUBLIC}/files/${setup.workspaceId}/${setup.workshopId}/${version}/[\\w-]{43}/map\\.png$`));
        expect(pngWidth(await bytesOf(actions[0]!.url))).toBeGreaterThan(1024);
        // Kept in the database under the snapshot's version.
        expect((await db.prisma.publishedFile.findMany({ where: { workshopId: setup.workshopId }, select: { name: true } })).map((f) => f.name).sort()).toEqual(['map.png', 'preview.png']);
      }, 120_000);

      it('still shows the same picture from the same link once the workshop has changed', async () => {
        const before = server.fileLinks!.forWorkshop(await server.queries.snapshot(setup.workspaceId, setup.workshopId));
        await setup.run({ type: 'addStage', workshopId: setup.workshopId, label: `${x.stage} 2`, phase: 'after' });
        const after = server.fileLinks!.forWorkshop(await server.queries.snapshot(setup.workspaceId, setup.workshopId));
        expect(after.preview).not.toBe(preview);
        // What was posted is still served, byte for byte; what was not (the old version's documents) is gone.
        expect((await bytesOf(preview)).equals(previewBytes)).toBe(true);
        expect(before.preview).toBe(preview);
        expect((await get(before.roadmap.md)).status).toBe(404);
      }, 60_000);

      it('closes at the roadmap step with the documents as buttons, and gives the head their department’s own', async () => {
        const { run, workshopId: w, stageId, workspaceId, origin } = setup;
        await run({ type: 'advanceStep', workshopId: w });
        await run({ type: 'addTouchpoint', workshopId: w, stageId, channel: 'Warehouse desk' });
        await run({ type: 'advanceStep', workshopId: w });
        const { observationId } = await run({ type: 'addObservation', workshopId: w, kind: 'irritant', text: 'An hour of waiting', stageId });
        await run({ type: 'advanceStep', workshopId: w });
        const departmentId = (await server.queries.snapshot(workspaceId, w)).departments[0]!.id;
        const { solutionId } = await run({ type: 'proposeSolution', workshopId: w, text: x.solution, addresses: [observationId!], departmentId });
        await run({ type: 'rateSolution', workshopId: w, solutionId: solutionId!, impact: 4, effort: 2 });
        await run({ type: 'advanceStep', workshopId: w });
        const since = fake.recorded.length;
        await run({ type: 'closeWorkshop', workshopId: w }, origin);
        await server.layer.idle();
        const s = await server.queries.snapshot(workspaceId, w);
        expect(s.workshop.status).toBe('closed');

        const [summary] = summaryCards(fake, since, x.summary);
        expect(summary).toBeDefined();
        expect(checkCard(summary!.card)).toEqual([]);
        const actions = openUrls(summary!.card);
        expect(actions.map((a) => a.title)).toEqual([x.full, x.md, x.csv]);
        expect((await bytesOf(actions[1]!.url)).toString('utf8')).toBe(roadmapMarkdown(s));
        expect((await bytesOf(actions[2]!.url)).toString('utf8')).toBe(roadmapCsv(s));
        const image = String(elements(summary!.card).find((e) => e.type === 'Image')!.url);
        expect(pngWidth(await bytesOf(image))).toBeLessThanOrEqual(1024);

        // The head's message, in their 1:1 chat: the final map and their department's own documents.
        const head = fake.cards(since).find((c) => openUrls(c.card).some((a) => a.title === x.headMd));
        expect(head, JSON.stringify(fake.cards(since).map((c) => cardText(c.card)))).toBeDefined();
        expect(checkCard(head!.card)).toEqual([]);
        const headLinks = openUrls(head!.card);
        expect(headLinks.map((a) => a.title)).toEqual([x.headMap, x.headMd, x.headCsv]);
        expect(headLinks[0]!.url).toBe(actions[0]!.url);
        expect((await bytesOf(headLinks[1]!.url)).toString('utf8')).toBe(departmentRoadmapMarkdown(s, departmentId));
        expect((await bytesOf(headLinks[2]!.url)).toString('utf8')).toBe(roadmapCsv(s, departmentId));

        // The documents stay as posted after the workshop is reopened and changed.
        await run({ type: 'reopenStep', workshopId: w, step: 'stages' });
        await run({ type: 'addStage', workshopId: w, label: `${x.stage} 3`, phase: 'after' });
        expect((await bytesOf(actions[1]!.url)).toString('utf8')).toBe(roadmapMarkdown(s));
      }, 120_000);
    });
  }

  it('forgets the published files with the workshop', async () => {
    const workspaceId = await server.layer.workspaceOf('teams', TENANT);
    const kept = await db.prisma.publishedFile.findMany({ where: { workspaceId }, select: { workshopId: true } });
    const workshopIds = [...new Set(kept.map((k) => k.workshopId))];
    expect(workshopIds).toHaveLength(2);
    for (const workshopId of workshopIds) {
      const o = await server.engine.execute({ workspaceId, userId: FACILITATOR.id, displayName: FACILITATOR.name }, { type: 'deleteWorkshop', workshopId });
      expect(o.ok).toBe(true);
    }
    expect(await db.prisma.publishedFile.count({ where: { workspaceId } })).toBe(0);
  });
});

describe('Teams: the map without PARCOURS_PUBLIC_URL', () => {
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    fake = await new FakeConnector().start();
    server = await startTeams(db.rawUrl, {});
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  for (const language of ['en', 'fr'] as const) {
    it(`posts the summary with what the picture needs, in ${language === 'en' ? 'English' : 'French'}, and the delivery succeeds`, async () => {
      const x = TEXT[language];
      const channel = `19:map-unconfigured-${language}@thread.tacv2`;
      const { workspaceId, workshopId } = await workshopInChannel(server, fake, channel, language);
      const since = fake.recorded.length;
      expect(await send(server, message(fake, FACILITATOR, channel, x.map))).toBe(200);
      await server.layer.idle();
      const [summary] = summaryCards(fake, since, x.summary);
      expect(summary).toBeDefined();
      expect(checkCard(summary!.card)).toEqual([]);
      // Underscores reach Teams as look-alikes (escapeMarkdown: Teams' markdown would read them as italics).
      expect(cardText(summary!.card)).toContain(x.unconfigured);
      expect(cardText(summary!.card)).toContain(x.unconfiguredWords);
      expect(elements(summary!.card).filter((e) => e.type === 'Image' || e.type === 'Action.OpenUrl')).toEqual([]);
      // Delivered, not failed: nobody was told of an error.
      const deliveries = await server.layer.deps.deliveries.list(workspaceId, workshopId);
      expect(deliveries.filter((d) => d.key.startsWith('map:')).map((d) => d.status)).toEqual(['delivered']);
      expect(fake.cards(since).filter((c) => /could not|n’a pas pu|failed/i.test(cardText(c.card)))).toEqual([]);
      expect(await db.prisma.publishedFile.count()).toBe(0);
    }, 60_000);
  }
});
