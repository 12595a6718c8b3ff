// How each file a signed link names is made from a snapshot: in one place, because the GET handler (files.ts)
// renders the current version on request and publishing (publish.ts) renders a posted version once to keep it,
// and both must give the same bytes for the same link.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { MapRenderer } from '../conversation/deps.js';
import type { FileKind } from './file-links.js';

/** What the files are made from; src/server.ts wires it to the queries and the renderer. */
export interface FileSource {
  /** The workshop; a DomainError when the workspace has no such workshop (deleted, purged, never was). */
  snapshot(workspaceId: string, workshopId: string): Promise<WorkshopSnapshot>;
  /** The whole map then its parts, full size. */
  map: MapRenderer;
  /** The whole map alone, at most PREVIEW_WIDTH wide. */
  preview: MapRenderer;
}

/** Teams shows card images of at most 1024 px wide. */
export const PREVIEW_WIDTH = 1024;

/** A link to something this snapshot does not have (a department that is not one of its own). */
export class NotFound extends Error {}

/** What one render gives: the bodies (a map and its parts share one render) and a document's download name. */
export interface Made {
  bodies: Buffer[];
  download?: string;
}

export const TYPES = { png: 'image/png', md: 'text/markdown; charset=utf-8', csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

export function formatOf(f: FileKind): keyof typeof TYPES {
  return f.kind === 'roadmap' ? f.format : 'png';
}

/** The render a file comes from: a map's pictures come from one, so they share it. */
export function renderOf(f: FileKind): string {
  return f.kind === 'preview' ? 'preview' : f.kind === 'map' || f.kind === 'part' ? 'map' : `roadmap-${f.departmentId ?? ''}.${f.format}`;
}

/** The file's bytes within its render; undefined when the render has no such part. */
export function bodyOf(made: Made, f: FileKind): Buffer | undefined {
  return f.kind === 'part' ? made.bodies[f.n] : made.bodies[0];
}

function slugOf(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'parcours';
}

/** A document's download name (the workshop and the department), none for a picture. */
export function downloadName(s: WorkshopSnapshot, f: FileKind): string | undefined {
  if (f.kind !== 'roadmap') return undefined;
  const department = s.departments.find((x) => x.id === f.departmentId);
  return `${slugOf(s.workshop.title)}${department ? `-${slugOf(department.name)}` : ''}-roadmap.${f.format}`;
}

export async function renderFile(source: FileSource, s: WorkshopSnapshot, f: FileKind): Promise<Made> {
  if (f.kind === 'preview') return { bodies: (await source.preview(s.workshop.workspaceId, s)).map((i) => i.png).slice(0, 1) };
  if (f.kind === 'map' || f.kind === 'part') return { bodies: (await source.map(s.workshop.workspaceId, s)).map((i) => i.png) };
  // The documents' renderers are loaded when a document is first asked for.
  const docs = await import('../render/index.js');
  const d = f.departmentId;
  if (d && !s.departments.some((x) => x.id === d)) throw new NotFound();
  const text = f.format === 'json' ? docs.roadmapJson(s, s.workshop.closedAt ?? new Date())
    : f.format === 'csv' ? docs.roadmapCsv(s, d)
    : d ? docs.departmentRoadmapMarkdown(s, d) : docs.roadmapMarkdown(s);
  return { bodies: [Buffer.from(text, 'utf8')], download: downloadName(s, f)! };
}
