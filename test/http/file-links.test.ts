// Signed file links: every kind of file round-trips through its path, and any change to a path is refused.
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILES_PATH, parseFileName, SignedFileLinks, type FileAddress, type FileKind } from '../../src/http/file-links.js';

const links = new SignedFileLinks('https://parcours.example.com', createSecretKey(Buffer.from('a-secret-of-at-least-32-characters!!')));
const other = new SignedFileLinks('https://parcours.example.com', createSecretKey(Buffer.from('another-secret-of-32-characters-or-more')));
const base = { workspaceId: 'cws1', workshopId: 'cwk1', version: 'abcdefgh_-012345' };
const kinds: FileKind[] = [
  { kind: 'preview' }, { kind: 'map' }, { kind: 'part', n: 1 }, { kind: 'part', n: 3 },
  { kind: 'roadmap', format: 'md' }, { kind: 'roadmap', format: 'csv' }, { kind: 'roadmap', format: 'json' },
  { kind: 'roadmap', format: 'md', departmentId: 'cdep1' }, { kind: 'roadmap', format: 'csv', departmentId: 'cdep1' },
];

describe('signed file links', () => {
  it('verifies each kind of file it signed, under the public URL', () => {
    for (const file of kinds) {
      const address: FileAddress = { ...base, file };
      expect(links.url(address)).toBe(`https://parcours.example.com${FILES_PATH}${links.path(address)}`);
      expect(links.verify(links.path(address))).toEqual(address);
    }
  });

  it('refuses a path changed in any segment, or signed under another secret', () => {
    const path = links.path({ ...base, file: { kind: 'map' } });
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const changed = [...segments];
      changed[i] = i === 5 ? 'preview.png' : `${segments[i]!.slice(0, -1)}${segments[i]!.endsWith('x') ? 'y' : 'x'}`;
      expect(links.verify(changed.join('/'))).toBeNull();
    }
    expect(links.verify(other.path({ ...base, file: { kind: 'map' } }))).toBeNull();
    expect(links.verify(`${path}/`)).toBeNull();
    expect(links.verify('')).toBeNull();
  });

  it('names only the files it serves', () => {
    for (const name of ['map-part-0.png', 'roadmap-cdep1.json', 'roadmap.txt', 'map.svg', '../map.png', 'preview.PNG']) {
      expect(parseFileName(name)).toBeNull();
    }
  });
});
