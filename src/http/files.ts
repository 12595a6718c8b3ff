// GET /files/…: the map and roadmap documents behind signed links (file-links.ts), for chat platforms that show
// images from a URL (Teams cards) and for people opening a document from a message. Every refusal — a bad or
// tampered signature, another workspace, a deleted workshop, an older version, a part or department that does
// not exist — gets the same empty 404, so a link that does not work tells nothing of why. Never a redirect:
// Teams does not follow them for card images.
//
// A file that was posted (publish.ts) is served from what was kept, whatever the workshop became since: a
// message showing it must go on showing it. Any other link is rendered from the workshop as it is now, when
// the link names that version.
import type { Request, Response } from 'express';
import type { PublishedFileStore } from '../conversation/file-links.js';
import { isDomainError } from '../core/errors.js';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Logger } from '../log.js';
import { ByteCache } from './byte-cache.js';
import { fileName, fingerprint, type FileAddress, type SignedFileLinks } from './file-links.js';
import { bodyOf, downloadName, formatOf, NotFound, renderFile, renderOf, TYPES, type FileSource, type Made } from './file-render.js';

export { PREVIEW_WIDTH, type FileSource } from './file-render.js';

/** 64 MB: some forty full maps of twenty stages, or hundreds of previews and documents. */
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * A link names one version, so its bytes never change (immutable); `private` keeps shared caches out, so that
 * a deleted workshop's files are gone everywhere but in a browser that already has them, for a day at most.
 */
const CACHING = 'private, max-age=86400, immutable';

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
  /** The files that were posted, served first; none kept when absent. */
  published?: PublishedFileStore | null;
  logger: Logger;
  cacheBytes?: number;
}

export function filesHandler(o: FilesOptions) {
  const cache = new ByteCache<Made>(o.cacheBytes ?? DEFAULT_CACHE_BYTES, (m) => m.bodies.reduce((sum, b) => sum + b.length, 0));

  /** A file's cache entry: a map's pictures come from one render, so they share one. */
  const load = (a: FileAddress, s: WorkshopSnapshot): Promise<Made> => {
    const entry = renderOf(a.file);
    // Keyed by the link's own version, checked against `s` before: the entry is exactly this content.
    return cache.get(`${a.workspaceId}/${a.workshopId}/${a.version}/${entry}`, async () => {
      const started = Date.now();
      const made = await renderFile(o.source, s, a.file);
      o.logger.debug({ workshopId: a.workshopId, version: a.version, entry, ms: Date.now() - started }, 'file rendered');
      return made;
    });
  };

  /** The workshop as it is now; null when this workspace has no such workshop. */
  const current = (a: FileAddress): Promise<WorkshopSnapshot | null> => o.source.snapshot(a.workspaceId, a.workshopId).catch((error: unknown) => {
    if (isDomainError(error)) return null;
    throw error;
  });

  const send = (req: Request, res: Response, a: FileAddress, body: Buffer, download: string | undefined): void => {
    res.status(200).set({
      'Content-Type': TYPES[formatOf(a.file)], 'Content-Length': String(body.length), 'Cache-Control': CACHING, 'X-Content-Type-Options': 'nosniff',
    });
    if (download) res.set('Content-Disposition', disposition(download));
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return async (req: Request, res: Response): Promise<void> => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
      const a = o.links.verify(req.path);
      if (!a) return notFound(res);
      // Read from the database on every request, never cached here: a deleted workshop's files go with it
      // (ON DELETE CASCADE), and its links stop at once.
      const kept = await o.published?.get(a.workspaceId, a.workshopId, a.version, fileName(a.file));
      if (kept) {
        // A document's download name is the workshop's as it is now; a picture needs none.
        const s = a.file.kind === 'roadmap' ? await current(a) : null;
        if (a.file.kind === 'roadmap' && !s) return notFound(res);
        return send(req, res, a, kept, s ? downloadName(s, a.file) : undefined);
      }
      // Read on every request, even when the bytes are cached: a deleted workshop's links stop at once.
      const s = await current(a);
      if (!s || fingerprint(s) !== a.version) return notFound(res);
      const made = await load(a, s);
      const body = bodyOf(made, a.file);
      if (!body) return notFound(res);
      send(req, res, a, body, made.download);
    } catch (error) {
      if (error instanceof NotFound) return notFound(res);
      // Logged without the path: it carries a signature, as good as a password to that file.
      o.logger.error({ error: String(error) }, 'a signed file could not be made');
      if (!res.headersSent) res.status(500).set({ 'Cache-Control': 'no-store', 'Content-Length': '0' }).end();
    }
  };
}
