// A long journey reads badly as one picture in a chat preview: the thread gets the whole map, then one
// picture per run of stages, each titled with the stages it shows, in the workshop's language.
import { describe, expect, it } from 'vitest';
import { MAX_STAGES_PER_PART } from '../../src/render/index.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { FAC } from './helpers/users.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('posting the map of a long journey', () => {
  const slack = slackWorkshopSuite({ provider: 'sqlite', closeRenderPool: true });

  it.each([
    ['en', 'Long journey', 'Journey map: Long journey — stages 1 to 6 of 12'],
    ['fr', 'Parcours long', 'Carte du parcours : Parcours long — étapes 1 à 6 sur 12'],
  ] as const)('posts the whole map and its parts, titled in %s', async (language, title, firstPart) => {
    await slack.d.command(FAC, `new ${language}`);
    await slack.d.submit(FAC, slack.d.lastModal(FAC), { title, language, mode: 'async', journey: 'current', basis: 'data', department_0: 'Sales', voteBudget: 3 });
    const workshop = await slack.db.prisma.workshop.findFirstOrThrow({ where: { title } });
    // The stages themselves are not the subject here: they are added through the engine the adapter runs on.
    const { engine } = slack.replica.server;
    const workspaceId = workshop.workspaceId;
    const fac = { workspaceId, userId: FAC.id, displayName: FAC.name };
    const ok = async (command: Record<string, unknown>) => expect((await engine.execute(fac, { workshopId: workshop.id, ...command })).ok).toBe(true);
    await ok({ type: 'setPersona', persona: { name: 'Pat' } });
    await ok({ type: 'setGoal', text: 'Buy a sofa' });
    await ok({ type: 'advanceStep' });
    await ok({ type: 'advanceStep' });
    for (let i = 1; i <= 12; i++) await ok({ type: 'addStage', label: `I do step ${i}`, phase: i <= 4 ? 'before' : i <= 8 ? 'purchase' : 'after' });

    const from = slack.d.mark();
    await slack.d.command(FAC, 'map');
    const uploads = slack.fake.calls.slice(from).filter((c) => c.method === 'files.completeUploadExternal');
    expect(uploads).toHaveLength(1);
    const files = uploads[0]!.args.files as { id: string; title: string }[];
    expect(files.length).toBeGreaterThanOrEqual(Math.ceil(12 / MAX_STAGES_PER_PART) + 1);
    expect(files[0]!.title).toContain(title);
    expect(files[0]!.title).not.toMatch(/\d+ (to|à) \d+/);
    expect(files[1]!.title).toBe(firstPart);
    expect(files.at(-1)!.title).toMatch(/ 12 (of|sur) 12$/);

    // Each is a real picture, the whole map wider than any of its parts.
    const widths = files.map((f) => {
      const upload = slack.fake.uploads.find((u) => u.fileId === f.id);
      if (!upload) throw new Error(`no bytes uploaded for ${f.title}`);
      // The upload is the request body as sent: find the PNG in it, and read its width from its header.
      const start = upload.bytes.indexOf(PNG_SIGNATURE);
      expect(start, f.title).toBeGreaterThanOrEqual(0);
      expect(upload.bytes.indexOf('IEND', start), f.title).toBeGreaterThan(start);
      return upload.bytes.readUInt32BE(start + 16);
    });
    for (const width of widths.slice(1)) expect(width).toBeLessThan(widths[0]!);
  }, 60_000);
});
