import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import {
  closeRenderPool, mapParts, mapPictures, MAX_STAGES_PER_PART, renderMapPngs, renderMapSvg, writeWorkshopDocuments,
} from '../../src/render/index.js';
import { textWidth } from '../../src/render/text/measure.js';
import type { StageView } from '../../src/core/snapshot.js';
import type { Phase } from '../../src/core/vocabulary.js';
import {
  buildSnapshot, denseMap, extremeMap, furniturePickUpComparison, furnitureStoreOnline, furnitureTargetJourney,
} from '../fixtures/snapshots.js';
import { all, parseSvg, withAttr } from './helpers.js';

afterAll(() => closeRenderPool());
const NOW = new Date('2025-03-26T12:00:00Z');

const stagesOf = (phases: Phase[]): StageView[] =>
  phases.map((phase, i) => ({ id: `s${i}`, position: i, label: `Stage ${i + 1}`, phase, keyMomentId: null, sourceStageId: null, voiceWarning: false }));
const repeat = (phase: Phase, n: number): Phase[] => Array.from({ length: n }, () => phase);
const sizes = (parts: { start: number; end: number }[]) => parts.map((p) => p.end - p.start);

function oneStageMap() {
  return buildSnapshot({
    id: 'one', title: 'Livraison 🚚', language: 'fr', departments: ['Logistique'], participants: [['A', 'Logistique']], channels: ['SMS'],
    stages: [{ label: 'J’attends ma livraison 😡', phase: 'after', touchpoints: { SMS: ['Suivi'] }, observations: [{ kind: 'irritant', text: 'En retard', votes: 1 }], ratings: [-2] }],
  });
}

describe('parts of a long journey', () => {
  it('keeps a journey of up to eight stages in one picture', () => {
    expect(mapParts(stagesOf(['after']))).toEqual([{ start: 0, end: 1 }]);
    expect(mapParts(stagesOf(repeat('before', MAX_STAGES_PER_PART)))).toEqual([{ start: 0, end: MAX_STAGES_PER_PART }]);
    expect(mapParts([])).toEqual([{ start: 0, end: 0 }]);
  });

  it('cuts longer journeys evenly, at a change of macro-phase when one is a stage away', () => {
    // The dense map: 4 before, 3 purchase, 5 after; the even cut (6) moves to where purchase ends (7).
    expect(mapParts(denseMap('fr').stages)).toEqual([{ start: 0, end: 7 }, { start: 7, end: 12 }]);
    // 20 stages, 7 / 7 / 6 per phase: three parts, one per phase.
    expect(mapParts(extremeMap().stages)).toEqual([{ start: 0, end: 7 }, { start: 7, end: 14 }, { start: 14, end: 20 }]);
    // One phase throughout: even parts.
    expect(sizes(mapParts(stagesOf(repeat('after', 17))))).toEqual([6, 5, 6]);
    // A phase change two stages away is not worth uneven parts; one that would overfill a part is ignored.
    expect(sizes(mapParts(stagesOf([...repeat('before', 6), ...repeat('after', 8)])))).toEqual([6, 8]);
    expect(sizes(mapParts(stagesOf([...repeat('before', 5), ...repeat('after', 9)])))).toEqual([7, 7]);
    expect(sizes(mapParts(stagesOf([...repeat('before', 7), ...repeat('after', 9)])))).toEqual([8, 8]);
    for (let n = 1; n <= 40; n++) {
      const parts = mapParts(stagesOf(repeat('purchase', n)));
      expect(parts[0]!.start).toBe(0);
      expect(parts.at(-1)!.end).toBe(n);
      parts.slice(1).forEach((p, i) => expect(p.start).toBe(parts[i]!.end));
      for (const size of sizes(parts)) {
        expect(size).toBeGreaterThan(0);
        expect(size).toBeLessThanOrEqual(MAX_STAGES_PER_PART);
      }
      expect(parts).toHaveLength(Math.ceil(n / MAX_STAGES_PER_PART));
    }
  });

  it('draws a part as a map of its own stages, numbered as in the whole journey, in French and English', () => {
    const fr = extremeMap();
    const doc = parseSvg(renderMapSvg(fr, { now: NOW, part: { start: 7, end: 14 } }));
    const root = doc.documentElement!;
    const columns = withAttr(doc, 'data-stage-id').filter((e) => e.hasAttribute('data-position'));
    expect(columns.map((c) => c.getAttribute('data-stage-id'))).toEqual(fr.stages.slice(7, 14).map((s) => s.id));
    const numbers = columns.map((c) => all(c, 'text').find((t) => t.getAttribute('text-anchor') === 'middle')!.textContent);
    expect(numbers).toEqual(['8', '9', '10', '11', '12', '13', '14']);
    expect(withAttr(doc, 'data-cell')).toHaveLength(7 * fr.channels.length);
    expect(all(doc, 'circle').filter((c) => c.hasAttribute('data-mean')).map((c) => c.getAttribute('data-stage-id')))
      .toEqual(fr.emotion.slice(7, 14).filter((p) => p.mean !== null).map((p) => p.stageId));
    expect(all(doc, 'g').find((g) => g.getAttribute('data-role') === 'part')!.textContent).toBe('Étapes 8–14 / 20');
    expect(root.getAttribute('data-part-start')).toBe('7');
    expect(root.getAttribute('data-part-end')).toBe('14');
    // About 1,700 px instead of 4,350: a picture that reads in a chat's image viewer.
    expect(Number(root.getAttribute('width'))).toBeLessThan(1800);
    expect(Number(parseSvg(renderMapSvg(fr, { now: NOW })).documentElement!.getAttribute('width'))).toBeGreaterThan(4000);

    const en = parseSvg(renderMapSvg(denseMap('en'), { now: NOW, part: { start: 7, end: 12 } }));
    expect(all(en, 'g').find((g) => g.getAttribute('data-role') === 'part')!.textContent).toBe('Stages 8–12 / 12');
    const bands = all(en, 'g').filter((g) => g.hasAttribute('data-from'));
    expect(bands.map((g) => [g.getAttribute('data-phase'), g.getAttribute('data-from'), g.getAttribute('data-to')])).toEqual([['after', '7', '11']]);
  });

  it('keeps every line of a part inside its box', () => {
    for (const s of [extremeMap(), denseMap('en'), denseMap('fr')]) {
      for (const { svg, part } of mapPictures(s, { now: NOW })) {
        for (const text of withAttr(parseSvg(svg), 'data-fit')) {
          const size = Number(text.getAttribute('font-size'));
          const weight = text.getAttribute('font-weight') === '700' ? 'bold' : 'regular';
          const lines = all(text, 'tspan').filter((t) => t.hasAttribute('x'));
          for (const line of lines.length ? lines : [text]) {
            expect(textWidth(line.textContent ?? '', size, weight), `${JSON.stringify(part)} ${line.textContent}`).toBeLessThanOrEqual(Number(text.getAttribute('data-fit')) + 0.01);
          }
        }
      }
    }
  });

  it('shows in a part the solutions and key moments of its stages, labelled as on the whole map', () => {
    const s = furnitureTargetJourney('en');
    const cards = (svg: string) => withAttr(parseSvg(svg), 'data-solution-id').map((c) => [c.getAttribute('data-label'), c.getAttribute('data-solution-id')]);
    const whole = cards(renderMapSvg(s, { now: NOW }));
    const first = cards(renderMapSvg(s, { now: NOW, part: { start: 0, end: 2 } }));
    const second = cards(renderMapSvg(s, { now: NOW, part: { start: 2, end: 4 } }));
    const stagesOfSolution = (id: string) => new Set(s.solutions.find((x) => x.id === id)!.addresses
      .map((o) => s.stages.findIndex((st) => st.id === s.observations.find((ob) => ob.id === o)!.stageId)));
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    for (const [label, id] of first) {
      expect(whole).toContainEqual([label, id]);
      expect([...stagesOfSolution(id!)].some((i) => i < 2)).toBe(true);
    }
    for (const [label, id] of second) {
      expect(whole).toContainEqual([label, id]);
      expect([...stagesOfSolution(id!)].some((i) => i >= 2)).toBe(true);
    }
    for (const card of whole) expect([...first, ...second]).toContainEqual(card);

    const online = furnitureStoreOnline();
    const at = online.stages.findIndex((st) => st.keyMomentId === furniturePickUpComparison().keyMomentId);
    const comparisons = [furniturePickUpComparison()];
    const blocks = (part: { start: number; end: number }) => withAttr(parseSvg(renderMapSvg(online, { now: NOW, comparisons, part })), 'data-key-moment-id').length;
    expect(blocks({ start: at, end: at + 1 })).toBe(1);
    expect(blocks({ start: 0, end: at })).toBe(0);
  });
});

describe('pictures to post', () => {
  function info(png: Buffer) {
    const p = PNG.sync.read(png);
    let ink = 0;
    for (let i = 0; i < p.data.length; i += 4 * 7) if (p.data[i]! + p.data[i + 1]! + p.data[i + 2]! < 3 * 250) ink++;
    return { width: p.width, height: p.height, inkShare: ink / (p.data.length / 28) };
  }

  it('posts a 20-stage map whole, then in three readable parts', async () => {
    const pictures = await renderMapPngs(extremeMap(), { now: NOW });
    expect(pictures.map((p) => p.name)).toEqual(['map', 'map-part-1', 'map-part-2', 'map-part-3']);
    const whole = info(pictures[0]!.png);
    expect(whole.width).toBe(Number(/width="(\d+)"/.exec(pictures[0]!.svg)![1])); // the overview keeps its natural size
    for (const p of pictures.slice(1)) {
      const i = info(p.png);
      // At most ~1,700 px of map drawn 2,400 px wide: its words are 1.4× larger than on the overview.
      expect(i.width, p.name).toBe(2400);
      expect(i.width / Number(/width="(\d+)"/.exec(p.svg)![1]), p.name).toBeGreaterThanOrEqual(1.4);
      expect(i.inkShare, p.name).toBeGreaterThan(0.05);
    }
  });

  it('posts maps of 1 and 8 stages as one picture', async () => {
    expect((await renderMapPngs(oneStageMap(), { now: NOW })).map((p) => p.name)).toEqual(['map']);
    const eight = { ...denseMap('en'), stages: denseMap('en').stages.slice(0, 8) };
    expect(mapPictures(eight, { now: NOW }).map((p) => p.name)).toEqual(['map']);
  });

  it('writes the parts of a long journey beside the whole map', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parcours-parts-'));
    await writeWorkshopDocuments(extremeMap(), dir, { now: NOW });
    const files = (await readdir(dir)).sort();
    expect(files.filter((f) => f.startsWith('map'))).toEqual(['map-part-1.png', 'map-part-2.png', 'map-part-3.png', 'map.png', 'map.svg']);
    expect(info(await readFile(join(dir, 'map-part-3.png'))).width).toBe(2400);
  });
});
