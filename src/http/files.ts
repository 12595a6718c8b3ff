// GET /files/…: the map and roadmap documents behind signed links (file-links.ts), for chat platforms that show
// images from a URL (Teams cards) and for people opening a document from a message. Every refusal — a bad or
// tampered signature, another workspace, a deleted workshop, an older version, a part or department that does
// not exist — gets the same empty 404, so a link that does not work tells nothing of why. Never a redirect:
// Teams does not follow them for card images.
import type { Request, Response } from 'express';
import { isDomainError } from '../core/errors.js';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { MapRenderer } from '../conversation/deps.js';
import type { Logger } from '../log.js';
import { ByteCache } from './byte-cache.js';
import { fingerprint, type FileAddress, type SignedFileLinks } from './file-links.js';

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

/** 64 MB: some forty full maps of twenty stages, or hundreds of previews and documents. */
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * A link names one version, so its bytes never change (immutable); `private` keeps shared caches out, so that
 * a deleted workshop's files are gone everywhere but in a browser that already has them, for a day at most.
 */
const CACHING = 'private, max-age=86400, immutable';

class NotFound extends Error {}

/** What one cache entry holds: the bodies (a map and its parts share one render) and a document's download name. */
interface Made {
  bodies: Buffer[];
  download?: string;
}

const TYPES = { png: 'image/png', md: 'text/markdown; charset=utf-8', csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

function slugOf(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'parcours';
}

/** The download's name, ASCII for old clients and UTF-8 (RFC 6266) for the others. */
function disposition(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function notFound(res: Response): void {
  res.status(404).set({ 'Cache-Control': 'no-store', 'Content-Length': '0' }).end();
}

export interface FilesOptions {
  links: SignedFileLinks;
  source: FileSource;
  logger: Logger;
  cacheBytes?: number;
}

export function filesHandler(o: FilesOptions) {
  const cache = new ByteCache<Made>(o.cacheBytes ?? DEFAULT_CACHE_BYTES, (m) => m.bodies.reduce((sum, b) => sum + b.length, 0));

  /** A file's cache entry: a map's pictures come from one render, so they share one. */
  const load = (a: FileAddress, s: WorkshopSnapshot): Promise<Made> => {
    const f = a.file;
    const entry = f.kind === 'preview' ? 'preview' : f.kind === 'map' || f.kind === 'part' ? 'map' : `roadmap-${f.departmentId ?? ''}.${f.format}`;
    // Keyed by the link's own version, checked against `s` before: the entry is exactly this content.
    return cache.get(`${a.workspaceId}/${a.workshopId}/${a.version}/${entry}`, async () => {
      const started = Date.now();
      const made = await render(s, a.file);
      o.logger.debug({ workshopId: a.workshopId, version: a.version, entry, ms: Date.now() - started }, 'file rendered');
      return made;
    });
  };

  const render = async (s: WorkshopSnapshot, f: FileAddress['file']): Promise<Made> => {
    if (f.kind === 'preview') return { bodies: (await o.source.preview(s.workshop.workspaceId, s)).map((i) => i.png).slice(0, 1) };
    if (f.kind === 'map' || f.kind === 'part') return { bodies: (await o.source.map(s.workshop.workspaceId, s)).map((i) => i.png) };
    const docs = await import('../render/index.js');
    const d = f.departmentId;
    if (d && !s.departments.some((x) => x.id === d)) throw new NotFound();
    const text = f.format === 'json' ? docs.roadmapJson(s, s.workshop.closedAt ?? new Date())
      : f.format === 'csv' ? docs.roadmapCsv(s, d)
      : d ? docs.departmentRoadmapMarkdown(s, d) : docs.roadmapMarkdown(s);
    const department = s.departments.find((x) => x.id === d);
    const download = `${slugOf(s.workshop.title)}${department ? `-${slugOf(department.name)}` : ''}-roadmap.${f.format}`;
    return { bodies: [Buffer.from(text, 'utf8')], download };
  };

  return async (req: Request, res: Response): Promise<void> => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
      const a = o.links.verify(req.path);
      if (!a) return notFound(res);
      // Read on every request, even when the bytes are cached: a deleted workshop's links stop at once.
      const s = await o.source.snapshot(a.workspaceId, a.workshopId).catch((error: unknown) => {
        if (isDomainError(error)) return null;
        throw error;
      });
      if (!s || fingerprint(s) !== a.version) return notFound(res);
      const made = await load(a, s);
      const body = a.file.kind === 'part' ? made.bodies[a.file.n] : made.bodies[0];
      if (!body) return notFound(res);
      const format = a.file.kind === 'roadmap' ? a.file.format : 'png';
      res.status(200).set({
        'Content-Type': TYPES[format], 'Content-Length': String(body.length), 'Cache-Control': CACHING, 'X-Content-Type-Options': 'nosniff',
      });
      if (made.download) res.set('Content-Disposition', disposition(made.download));
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      if (error instanceof NotFound) return notFound(res);
      // Logged without the path: it carries a signature, as good as a password to that file.
      o.logger.error({ error: String(error) }, 'a signed file could not be made');
      if (!res.headersSent) res.status(500).set({ 'Cache-Control': 'no-store', 'Content-Length': '0' }).end();
    }
  };
}
