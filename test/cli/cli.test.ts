// The `parcours` command as a user runs it: the demo prints a roadmap for every department and the
// pick-up moment compared across both journeys, writes the maps and documents, and export gives JSON.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoadmapDocumentSchema } from '../../src/render/index.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'parcours.js');

describe.each(providers)('parcours CLI on %s', (provider) => {
  let db: TestDatabase;
  let dir: string;
  const parcours = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: db.rawUrl, LOG_LEVEL: 'silent', ...extra }, cwd: dir });

  beforeAll(async () => {
    db = await freshDatabase(provider, { migrate: false });
    dir = mkdtempSync(join(tmpdir(), 'parcours-cli-'));
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates', async () => {
    const { stdout } = await parcours(['migrate']);
    expect(stdout).toMatch(/is up to date/);
    expect(await db.prisma.workshop.count()).toBe(0);
  });

  it('runs the furniture-store demo, framing to roadmap, in French', async () => {
    const { stdout } = await parcours(['demo', '--lang', 'fr', '--out', 'out'], { PARCOURS_LANGUAGE: 'en' });
    for (const department of ['Magasins', 'Digital', 'Logistique', 'Service client', 'Marketing']) expect(stdout).toContain(`## ${department}`);
    expect(stdout).toContain('Préparer la commande dès le passage en caisse');
    expect(stdout).toMatch(/Moment clé commun aux parcours : Retrait des meubles/);
    expect(stdout).toMatch(/Je retire mes meubles en magasin\nÉmotion −?-1,7 \(6 notes\)/);
    expect(stdout).toMatch(/moins bien vécu dans « Ameublement — achat en ligne, retrait en magasin »/);
    for (const journey of ['journey-1', 'journey-2', 'journey-3']) {
      expect(readdirSync(join(dir, 'out', journey)).sort()).toEqual([
        'key-moment-1.png', 'key-moment-1.svg', 'map.png', 'map.svg', 'roadmap.csv', 'roadmap.json', 'roadmap.md', 'workshop.json',
      ]);
      RoadmapDocumentSchema.parse(JSON.parse(readFileSync(join(dir, 'out', journey, 'roadmap.json'), 'utf8')));
    }
    // The target journey started from the online purchase is drawn beside it, stage by stage.
    const target = readFileSync(join(dir, 'out', 'journey-3', 'map.svg'), 'utf8');
    expect(target).toContain('data-journey="target"');
    expect(target).toContain('data-section="journeys"');
    expect(target).toContain('Du parcours actuel à ce parcours cible');
    // The facilitator marked the channels with no part at some stages: drawn so, the gaps left drawn as gaps.
    const inStore = readFileSync(join(dir, 'out', 'journey-1', 'map.svg'), 'utf8');
    expect(inStore.match(/data-unused="true"/g)).toHaveLength(4);
    expect(inStore.match(/data-missing="true"/g)).toHaveLength(4);
    const workshops = await db.prisma.workshop.findMany({ orderBy: { createdAt: 'asc' } });
    expect(workshops.map((w) => [w.journey, w.step, w.status])).toEqual([['current', 'roadmap', 'closed'], ['current', 'roadmap', 'closed'], ['target', 'evaluation', 'open']]);
    expect(workshops[2]!.sourceWorkshopId).toBe(workshops[1]!.id);
    expect(await db.prisma.roadmapItem.count()).toBe(7);
    expect(await db.prisma.participant.count({ where: { workshopId: workshops[0]!.id } })).toBe(6);
  }, 60_000);

  it('exports a workshop as JSON, and refuses an unknown id clearly', async () => {
    const workshop = (await db.prisma.workshop.findFirst({ orderBy: { createdAt: 'asc' } }))!;
    const { stdout } = await parcours(['export', workshop.id]);
    const exported = JSON.parse(stdout);
    expect(exported).toMatchObject({ format: 'parcours.workshop/1', workshop: { id: workshop.id, title: workshop.title } });
    expect(exported.stages).toHaveLength(3);
    // The pick-up moment as lived in both current journeys and in the target journey copied from the second.
    expect(exported.keyMoments[0].journeys).toHaveLength(3);
    await expect(parcours(['export', 'nope'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/No workshop with id nope/) });
  }, 30_000);

  it('explains its usage and names a wrong setting', async () => {
    const { stderr } = await parcours([]);
    expect(stderr).toMatch(/Usage: parcours <command>/);
    await expect(parcours(['migrate'], { DATABASE_URL: 'mysql://x' })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/DATABASE_URL/) });
  });
});
