// Signed links to a workshop's map and documents (the FileLinks port of src/conversation/file-links.ts, with
// publish.ts).
// A link is /files/{workspace}/{workshop}/{version}/{signature}/{file}: the HMAC-SHA256 of everything it names,
// under PARCOURS_URL_SECRET. Nothing is stored per link, so links live as long as the secret and the version
// they name; changing the secret revokes every link at once.
//
// The version is a digest of the workshop's snapshot, not the workshop's `version` column: that column counts
// changes of the workshop row (step, status, framing) only, while a map changes with every observation, rating
// or vote. A digest names exactly the content a link shows, so its bytes never change (they are served as
// immutable) and a link to content that has since changed answers 404 instead of showing something else.
import { createHash, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { FileLinks, WorkshopFileLinks } from '../conversation/file-links.js';
import { mapParts } from '../render/svg/parts.js';

/** Where the links are served on this server. */
export const FILES_PATH = '/files';

/** What a link names. */
export type FileKind =
  | { kind: 'preview' }
  | { kind: 'map' }
  /** 1-based, as in the picture's name (map-part-2.png). */
  | { kind: 'part'; n: number }
  | { kind: 'roadmap'; format: 'md' | 'csv' | 'json'; departmentId?: string };

export interface FileAddress {
  workspaceId: string;
  workshopId: string;
  /** fingerprint() of the snapshot the link was made from. */
  version: string;
  file: FileKind;
}

/** The version a link names: 96 bits of the snapshot's digest (the snapshot depends on no clock). */
export function fingerprint(s: WorkshopSnapshot): string {
  return createHash('sha256').update(JSON.stringify(s)).digest('base64url').slice(0, 16);
}

// Ids are cuids; bounding every segment keeps what reaches the database small and plain.
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const VERSION = /^[A-Za-z0-9_-]{16}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const FILE = /^(?:(preview|map)\.png|map-part-(\d{1,3})\.png|roadmap(?:-([A-Za-z0-9_-]{1,64}))?\.(md|csv|json))$/;

export function fileName(file: FileKind): string {
  switch (file.kind) {
    case 'preview': return 'preview.png';
    case 'map': return 'map.png';
    case 'part': return `map-part-${file.n}.png`;
    case 'roadmap': return `roadmap${file.departmentId ? `-${file.departmentId}` : ''}.${file.format}`;
  }
}

export function parseFileName(name: string): FileKind | null {
  const m = FILE.exec(name);
  if (!m) return null;
  if (m[1]) return { kind: m[1] as 'preview' | 'map' };
  if (m[2]) return Number(m[2]) >= 1 ? { kind: 'part', n: Number(m[2]) } : null;
  const format = m[4] as 'md' | 'csv' | 'json';
  // The JSON document is the whole roadmap's data; a department's own roadmap is a text to read.
  if (m[3] && format === 'json') return null;
  return { kind: 'roadmap', format, ...(m[3] ? { departmentId: m[3] } : {}) };
}

/** Makes and checks the links; publish.ts adds keeping what was posted (the rest of the FileLinks port). */
export class SignedFileLinks implements Pick<FileLinks, 'forWorkshop'> {
  constructor(private readonly publicUrl: string, private readonly key: KeyObject) {}

  /** The path under FILES_PATH, signature included. */
  path(a: FileAddress): string {
    return `/${a.workspaceId}/${a.workshopId}/${a.version}/${this.sign(a)}/${fileName(a.file)}`;
  }

  url(a: FileAddress): string {
    return `${this.publicUrl}${FILES_PATH}${this.path(a)}`;
  }

  /** The address a path under FILES_PATH names when its signature is ours; null for anything else. */
  verify(path: string): FileAddress | null {
    const [empty, workspaceId, workshopId, version, signature, name, ...rest] = path.split('/');
    if (empty !== '' || rest.length || !workspaceId || !workshopId || !version || !signature || !name) return null;
    if (!ID.test(workspaceId) || !ID.test(workshopId) || !VERSION.test(version) || !SIGNATURE.test(signature)) return null;
    const file = parseFileName(name);
    if (!file) return null;
    const address = { workspaceId, workshopId, version, file };
    // Compared as text, not decoded: the last base64url character carries two unused bits, and decoding
    // would accept four spellings of one signature. Same length by the pattern above; in constant time, so
    // that timing tells nothing of the right one.
    const expected = Buffer.from(this.sign(address), 'ascii');
    const given = Buffer.from(signature, 'ascii');
    return given.length === expected.length && timingSafeEqual(given, expected) ? address : null;
  }

  forWorkshop(s: WorkshopSnapshot): WorkshopFileLinks {
    const at = (file: FileKind) => this.url({ workspaceId: s.workshop.workspaceId, workshopId: s.workshop.id, version: fingerprint(s), file });
    const parts = mapParts(s.stages);
    return {
      preview: at({ kind: 'preview' }),
      map: at({ kind: 'map' }),
      parts: parts.length < 2 ? [] : parts.map((_, i) => at({ kind: 'part', n: i + 1 })),
      roadmap: { md: at({ kind: 'roadmap', format: 'md' }), csv: at({ kind: 'roadmap', format: 'csv' }), json: at({ kind: 'roadmap', format: 'json' }) },
      departments: s.departments.map((d) => ({
        departmentId: d.id,
        md: at({ kind: 'roadmap', format: 'md', departmentId: d.id }),
        csv: at({ kind: 'roadmap', format: 'csv', departmentId: d.id }),
      })),
    };
  }

  private sign(a: FileAddress): string {
    // NUL cannot occur in any field (see the patterns above), so no two addresses sign the same text.
    const text = ['parcours-file-v1', a.workspaceId, a.workshopId, a.version, fileName(a.file)].join('\0');
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}
