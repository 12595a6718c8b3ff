// Public entry of the renderer: pictures and documents made from a WorkshopSnapshot (never from chat
// platform data), in the workshop's language.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyMomentComparison, WorkshopSnapshot } from '../core/snapshot.js';
import { renderKeyMomentSvg, renderMapSvg, type MapOptions } from './svg/map.js';
import { mapParts, type StageRange } from './svg/parts.js';
import { renderPng, type PngOptions } from './png/index.js';
import { roadmapCsv } from './docs/roadmap-csv.js';
import { roadmapJson } from './docs/roadmap-json.js';
import { roadmapMarkdown } from './docs/roadmap-markdown.js';

export { renderMapSvg, renderKeyMomentSvg, type MapOptions } from './svg/map.js';
export { mapParts, MAX_STAGES_PER_PART, type StageRange } from './svg/parts.js';
export { renderPng, renderPngSync, closeRenderPool, targetWidth, type PngOptions, type PngSize } from './png/index.js';
export { roadmapCsv } from './docs/roadmap-csv.js';
export { roadmapJson, roadmapDocument, RoadmapDocumentSchema, ROADMAP_FORMAT, type RoadmapDocument } from './docs/roadmap-json.js';
export { roadmapMarkdown, departmentRoadmapMarkdown } from './docs/roadmap-markdown.js';

/** One picture of a workshop's map. */
export interface MapPicture {
  /** File name without extension: "map" for the whole map, "map-part-2" for the second part. */
  name: string;
  /** The stages a part shows, by index in the journey; absent on the whole map. */
  part?: StageRange;
  svg: string;
}

/**
 * The pictures to post in a chat: the whole map, then, when the journey is too long to read in one
 * picture (more than MAX_STAGES_PER_PART stages, see svg/parts.ts), one part per run of stages.
 */
export function mapPictures(snapshot: WorkshopSnapshot, options: Omit<MapOptions, 'part'> = {}): MapPicture[] {
  const whole: MapPicture = { name: 'map', svg: renderMapSvg(snapshot, options) };
  const parts = mapParts(snapshot.stages);
  if (parts.length < 2) return [whole];
  return [whole, ...parts.map((part, i) => ({ name: `map-part-${i + 1}`, part, svg: renderMapSvg(snapshot, { ...options, part }) }))];
}

/** mapPictures as PNGs, rendered in parallel in the worker pool. */
export async function renderMapPngs(snapshot: WorkshopSnapshot, options: Omit<MapOptions, 'part'> & { png?: PngOptions } = {}): Promise<(MapPicture & { png: Buffer })[]> {
  const pictures = mapPictures(snapshot, options);
  const pngs = await Promise.all(pictures.map((p) => renderPng(p.svg, options.png)));
  return pictures.map((p, i) => ({ ...p, png: pngs[i]! }));
}

export interface WriteOptions {
  comparisons?: KeyMomentComparison[];
  /** For a target journey, the current journey it was started from (see MapOptions.current). */
  current?: WorkshopSnapshot;
  now?: Date;
  png?: PngOptions;
}

/**
 * Writes map.svg, map.png, roadmap.md/.csv/.json (and key-moment-N.svg/.png per comparison) into `dir`;
 * for a long journey also map-part-N.png, the parts of mapPictures (the SVG stays whole).
 */
export async function writeWorkshopDocuments(snapshot: WorkshopSnapshot, dir: string, options: WriteOptions = {}): Promise<string[]> {
  const now = options.now ?? snapshot.workshop.closedAt ?? new Date();
  // Everything that can fail synchronously is built before any PNG render starts, so a failure never
  // leaves renders running with nobody waiting for them.
  const [whole, ...parts] = mapPictures(snapshot, { comparisons: options.comparisons, now, ...(options.current ? { current: options.current } : {}) });
  const texts: [string, string][] = [
    ['map.svg', whole!.svg],
    ['roadmap.md', roadmapMarkdown(snapshot)],
    ['roadmap.csv', roadmapCsv(snapshot)],
    ['roadmap.json', roadmapJson(snapshot, now)],
  ];
  const pictures: [string, string][] = [['map.png', whole!.svg], ...parts.map((p): [string, string] => [`${p.name}.png`, p.svg])];
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
