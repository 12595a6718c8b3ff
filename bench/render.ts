// Render benchmark: the dense map (12 stages × 8 channels, 60 observations) as SVG and as PNG, through
// the worker pool and directly, beside resvg rasterising a blank SVG of the same size (the floor: what
// resvg costs before drawing anything); the same map with emoji in a third of its texts (the emoji font
// is parsed too); and a 20-stage map posted as the whole map plus its three parts (renderMapPngs).
// Run: node --import tsx bench/render.ts
import { pathToFileURL } from 'node:url';
import type { WorkshopSnapshot } from '../src/core/snapshot.js';
import { closeRenderPool, mapParts, renderMapPngs, renderMapSvg, renderPng, renderPngSync, targetWidth } from '../src/render/index.js';
import { denseMap, extremeMap } from '../test/fixtures/snapshots.js';

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

/** Emoji as participants type them, in a third of the stage labels, touchpoints and observations. */
function withEmoji(s: WorkshopSnapshot): WorkshopSnapshot {
  const emoji = ['🚚', '😡', '👍🏽', '🎉', '📦', '❤️', '🇫🇷', '👨‍👩‍👧'];
  const add = (text: string, i: number) => (i % 3 === 0 ? `${text} ${emoji[i % emoji.length]}` : text);
  return {
    ...s,
    stages: s.stages.map((x, i) => ({ ...x, label: add(x.label, i) })),
    touchpoints: s.touchpoints.map((x, i) => ({ ...x, description: add(x.description, i) })),
    observations: s.observations.map((x, i) => ({ ...x, text: add(x.text, i) })),
  };
}

export async function main(runs = Number(process.env.RUNS ?? 30)): Promise<Record<string, Stats>> {
  const snapshot = denseMap('fr');
  const svg = renderMapSvg(snapshot);
  const emojiSvg = renderMapSvg(withEmoji(snapshot));
  const long = extremeMap();
  const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
  const blank = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="100%" height="100%" fill="#fff"/></svg>`;
  const results: Record<string, Stats> = {
    'svg (renderMapSvg)': await time(runs * 3, () => renderMapSvg(snapshot)),
    'png direct': await time(runs, () => renderPngSync(svg)),
    'png pool': await time(runs, () => renderPng(svg)),
    'blank png direct (floor)': await time(runs, () => renderPngSync(blank)),
    'png direct, with emoji': await time(runs, () => renderPngSync(emojiSvg)),
    '20 stages: whole + 3 parts, pool': await time(Math.max(3, Math.round(runs / 3)), () => renderMapPngs(long)),
  };
  await closeRenderPool();
  const floor = results['blank png direct (floor)']!.median;
  console.log(`dense map: ${w}×${h} SVG, PNG ${targetWidth(svg)} px wide, ${runs} runs (SVG ${runs * 3});` +
    ` 20 stages: ${/width="(\d+)"/.exec(renderMapSvg(long))![1]} px wide, parts of ${mapParts(long.stages).map((p) => p.end - p.start).join(' / ')} stages`);
  console.log('| case | median ms | p99 ms | × floor |');
  console.log('|---|---:|---:|---:|');
  for (const [name, s] of Object.entries(results)) {
    console.log(`| ${name} | ${s.median.toFixed(1)} | ${s.p99.toFixed(1)} | ${(s.median / floor).toFixed(2)} |`);
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
