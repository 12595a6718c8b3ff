// Dependencies point inward: the engine imports no platform, SDK, HTTP or database package and no
// outer layer; the presentation layer imports no chat platform.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

describe('layers', () => {
  it('src/core imports only itself and zod', () => {
    const offenders = sources(join(root, 'src', 'core')).flatMap((file) =>
      imports(file).filter((spec) => !(spec.startsWith('./') || spec === 'zod')).map((spec) => `${relative(root, file)} → ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('src/present and src/render import no chat platform and no database', () => {
    const forbidden = /^(@slack\/|botbuilder|openai|@prisma\/|pg$|better-sqlite3|express)|\/(slack|teams|db|llm)\//;
    const files = ['present', 'render'].flatMap((dir) => {
      try { return sources(join(root, 'src', dir)); } catch { return []; }
    });
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.flatMap((file) => imports(file).filter((spec) => forbidden.test(spec)).map((spec) => `${relative(root, file)} → ${spec}`));
    expect(offenders).toEqual([]);
  });
});
