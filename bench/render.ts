// Render benchmark: the dense map (12 stages × 8 channels, 60 observations) as SVG and as PNG, through
// the worker pool and directly, beside resvg rasterising a blank SVG of the same size (the floor: what
// resvg costs before drawing anything). Run: node --import tsx bench/render.ts
import { pathToFileURL } from 'node:url';
import { closeRenderPool, renderMapSvg, renderPng, renderPngSync, targetWidth } from '../src/render/index.js';
import { denseMap } from '../test/fixtures/snapshots.js';

interface Stats { median: number; p99: number }

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { median: at(0.5), p99: at(0.99) };
}

async function time(runs: number, f: () => unknown): Promise<Stats> {
  await f(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return stats(ms);
}

export async function main(runs = Number(process.env.RUNS ?? 30)): Promise<Record<string, Stats>> {
  const snapshot = denseMap('fr');
  const svg = renderMapSvg(snapshot);
  const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
  const blank = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="100%" height="100%" fill="#fff"/></svg>`;
  const results: Record<string, Stats> = {
    'svg (renderMapSvg)': await time(runs * 3, () => renderMapSvg(snapshot)),
    'png direct': await time(runs, () => renderPngSync(svg)),
    'png pool': await time(runs, () => renderPng(svg)),
    'blank png direct (floor)': await time(runs, () => renderPngSync(blank)),
  };
  await closeRenderPool();
  const floor = results['blank png direct (floor)']!.median;
  console.log(`dense map: ${w}×${h} SVG, PNG ${targetWidth(svg)} px wide, ${runs} runs (SVG ${runs * 3})`);
  console.log('| case | median ms | p99 ms | × floor |');
  console.log('|---|---:|---:|---:|');
  for (const [name, s] of Object.entries(results)) {
    console.log(`| ${name} | ${s.median.toFixed(1)} | ${s.p99.toFixed(1)} | ${(s.median / floor).toFixed(2)} |`);
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
