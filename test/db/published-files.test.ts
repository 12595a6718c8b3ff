// The posted map pictures and documents kept per snapshot version (PublishedFileStore) on both databases:
// saved once however often and by however many at once, read only within their workspace, and gone with
// their workshop and their workspace.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishedFiles } from '../../src/db/published-files.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';

describe.each(providers)('published files on %s', (provider) => {
  let database: TestDatabase | undefined;
  beforeAll(async () => { database = await freshDatabase(provider); });
  afterAll(async () => { await database?.close(); });

  async function workshop(name: string) {
    const db = database!;
    const ws = await db.prisma.workspace.create({ data: { platform: 'teams', externalId: `T${name}-${randomUUID()}` } });
    const wk = await db.prisma.workshop.create({ data: { workspaceId: ws.id, title: name, language: 'en', mode: 'async', journey: 'current', basis: 'data' } });
    return { workspaceId: ws.id, workshopId: wk.id };
  }

  // Every byte value, so that no driver turns the bytes into text on the way.
  const png = Buffer.from(Array.from({ length: 600 }, (_, i) => i % 256));

  it('saves a version’s files once, however often and by however many at once, and reads them back as they were', async () => {
    const a = await workshop('A');
    const files = new PublishedFiles(database!.prisma);
    const other = new PublishedFiles((await database!.secondClient()).prisma);
    await Promise.all([
      files.save(a.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1', [{ name: 'preview.png', bytes: png }, { name: 'roadmap.md', bytes: Buffer.from('# Road') }]),
      other.save(a.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1', [{ name: 'preview.png', bytes: png }, { name: 'roadmap.md', bytes: Buffer.from('# Road') }]),
    ]);
    // A retry with other bytes keeps the first: a version's bytes never change.
    await files.save(a.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1', [{ name: 'roadmap.md', bytes: Buffer.from('# Other') }]);
    expect(await database!.prisma.publishedFile.count({ where: { workshopId: a.workshopId } })).toBe(2);
    expect((await files.get(a.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1', 'preview.png'))!.equals(png)).toBe(true);
    expect((await files.get(a.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1', 'roadmap.md'))!.toString()).toBe('# Road');
    expect(await files.names(a.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1')).toEqual(['preview.png', 'roadmap.md']);
    expect(await files.get(a.workspaceId, a.workshopId, 'v2v2v2v2v2v2v2v2', 'preview.png')).toBeNull();
    expect(await files.names(a.workspaceId, a.workshopId, 'v2v2v2v2v2v2v2v2')).toEqual([]);
  });

  it('reads and writes nothing across workspaces', async () => {
    const a = await workshop('A');
    const b = await workshop('B');
    const files = new PublishedFiles(database!.prisma);
    await files.save(a.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1', [{ name: 'map.png', bytes: png }]);
    expect(await files.get(b.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1', 'map.png')).toBeNull();
    expect(await files.names(b.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1')).toEqual([]);
    // Saving under a workspace that does not own the workshop keeps nothing.
    await files.save(b.workspaceId, a.workshopId, 'v9v9v9v9v9v9v9v9', [{ name: 'map.png', bytes: png }]);
    expect(await database!.prisma.publishedFile.count({ where: { version: 'v9v9v9v9v9v9v9v9' } })).toBe(0);
  });

  it('forgets the files with their workshop and with their workspace, and keeps nothing for a workshop already gone', async () => {
    const a = await workshop('A');
    const b = await workshop('B');
    const files = new PublishedFiles(database!.prisma);
    await files.save(a.workspaceId, a.workshopId, 'v1v1v1v1v1v1v1v1', [{ name: 'map.png', bytes: png }]);
    await files.save(b.workspaceId, b.workshopId, 'v1v1v1v1v1v1v1v1', [{ name: 'map.png', bytes: png }]);
    await database!.prisma.workshop.delete({ where: { id: a.workshopId } });
    await database!.prisma.workspace.delete({ where: { id: b.workspaceId } });
    expect(await database!.prisma.publishedFile.count({ where: { workshopId: { in: [a.workshopId, b.workshopId] } } })).toBe(0);
    // A render that finishes after its workshop was deleted saves nothing, and says nothing either.
    await files.save(a.workspaceId, a.workshopId, 'v2v2v2v2v2v2v2v2', [{ name: 'map.png', bytes: png }]);
    expect(await files.get(a.workspaceId, a.workshopId, 'v2v2v2v2v2v2v2v2', 'map.png')).toBeNull();
  });
});
