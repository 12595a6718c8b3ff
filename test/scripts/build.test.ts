// `npm start` runs the compiled server: scripts/build.mjs turns src/ into dist/, and a second build over an
// unchanged tree writes nothing, so two replicas starting in one checkout never see a half-written file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.mjs';

let root = '';
afterEach(() => { if (root) rmSync(root, { recursive: true, force: true }); });

function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'parcours-build-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('the build behind npm start', () => {
  it('compiles each TypeScript file to JavaScript beside its copied siblings, leaving declarations out', async () => {
    tree({
      'src/a.ts': "import type { B } from './b/b.js';\nexport const a: B = { n: 1 as number };\n",
      'src/b/b.ts': 'export interface B { n: number }\nexport const lazy = () => import(\'./c.js\');\n',
      'src/b/worker.mjs': 'export const raw = 1;\n',
      'src/b/worker.d.mts': 'export declare const raw: number;\n',
    });
    expect(await build(root)).toEqual({ written: 3, removed: 0 });
    expect(readFileSync(join(root, 'dist/a.js'), 'utf8')).toBe('const a = { n: 1 };\nexport {\n  a\n};\n');
    expect(readFileSync(join(root, 'dist/b/b.js'), 'utf8')).toContain("import(\"./c.js\")");
    expect(readFileSync(join(root, 'dist/b/worker.mjs'), 'utf8')).toBe('export const raw = 1;\n');
    expect(existsSync(join(root, 'dist/b/worker.d.mts'))).toBe(false);
  });

  it('rewrites only what changed and removes what lost its source', async () => {
    tree({ 'src/kept.ts': 'export const k = 1;\n', 'src/edited.ts': 'export const e = 1;\n', 'src/gone.ts': 'export const g = 1;\n' });
    await build(root);
    const keptBefore = statSync(join(root, 'dist/kept.js')).mtimeMs;
    writeFileSync(join(root, 'src/edited.ts'), 'export const e = 2;\n');
    rmSync(join(root, 'src/gone.ts'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await build(root)).toEqual({ written: 1, removed: 1 });
    expect(statSync(join(root, 'dist/kept.js')).mtimeMs).toBe(keptBefore);
    expect(readFileSync(join(root, 'dist/edited.js'), 'utf8')).toContain('const e = 2');
    expect(existsSync(join(root, 'dist/gone.js'))).toBe(false);
    expect(await build(root)).toEqual({ written: 0, removed: 0 });
  });
});
