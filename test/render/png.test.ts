import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { closeRenderPool, renderMapSvg, renderPng, renderPngSync, writeWorkshopDocuments } from '../../src/render/index.js';
import { denseMap, extremeMap, furniturePickUpComparison, furnitureStoreOnline, hostileMap } from '../fixtures/snapshots.js';

afterAll(() => closeRenderPool());
const NOW = new Date('2025-03-26T12:00:00Z');

function inspect(buf: Buffer) {
  const png = PNG.sync.read(buf);
  const colours = new Set<number>();
  let ink = 0;
  for (let i = 0; i < png.data.length; i += 4 * 7) { // sample every 7th pixel
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    colours.add((r << 16) | (g << 8) | b);
    if (r + g + b < 3 * 250) ink++;
  }
  return { width: png.width, height: png.height, colours: colours.size, inkShare: ink / (png.data.length / 28) };
}

describe('PNG', () => {
  it('renders the dense map at full size through the pool, not blank', async () => {
    const svg = renderMapSvg(denseMap('fr'), { now: NOW });
    const natural = Number(/width="(\d+)"/.exec(svg)![1]);
    const ratio = Number(/height="(\d+)"/.exec(svg)![1]) / natural;
    const info = inspect(await renderPng(svg));
    expect(info.width).toBe(Math.max(2400, natural));
    expect(info.height).toBeCloseTo(info.width * ratio, -1);
    expect(info.colours).toBeGreaterThan(50);
    expect(info.inkShare).toBeGreaterThan(0.05);
  });

  it('has a preview size for chat unfurls, and keeps a wide map at natural size', async () => {
    const preview = inspect(await renderPng(renderMapSvg(furnitureStoreOnline(), { now: NOW }), { size: 'preview' }));
    expect(preview.width).toBe(1200);
    const wide = renderMapSvg(extremeMap(), { now: NOW });
    const natural = Number(/width="(\d+)"/.exec(wide)![1]);
    expect(inspect(renderPngSync(wide)).width).toBe(natural);
  });

  it('renders hostile text and runs jobs concurrently', async () => {
    const svgs = [hostileMap('fr'), hostileMap('en'), denseMap('en')].map((s) => renderMapSvg(s, { now: NOW }));
    const pngs = await Promise.all(svgs.map((s) => renderPng(s, { size: 'preview' })));
    for (const p of pngs) expect(inspect(p).inkShare).toBeGreaterThan(0.03);
  });

  it('writes every document of a workshop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parcours-render-'));
    const paths = await writeWorkshopDocuments(furnitureStoreOnline(), dir, { comparisons: [furniturePickUpComparison()], now: NOW });
    expect(paths.map((p) => p.slice(dir.length + 1)).sort()).toEqual(
      ['key-moment-1.png', 'key-moment-1.svg', 'map.png', 'map.svg', 'roadmap.csv', 'roadmap.json', 'roadmap.md']);
    expect(inspect(await readFile(join(dir, 'key-moment-1.png'))).width).toBe(2400);
  });
});
