// Public entry of the renderer: pictures and documents made from a WorkshopSnapshot (never from chat
// platform data), in the workshop's language.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyMomentComparison, WorkshopSnapshot } from '../core/snapshot.js';
import { renderKeyMomentSvg, renderMapSvg } from './svg/map.js';
import { renderPng, type PngOptions } from './png/index.js';
import { roadmapCsv } from './docs/roadmap-csv.js';
import { roadmapJson } from './docs/roadmap-json.js';
import { roadmapMarkdown } from './docs/roadmap-markdown.js';

export { renderMapSvg, renderKeyMomentSvg, type MapOptions } from './svg/map.js';
export { renderPng, renderPngSync, closeRenderPool, targetWidth, type PngOptions, type PngSize } from './png/index.js';
export { roadmapCsv } from './docs/roadmap-csv.js';
export { roadmapJson, roadmapDocument, RoadmapDocumentSchema, ROADMAP_FORMAT, type RoadmapDocument } from './docs/roadmap-json.js';
export { roadmapMarkdown, departmentRoadmapMarkdown } from './docs/roadmap-markdown.js';

export interface WriteOptions {
  comparisons?: KeyMomentComparison[];
  now?: Date;
  png?: PngOptions;
}

/** Writes map.svg, map.png, roadmap.md/.csv/.json (and key-moment-N.svg/.png per comparison) into `dir`. */
export async function writeWorkshopDocuments(snapshot: WorkshopSnapshot, dir: string, options: WriteOptions = {}): Promise<string[]> {
  const now = options.now ?? snapshot.workshop.closedAt ?? new Date();
  // Everything that can fail synchronously is built before any PNG render starts, so a failure never
  // leaves renders running with nobody waiting for them.
  const svg = renderMapSvg(snapshot, { comparisons: options.comparisons, now });
  const texts: [string, string][] = [
    ['map.svg', svg],
    ['roadmap.md', roadmapMarkdown(snapshot)],
    ['roadmap.csv', roadmapCsv(snapshot)],
    ['roadmap.json', roadmapJson(snapshot, now)],
  ];
  const pictures: [string, string][] = [['map.png', svg]];
  (options.comparisons ?? []).forEach((c, i) => {
    const km = renderKeyMomentSvg(c, snapshot.workshop.language);
    texts.push([`key-moment-${i + 1}.svg`, km]);
    pictures.push([`key-moment-${i + 1}.png`, km]);
  });
  const pngs = await Promise.all(pictures.map(([, source]) => renderPng(source, options.png)));
  await mkdir(dir, { recursive: true });
  const files: [string, string | Buffer][] = [...texts, ...pictures.map(([name], i): [string, Buffer] => [name, pngs[i]!])];
  const paths: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    await writeFile(path, content);
    paths.push(path);
  }
  return paths;
}
