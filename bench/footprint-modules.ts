// `node --import tsx bench/footprint-modules.ts`: where `npm start`'s memory goes. Not part of `npm run bench`
// (it explains bench/footprint.ts's figures; run it when they move).
//
// 1. Each module imported alone in a fresh process (bench/footprint-probe.mjs): resident memory after a full
//    GC, minus the same process importing nothing (the floor, measured in the same run). With tsx (how
//    `npm start` runs) and without it (src transpiled by esbuild, see buildCompiled in footprint.ts).
//    Modules share dependencies, so the rows do not add up: read each as "what importing this costs alone".
// 2. The startup step by step in one process (bench/footprint-steps.ts): memory after each step, then the
//    first Prisma query and the first PNG render.
//
// Env: RUNS (3; medians), LOADERS (tsx,node), DATABASES (sqlite,postgresql), PARTS (modules,steps),
// PARCOURS_DIR (as footprint.ts).
import { spawnSync } from 'node:child_process';
import { rmSync, mkdtempSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCompiled } from './footprint.js';

const BENCH_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROOT = process.env.PARCOURS_DIR ? join(process.env.PARCOURS_DIR, '/') : BENCH_ROOT;
const RUNS = Number(process.env.RUNS ?? 3);
const LOADERS = (process.env.LOADERS ?? 'tsx,node').split(',').map((l) => l.trim()) as ('tsx' | 'node')[];
const DATABASES = (process.env.DATABASES ?? 'sqlite,postgresql').split(',').map((d) => d.trim());
const PARTS = (process.env.PARTS ?? 'modules,steps').split(',').map((p) => p.trim());
const PG_URL = 'postgresql://postgres@127.0.0.1:5432/test?schema=bench_footprint_steps';

/** [label, specifiers…]: paths under src/ are given as .ts and mapped to .js for the compiled build. */
const MODULES: [string, ...string[]][] = [
  ['zod', 'zod'],
  ['pino', 'pino'],
  ['i18next', 'i18next'],
  ['express', 'express'],
  ['@slack/bolt (with express, web-api, oauth)', '@slack/bolt'],
  ['@slack/oauth', '@slack/oauth'],
  ['node-emoji', 'node-emoji'],
  ['pg', 'pg'],
  ['better-sqlite3', 'better-sqlite3'],
  ['@prisma/adapter-pg (with pg)', '@prisma/adapter-pg'],
  ['@prisma/adapter-better-sqlite3', '@prisma/adapter-better-sqlite3'],
  ['@prisma/client runtime', '@prisma/client/runtime/client'],
  ['generated client, sqlite', './src/db/generated/sqlite/client.ts'],
  ['generated client, postgresql', './src/db/generated/postgresql/client.ts'],
  ['both generated clients', './src/db/generated/sqlite/client.ts', './src/db/generated/postgresql/client.ts'],
  ['schema engine bindings (JS, not the wasm)', '@prisma/schema-engine-wasm/schema_engine_bg'],
  ['pg-boss', 'pg-boss'],
  ['@resvg/resvg-js', '@resvg/resvg-js'],
  ['src/i18n (all catalogues)', './src/i18n/index.ts'],
  ['src/render/text/font-widths', './src/render/text/font-widths.ts'],
  ['src/render', './src/render/index.ts'],
  ['src/present', './src/present/index.ts'],
  ['src/core/engine + queries', './src/core/engine.ts', './src/core/queries.ts'],
  ['src/db/client', './src/db/client.ts'],
  ['src/db/migrations', './src/db/migrations.ts'],
  ['src/db/operator-store', './src/db/operator-store.ts'],
  ['src/db/jobs', './src/db/jobs/index.ts'],
  ['src/conversation/layer', './src/conversation/layer.ts'],
  ['src/slack/adapter', './src/slack/adapter.ts'],
  ['src/server', './src/server.ts'],
  ['src/server + src/slack/adapter (all of npm start)', './src/server.ts', './src/slack/adapter.ts'],
];

interface Probe { rssKb: number; heapUsed: number; importMs: number }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function probe(cwd: string, loader: 'tsx' | 'node', specifiers: string[]): Probe {
  const args = [...(loader === 'tsx' ? ['--import', 'tsx'] : []), '--expose-gc', join(BENCH_ROOT, 'bench', 'footprint-probe.mjs'), ...specifiers];
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
  if (r.status !== 0) throw new Error(`probe ${specifiers.join(' ')} (${loader}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Probe;
}

function steps(cwd: string, loader: 'tsx' | 'node', script: string, databaseUrl: string): { step: string; rssMb: number; heapUsedMb: number; ms: number }[] {
  const args = [...(loader === 'tsx' ? ['--import', 'tsx'] : []), '--expose-gc', script];
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl } });
  if (r.status !== 0) throw new Error(`steps (${loader}) failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((line) => JSON.parse(line) as { step: string; rssMb: number; heapUsedMb: number; ms: number });
}

async function dropStepsSchema(): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/test' });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS bench_footprint_steps, bench_footprint_steps_jobs CASCADE');
  await client.end();
}

function moduleCosts(cwd: Record<'tsx' | 'node', string>): void {
  // Rows naming a file this checkout does not have (an older commit) are left out.
  const modules = MODULES.filter(([, ...specifiers]) => specifiers.every((s) => !s.startsWith('./') || existsSync(join(ROOT, s))));
  const spec = (loader: 'tsx' | 'node', s: string) => (loader === 'node' && s.startsWith('./src/') ? s.replace(/\.ts$/, '.js') : s);
  const floor: Partial<Record<'tsx' | 'node', number>> = {};
  const rows = new Map<string, Partial<Record<'tsx' | 'node', { mb: number; ms: number }>>>();
  for (const loader of LOADERS) {
    const floors: number[] = [];
    const per = new Map<string, Probe[]>();
    for (let run = 0; run < RUNS; run += 1) {
      floors.push(probe(cwd[loader], loader, []).rssKb);
      for (const [label, ...specifiers] of modules) per.set(label, [...(per.get(label) ?? []), probe(cwd[loader], loader, specifiers.map((s) => spec(loader, s)))]);
      process.stderr.write(`footprint-modules: ${loader} run ${run + 1}/${RUNS}\n`);
    }
    const base = median(floors) / 1024;
    floor[loader] = base;
    for (const [label, probes] of per) rows.set(label, { ...rows.get(label), [loader]: { mb: median(probes.map((p) => p.rssKb)) / 1024 - base, ms: median(probes.map((p) => p.importMs)) } });
  }
  console.log(`Module costs: RSS after import + full GC, minus an empty process of the same loader (median of ${RUNS}); floors: ${LOADERS.map((l) => `${l} ${floor[l]!.toFixed(0)} MB`).join(', ')}`);
  if (floor.tsx !== undefined && floor.node !== undefined) console.log(`tsx's own cost (empty process): +${(floor.tsx - floor.node).toFixed(1)} MB`);
  console.log(`| module | ${LOADERS.map((l) => `+MB (${l}) | import ms (${l})`).join(' | ')} |`);
  console.log(`|---|${LOADERS.map(() => '---:|---:').join('|')}|`);
  for (const [label] of modules) console.log(`| ${label} | ${LOADERS.map((l) => `${rows.get(label)![l]!.mb.toFixed(1)} | ${rows.get(label)![l]!.ms.toFixed(0)}`).join(' | ')} |`);
}

function startupSteps(cwd: Record<'tsx' | 'node', string>, build: string, work: string): void {
  for (const database of DATABASES) {
    for (const loader of LOADERS) {
      const script = loader === 'tsx' ? 'bench/footprint-steps.ts' : join(build, 'bench', 'footprint-steps.js');
      // One run that migrates a new database (the first start), then RUNS restarts on it.
      const url = database === 'sqlite' ? `file:${join(work, `steps-${loader}.db`)}` : PG_URL;
      const runs = Array.from({ length: RUNS + 1 }, () => steps(cwd[loader], loader, script, url));
      const first = runs.shift()!;
      console.log(`\nStartup step by step, ${database}, ${loader} (median of ${RUNS} restarts on a migrated database; "first start" = the run that migrated it):`);
      console.log('| step | RSS MB | + MB | heap used MB | ms | first start: RSS MB |');
      console.log('|---|---:|---:|---:|---:|---:|');
      let previous = 0;
      first.forEach((s, i) => {
        const rss = median(runs.map((r) => r[i]!.rssMb));
        console.log(`| ${s.step} | ${rss.toFixed(0)} | ${i ? (rss - previous).toFixed(1) : ''} | ${median(runs.map((r) => r[i]!.heapUsedMb)).toFixed(1)} | ${median(runs.map((r) => r[i]!.ms)).toFixed(0)} | ${s.rssMb.toFixed(0)} |`);
        previous = rss;
      });
    }
  }
}

export async function main(): Promise<void> {
  // The steps script lives in bench/; when measuring another checkout, it is copied there.
  if (ROOT !== BENCH_ROOT) copyFileSync(join(BENCH_ROOT, 'bench', 'footprint-steps.ts'), join(ROOT, 'bench', 'footprint-steps.ts'));
  const build = LOADERS.includes('node') ? await buildCompiled(ROOT, ['src', 'bench', 'test/fixtures']) : '';
  const work = mkdtempSync(join(tmpdir(), 'parcours-footprint-modules-'));
  const withPostgres = PARTS.includes('steps') && DATABASES.includes('postgresql');
  try {
    if (withPostgres) await dropStepsSchema();
    const cwd = { tsx: ROOT, node: build };
    if (PARTS.includes('modules')) moduleCosts(cwd);
    if (PARTS.includes('steps')) startupSteps(cwd, build, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (build) rmSync(build, { recursive: true, force: true });
    if (withPostgres) await dropStepsSchema();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
}
