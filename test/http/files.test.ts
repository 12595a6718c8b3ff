// Signed links to the map and the roadmap documents, through `npm start`'s server on both databases: every
// kind of link answers with the right bytes and headers, the preview fits a Teams card, and every link that
// is not ours, not this workspace's, not this version's or of a deleted workshop gets the same empty 404.
import { inspect } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import type { WorkshopFileLinks } from '../../src/conversation/file-links.js';
import { SignedFileLinks } from '../../src/http/file-links.js';
import { createLogger } from '../../src/log.js';
import { departmentRoadmapMarkdown, roadmapCsv, roadmapMarkdown } from '../../src/render/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';
import { TEAM } from '../slack/helpers/harness.js';
import { FAC } from '../slack/helpers/users.js';
import { HEADS, roadmapWorkshop } from '../slack/helpers/workshops.js';

const SECRET = 'test-url-secret-KEEP-OUT-0123456789abcdef';
const PUBLIC = 'https://parcours.example.com';

describe.each(providers)('signed files on %s', (provider) => {
  let db: TestDatabase;
  let server: RunningServer;
  let config: Config;
  let workspaceId: string;
  let workshopId: string;
  let links: WorkshopFileLinks;
  /** Links published in a test below, to files kept in the database. */
  let published: WorkshopFileLinks;
  const logs: string[] = [];

  /** The public link, fetched from the test server: what a reverse proxy in front of it would do. */
  const get = (url: string, init?: RequestInit) => fetch(`${server.url}${new URL(url).pathname}`, init);
  const run = async (command: Record<string, unknown>) => {
    const o = await server.engine.execute({ workspaceId, userId: FAC.id, displayName: FAC.name }, command);
    if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
  };

  beforeAll(async () => {
    db = await freshDatabase(provider, { migrate: false });
    config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.rawUrl, PARCOURS_PUBLIC_URL: `${PUBLIC}/`, PARCOURS_URL_SECRET: SECRET });
    server = await startServer(config, createLogger('debug', { write: (line: string) => void logs.push(line) }));
    workshopId = await roadmapWorkshop(server, Object.values(HEADS), 'Pick-up à l’entrepôt');
    workspaceId = await server.layer.workspaceOf('slack', TEAM.id);
    links = server.fileLinks!.forWorkshop(await server.queries.snapshot(workspaceId, workshopId));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('makes every link under PARCOURS_PUBLIC_URL, one per department', () => {
    expect(server.layer.deps.fileLinks).toBe(server.fileLinks);
    expect(links.preview).toMatch(new RegExp(`^${PUBLIC}/files/${workspaceId}/${workshopId}/[\\w-]{16}/[\\w-]{43}/preview\\.png$`));
    expect(links.map.endsWith('/map.png')).toBe(true);
    expect(links.parts).toEqual([]); // one stage: the map fits one picture
    expect(links.departments).toHaveLength(Object.keys(HEADS).length);
  });

  it('serves the preview at most 1024 px wide and the full map, as immutable PNGs', async () => {
    const preview = await get(links.preview);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/png');
    expect(preview.headers.get('cache-control')).toContain('immutable');
    const small = Buffer.from(await preview.arrayBuffer());
    expect(Number(preview.headers.get('content-length'))).toBe(small.length);
    const previewWidth = PNG.sync.read(small).width;
    expect(previewWidth).toBeLessThanOrEqual(1024);
    expect(previewWidth).toBeGreaterThan(500);

    const map = await get(links.map);
    expect(map.status).toBe(200);
    expect(map.headers.get('content-type')).toBe('image/png');
    const full = Buffer.from(await map.arrayBuffer());
    expect(Number(map.headers.get('content-length'))).toBe(full.length);
    expect(PNG.sync.read(full).width).toBeGreaterThan(1024);
    // No part of a map that has none.
    expect((await get(links.map.replace('/map.png', '/map-part-1.png'))).status).toBe(404);
  }, 60_000);

  it('serves each part of a long journey full size', async () => {
    const o = await server.engine.execute({ workspaceId, userId: FAC.id, displayName: FAC.name }, {
      type: 'createWorkshop', title: 'Long', language: 'fr', persona: { name: 'Claire' }, goal: 'Tout voir', departments: [{ name: 'Ventes' }],
    });
    if (!o.ok) throw new Error(o.error.code);
    const long = (o.result as { workshopId: string }).workshopId;
    await run({ type: 'advanceStep', workshopId: long });
    await run({ type: 'advanceStep', workshopId: long });
    for (let i = 1; i <= 10; i++) await run({ type: 'addStage', workshopId: long, label: `Étape ${i}`, phase: i < 4 ? 'before' : i < 8 ? 'purchase' : 'after' });
    const longLinks = server.fileLinks!.forWorkshop(await server.queries.snapshot(workspaceId, long));
    expect(longLinks.parts.length).toBeGreaterThanOrEqual(2);
    const pictures: string[] = [];
    for (const url of [longLinks.map, ...longLinks.parts]) {
      const res = await get(url);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/png']);
      const png = Buffer.from(await res.arrayBuffer());
      expect(PNG.sync.read(png).width).toBeGreaterThanOrEqual(1700); // full size, readable without zooming
      pictures.push(png.toString('base64'));
    }
    // The whole map and each part are different pictures.
    expect(new Set(pictures).size).toBe(pictures.length);
    // A part past the last, properly signed.
    const signer = new SignedFileLinks(config.files!.publicUrl, config.files!.key);
    const version = new URL(longLinks.map).pathname.split('/')[4]!;
    expect((await get(signer.url({ workspaceId, workshopId: long, version, file: { kind: 'part', n: longLinks.parts.length + 1 } }))).status).toBe(404);
  }, 60_000);

  it('serves the roadmap documents with their type, their bytes and a download name', async () => {
    const s = await server.queries.snapshot(workspaceId, workshopId);
    const expected: [string, string, string][] = [
      [links.roadmap.md, 'text/markdown; charset=utf-8', roadmapMarkdown(s)],
      [links.roadmap.csv, 'text/csv; charset=utf-8', roadmapCsv(s)],
      ...links.departments.flatMap((d): [string, string, string][] => [
        [d.md, 'text/markdown; charset=utf-8', departmentRoadmapMarkdown(s, d.departmentId)],
        [d.csv, 'text/csv; charset=utf-8', roadmapCsv(s, d.departmentId)],
      ]),
    ];
    for (const [url, type, text] of expected) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.toString('utf8')).toBe(text);
      expect(Number(res.headers.get('content-length'))).toBe(body.length);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Pick-up-a-l-entrepot.*-roadmap\.(md|csv)"; filename\*=UTF-8''/);
    }
    const json = await get(links.roadmap.json);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const document = (await json.json()) as { workshop: { title: string } };
    expect(document.workshop.title).toBe('Pick-up à l’entrepôt');
    // Departments' own documents differ from each other and from the whole roadmap.
    expect(new Set(expected.map(([, , text]) => text)).size).toBe(expected.length);
  });

  it('renders a file once when two requests ask for it together', async () => {
    const before = logs.filter((l) => l.includes('"entry":"roadmap-.md"')).length;
    await run({ type: 'rateSolution', workshopId, solutionId: (await server.queries.snapshot(workspaceId, workshopId)).solutions[0]!.id, impact: 5, effort: 1 });
    const fresh = server.fileLinks!.forWorkshop(await server.queries.snapshot(workspaceId, workshopId));
    const [a, b] = await Promise.all([get(fresh.roadmap.md), get(fresh.roadmap.md)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await a.text()).toBe(await b.text());
    expect(logs.filter((l) => l.includes('"entry":"roadmap-.md"')).length).toBe(before + 1);
    // The old version's link no longer answers; the new one does.
    expect((await get(links.roadmap.md)).status).toBe(404);
    links = fresh;
  });

  it('serves a published file as it was posted after the workshop changed, where the live version answers 404', async () => {
    const solutionId = (await server.queries.snapshot(workspaceId, workshopId)).solutions[0]!.id;
    // The map alone (a draft map): its pictures are kept, its documents are not.
    const s1 = await server.queries.snapshot(workspaceId, workshopId);
    const draft = await server.fileLinks!.publish(s1);
    expect(draft).toEqual(server.fileLinks!.forWorkshop(s1));
    const preview = Buffer.from(await (await get(draft.preview)).arrayBuffer());
    await run({ type: 'rateSolution', workshopId, solutionId, impact: 2, effort: 4 });
    const again = await get(draft.preview);
    expect([again.status, again.headers.get('content-type'), again.headers.get('cache-control')]).toEqual([200, 'image/png', 'private, max-age=86400, immutable']);
    expect(Buffer.from(await again.arrayBuffer()).equals(preview)).toBe(true);
    expect((await get(draft.map)).status).toBe(200);
    expect((await get(draft.roadmap.md)).status).toBe(404); // not published: the live version has moved on

    // With the documents (the final map): each is served as it was, with its download name.
    const s2 = await server.queries.snapshot(workspaceId, workshopId);
    published = await server.fileLinks!.publish(s2, { documents: true });
    // Published twice (a retried job): nothing drawn or kept twice.
    await server.fileLinks!.publish(s2, { documents: true });
    const version = new URL(published.map).pathname.split('/')[4]!;
    const names = (await db.prisma.publishedFile.findMany({ where: { workshopId, version }, select: { name: true } })).map((f) => f.name).sort();
    expect(names).toEqual(['map.png', 'preview.png', 'roadmap.csv', 'roadmap.json', 'roadmap.md', ...s2.departments.flatMap((d) => [`roadmap-${d.id}.csv`, `roadmap-${d.id}.md`])].sort());
    await run({ type: 'rateSolution', workshopId, solutionId, impact: 5, effort: 1 });
    const s3 = await server.queries.snapshot(workspaceId, workshopId);
    expect(roadmapMarkdown(s3)).not.toBe(roadmapMarkdown(s2));
    const md = await get(published.roadmap.md);
    expect([md.status, md.headers.get('content-type'), await md.text()]).toEqual([200, 'text/markdown; charset=utf-8', roadmapMarkdown(s2)]);
    expect(md.headers.get('content-disposition')).toMatch(/^attachment; filename="Pick-up-a-l-entrepot-roadmap\.md"/);
    const department = published.departments[0]!;
    // As bytes: text() would drop the CSV's byte order mark.
    expect(Buffer.from(await (await get(department.csv)).arrayBuffer()).toString('utf8')).toBe(roadmapCsv(s2, department.departmentId));
    expect((await get(published.roadmap.json)).status).toBe(200);
    links = server.fileLinks!.forWorkshop(s3);

    // A tampered link to a published file, or one properly signed for another workspace, gets the same empty 404.
    const path = new URL(published.preview).pathname;
    const signature = path.split('/')[5]!;
    const signer = new SignedFileLinks(config.files!.publicUrl, config.files!.key);
    const other = await server.layer.workspaceOf('slack', 'T0PUBLISHED');
    for (const p of [
      path.replace(signature, `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`),
      path.replace('preview.png', 'map-part-1.png'),
      new URL(signer.url({ workspaceId: other, workshopId, version, file: { kind: 'preview' } })).pathname,
    ]) {
      const res = await fetch(`${server.url}${p}`, { redirect: 'manual' });
      expect([res.status, res.headers.get('content-length'), await res.text()]).toEqual([404, '0', '']);
    }
  }, 60_000);

  it('answers every link that is not good with the same empty 404, and never a redirect', async () => {
    const other = await server.layer.workspaceOf('slack', 'T0OTHER');
    const signer = new SignedFileLinks(config.files!.publicUrl, config.files!.key);
    const version = new URL(links.map).pathname.split('/')[4]!;
    const path = new URL(links.map).pathname;
    const signature = path.split('/')[5]!;
    const bad = [
      // A tampered signature, and one moved to another file.
      path.replace(signature, `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`),
      new URL(links.preview).pathname.replace('preview.png', 'map.png'),
      // Another workspace: named in a good link, or properly signed for a workshop it does not have.
      path.replace(workspaceId, other),
      new URL(signer.url({ workspaceId: other, workshopId, version, file: { kind: 'map' } })).pathname,
      new URL(signer.url({ workspaceId: 'cpurgedworkspace', workshopId, version, file: { kind: 'map' } })).pathname,
      // Another version, properly signed.
      new URL(signer.url({ workspaceId, workshopId, version: 'AAAAAAAAAAAAAAAA', file: { kind: 'map' } })).pathname,
      new URL(signer.url({ workspaceId, workshopId, version, file: { kind: 'roadmap', format: 'md', departmentId: 'nodepartment' } })).pathname,
      // Unknown or malformed.
      '/files', '/files/', `${path}/`, `${path}x`, `/files/${workspaceId}/${workshopId}`,
    ];
    const answers = await Promise.all(bad.map(async (p) => {
      const res = await fetch(`${server.url}${p}`, { redirect: 'manual' });
      return { status: res.status, type: res.headers.get('content-type'), length: res.headers.get('content-length'), body: await res.text() };
    }));
    for (const answer of answers) expect(answer).toEqual({ status: 404, type: null, length: '0', body: '' });
    const post = await fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual' });
    expect([post.status, await post.text()]).toEqual([404, '']);
    expect((await get(links.map)).status).toBe(200);

    expect(await db.prisma.publishedFile.count({ where: { workshopId } })).toBeGreaterThan(0);
    await run({ type: 'deleteWorkshop', workshopId });
    // The published files go with the workshop, and their links stop.
    expect(await db.prisma.publishedFile.count({ where: { workshopId } })).toBe(0);
    for (const url of [links.map, links.preview, links.roadmap.md, links.departments[0]!.csv, published.preview, published.roadmap.md, published.departments[0]!.csv]) {
      const res = await get(url);
      expect([res.status, res.headers.get('content-length'), await res.text()]).toEqual([404, '0', '']);
    }
  }, 60_000);

  it('never shows the secret in a log line, a response or the configuration', () => {
    expect(logs.length).toBeGreaterThan(0);
    // Every refusal above was a 404, none an error.
    expect(logs.filter((l) => l.includes('"level":50'))).toEqual([]);
    expect(logs.join('\n')).not.toContain(SECRET);
    expect(logs.join('\n')).not.toContain('KEEP-OUT');
    expect(inspect(config, { depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify(config)).not.toContain(SECRET);
  });
});

describe('signed files configuration', () => {
  const problems = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('is off without PARCOURS_PUBLIC_URL', () => {
    expect(loadConfig({}).files).toBeNull();
    expect(loadConfig({ PARCOURS_URL_SECRET: SECRET }).files).toBeNull();
  });

  it('refuses a public URL without its secret, or a secret too short, without echoing it', () => {
    expect(problems({ PARCOURS_PUBLIC_URL: PUBLIC })).toContain('PARCOURS_URL_SECRET: required with PARCOURS_PUBLIC_URL');
    const short = problems({ PARCOURS_PUBLIC_URL: PUBLIC, PARCOURS_URL_SECRET: 'tiny-secret-value' });
    expect(short).toContain('PARCOURS_URL_SECRET must be at least 32 characters');
    expect(short).not.toContain('tiny-secret-value');
  });

  it('wants https, but for loopback addresses', () => {
    expect(problems({ PARCOURS_PUBLIC_URL: 'http://parcours.example.com', PARCOURS_URL_SECRET: SECRET })).toContain('PARCOURS_PUBLIC_URL must be an https:// address');
    expect(problems({ PARCOURS_PUBLIC_URL: 'https://parcours.example.com/?a=1', PARCOURS_URL_SECRET: SECRET })).toContain('PARCOURS_PUBLIC_URL');
    expect(loadConfig({ PARCOURS_PUBLIC_URL: 'http://127.0.0.1:3978/', PARCOURS_URL_SECRET: SECRET }).files?.publicUrl).toBe('http://127.0.0.1:3978');
    expect(loadConfig({ PARCOURS_PUBLIC_URL: 'https://example.com/parcours/', PARCOURS_URL_SECRET: SECRET }).files?.publicUrl).toBe('https://example.com/parcours');
  });
});
