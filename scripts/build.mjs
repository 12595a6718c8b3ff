// `npm run build` (and the first half of `npm start`): src/**/*.ts → dist/**/*.js, file by file with esbuild.
//
// Why compile at all: running the sources through tsx costs a server some 45–50 MB of resident memory for the
// loader alone (bench/README.md, "Footprint"); plain JavaScript starts in half the time. Why file by file and not
// a bundle: the project is isolatedModules + verbatimModuleSyntax, so each file compiles on its own exactly, the
// lazy `import()`s (Slack, pg-boss, resvg, the schema engine) stay lazy, and dist/ mirrors src/ one level below
// the root, so paths resolved from import.meta.url (prisma/migrations, the PNG worker) find what they expect.
//
// Safe to run while another process is starting from dist/ (two replicas in one checkout): a file is rewritten
// only when its output changed, through a temporary file renamed over it, and nothing is deleted but outputs
// whose source is gone. Type errors are `npm run typecheck`'s job; this only strips types.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Files under `dir`, recursively, as paths relative to it. */
function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** What src/`file` becomes in dist/, or null when nothing runs from it (type declarations). */
function outputOf(file) {
  if (file.endsWith('.d.ts') || file.endsWith('.d.mts')) return null;
  return file.endsWith('.ts') ? file.replace(/\.ts$/, '.js') : file;
}

function writeIfChanged(target, content) {
  const bytes = Buffer.from(content);
  if (existsSync(target) && createHash('sha256').update(readFileSync(target)).digest('hex') === createHash('sha256').update(bytes).digest('hex')) return false;
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, target);
  return true;
}

/** Builds `root`/src into `root`/dist; returns how many files were written and removed. */
export async function build(root = ROOT) {
  const src = join(root, 'src');
  const dist = join(root, 'dist');
  const wanted = new Set();
  let written = 0;
  await Promise.all(files(src).map(async (file) => {
    const output = outputOf(file);
    if (!output) return;
    wanted.add(output);
    const source = readFileSync(join(src, file));
    const content = file.endsWith('.ts')
      ? (await transform(source.toString('utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: join('src', file) })).code
      : source;
    if (writeIfChanged(join(dist, output), content)) written += 1;
  }));
  let removed = 0;
  for (const file of files(dist)) {
    if (wanted.has(file) || file.endsWith('.tmp')) continue;
    rmSync(join(dist, file));
    removed += 1;
  }
  return { written, removed };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build();
}
