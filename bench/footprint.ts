// `node --import tsx bench/footprint.ts`: idle memory and start time of `npm start` with Slack on, beside a
// bare Bolt app (bench/footprint-bare.mjs) started the same way, in the same run, runs interleaved.
//
// Each start is a child process exactly as `npm start` runs it once its `prestart` build is done
// (`node dist/server.js`, no npm wrapper, so the pid is node's), single-workspace Slack over HTTP, its Web API
// pointed at a local fake that answers {ok:true} (nothing reaches the network), LOG_LEVEL=silent. Measured:
// spawn → first 200 from /healthz, then, after SETTLE_MS of idling, VmRSS (and the peak VmHWM, and the thread
// count) from /proc/<pid>/status. The same through tsx (`npm run dev`, the sources run as they are), beside
// the bare app run through tsx too.
//
// Env: RUNS (default 5 per variant, after one discarded warm-up round), SETTLE_MS (3000), DATABASES
// (sqlite,postgresql; PostgreSQL at postgresql://postgres@127.0.0.1:5432/test?schema=bench_footprint, the
// schema dropped afterwards, skipped with a note if unreachable), LOADERS (node,tsx: node = `npm start`,
// tsx = `npm run dev`), FIRST_START (1: also the first start on a new SQLite file, as `npm start`; 0: not),
// PARCOURS_DIR (the checkout to measure: default this one; one without scripts/build.mjs is transpiled into a
// temporary folder the same way; the bare app always comes from this one).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, copyFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const BENCH_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The Parcours checkout to measure (default: this one); e.g. a `git archive` of another commit, with node_modules linked. */
const ROOT = process.env.PARCOURS_DIR ? join(process.env.PARCOURS_DIR, '/') : BENCH_ROOT;
const RUNS = Number(process.env.RUNS ?? 5);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 3000);
const DATABASES = (process.env.DATABASES ?? 'sqlite,postgresql').split(',').map((d) => d.trim()).filter(Boolean);
const LOADERS = (process.env.LOADERS ?? 'node,tsx').split(',').map((l) => l.trim()).filter((l): l is 'tsx' | 'node' => l === 'tsx' || l === 'node');
const FIRST_START = process.env.FIRST_START !== '0';
const PG_BASE = 'postgresql://postgres@127.0.0.1:5432/test';
const PG_SCHEMA = 'bench_footprint'; // and bench_footprint_jobs, where the job queue (pg-boss) keeps its tables

export interface Sample { rssMb: number; hwmMb: number; threads: number; healthzMs: number }
interface Variant {
  name: string;
  app: 'parcours' | 'bare';
  loader: 'tsx' | 'node';
  database: 'none' | 'sqlite' | 'sqlite (new file)' | 'postgresql';
  args: string[];
  env: () => Record<string, string>;
}

// ---------------------------------------------------------------------------------------------- helpers

/** A Slack Web API that answers every method with {ok:true}. */
async function fakeSlack(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0BENCH', team: 'Bench', url: 'https://bench.slack.invalid/' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function healthz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}

function status(pid: number): { rssMb: number; hwmMb: number; threads: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMb: field('VmRSS') / 1024, hwmMb: field('VmHWM') / 1024, threads: field('Threads') };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!killed) { child.kill('SIGKILL'); await exited; }
}

/** One start: spawn → first 200 from /healthz → SETTLE_MS idle → /proc/<pid>/status → SIGTERM. */
async function measure(variant: Variant): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...variant.env() },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  try {
    let healthzMs = NaN;
    while (performance.now() - started < 60_000) {
      if (child.exitCode !== null) throw new Error(`${variant.name} exited with ${child.exitCode}: ${stderr.trim()}`);
      if (await healthz(port) === 200) { healthzMs = performance.now() - started; break; }
      await sleep(5);
    }
    if (Number.isNaN(healthzMs)) throw new Error(`${variant.name}: no 200 from /healthz within 60 s: ${stderr.trim()}`);
    await sleep(SETTLE_MS);
    if (child.exitCode !== null) throw new Error(`${variant.name} exited while idle: ${stderr.trim()}`);
    return { ...status(child.pid!), healthzMs };
  } finally {
    await stop(child);
  }
}

/** The compiled server's entry point, as `npm start` builds it (dist/server.js), or from a temporary build for a checkout older than scripts/build.mjs. */
let temporaryBuild = '';
async function compiled(): Promise<string> {
  const script = join(ROOT, 'scripts', 'build.mjs');
  if (existsSync(script)) {
    const { build } = (await import(pathToFileURL(script).href)) as { build: (root: string) => Promise<unknown> };
    await build(ROOT);
    return join(ROOT, 'dist', 'server.js');
  }
  temporaryBuild = await buildCompiled();
  return join(temporaryBuild, 'src', 'server.js');
}

/**
 * Parcours without tsx: every src/**\/*.ts transpiled on its own by esbuild (tsx's own compiler; the project
 * is isolatedModules + verbatimModuleSyntax, so file-by-file output is exact), the .mjs files copied, and
 * node_modules, prisma/ and scripts/ linked, so paths resolved from import.meta.url find what they expect.
 */
export async function buildCompiled(root = ROOT, dirs: string[] = ['src']): Promise<string> {
  const esbuild = await import('esbuild');
  const out = mkdtempSync(join(tmpdir(), 'parcours-footprint-build-'));
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const file of dirs.flatMap((dir) => walk(join(root, dir)))) {
    const target = join(out, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith('.d.ts') || file.endsWith('.d.mts')) continue;
    if (file.endsWith('.ts')) {
      const { code } = await esbuild.transform(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file });
      writeFileSync(target.replace(/\.ts$/, '.js'), code);
    } else {
      copyFileSync(file, target);
    }
  }
  for (const link of ['node_modules', 'prisma', 'scripts']) symlinkSync(join(root, link), join(out, link));
  writeFileSync(join(out, 'package.json'), JSON.stringify({ name: 'parcours-footprint-build', type: 'module', private: true }));
  return out;
}

async function postgresReachable(): Promise<boolean> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${PG_SCHEMA}", "${PG_SCHEMA}_jobs" CASCADE`);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropPostgresSchema(): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${PG_SCHEMA}", "${PG_SCHEMA}_jobs" CASCADE`);
  await client.end();
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const max = (xs: number[]): number => Math.max(...xs);
const min = (xs: number[]): number => Math.min(...xs);

// ------------------------------------------------------------------------------------------------- main

export interface FootprintResult { variant: string; app: string; loader: string; database: string; samples: Sample[] }

export async function main(): Promise<FootprintResult[]> {
  const slack = await fakeSlack();
  const work = mkdtempSync(join(tmpdir(), 'parcours-footprint-'));
  const build = LOADERS.includes('node') ? await compiled() : '';
  const sqliteUrl = `file:${join(work, 'parcours.db')}`;
  let fresh = 0;
  const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-bench-footprint', SLACK_SIGNING_SECRET: 'bench-footprint-secret', SLACK_API_URL: slack.url };
  const withPostgres = DATABASES.includes('postgresql') && await postgresReachable();
  const pgUrl = `${PG_BASE}?schema=${PG_SCHEMA}`;
  const server = { tsx: ['--import', 'tsx', 'src/server.ts'], node: [build] };
  const bareScript = join(BENCH_ROOT, 'bench', 'footprint-bare.mjs');
  const bare = { tsx: ['--import', 'tsx', bareScript], node: [bareScript] };

  const variants: Variant[] = [];
  for (const loader of LOADERS) {
    variants.push({ name: `bare Bolt · ${loader}`, app: 'bare', loader, database: 'none', args: bare[loader], env: () => slackEnv });
    if (DATABASES.includes('sqlite')) {
      variants.push({ name: `Parcours · ${loader} · sqlite`, app: 'parcours', loader, database: 'sqlite', args: server[loader], env: () => ({ ...slackEnv, DATABASE_URL: sqliteUrl }) });
    }
    if (withPostgres) {
      variants.push({ name: `Parcours · ${loader} · postgresql`, app: 'parcours', loader, database: 'postgresql', args: server[loader], env: () => ({ ...slackEnv, DATABASE_URL: pgUrl }) });
    }
  }
  if (DATABASES.includes('sqlite') && FIRST_START && LOADERS.length) {
    // The very first start: a new file, every migration applied through the schema engine.
    const loader = LOADERS.includes('node') ? 'node' : 'tsx';
    variants.push({
      name: `Parcours · ${loader} · sqlite, new file`, app: 'parcours', loader, database: 'sqlite (new file)', args: server[loader],
      env: () => ({ ...slackEnv, DATABASE_URL: `file:${join(work, `fresh-${(fresh += 1)}.db`)}` }),
    });
  }

  const samples = new Map<Variant, Sample[]>(variants.map((v) => [v, []]));
  try {
    // A discarded warm-up round migrates the databases and fills the file cache for every variant.
    for (const v of variants) await measure(v);
    for (let run = 0; run < RUNS; run += 1) {
      // Rotate the order so no variant always runs right after the same other one.
      const order = variants.map((_, i) => variants[(i + run) % variants.length]!);
      for (const v of order) samples.get(v)!.push(await measure(v));
      process.stderr.write(`footprint: run ${run + 1}/${RUNS} done\n`);
    }
  } finally {
    await new Promise<void>((resolve) => slack.server.close(() => resolve()));
    rmSync(work, { recursive: true, force: true });
    if (temporaryBuild) rmSync(temporaryBuild, { recursive: true, force: true });
    if (withPostgres) await dropPostgresSchema();
  }

  const fmt = (n: number, digits = 0) => n.toFixed(digits);
  console.log(`Idle footprint: ${RUNS} starts per variant (+1 warm-up), RSS read ${SETTLE_MS} ms after the first 200 from /healthz; Slack on (single workspace, HTTP)`);
  if (DATABASES.includes('postgresql') && !withPostgres) console.log(`PostgreSQL at ${PG_BASE} unreachable: its rows are skipped`);
  console.log('| variant | RSS median MB | RSS max MB | peak (VmHWM) median MB | threads | /healthz median ms | /healthz max ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const v of variants) {
    const s = samples.get(v)!;
    console.log(`| ${v.name} | ${fmt(median(s.map((x) => x.rssMb)))} | ${fmt(max(s.map((x) => x.rssMb)))} | ${fmt(median(s.map((x) => x.hwmMb)))} | ${min(s.map((x) => x.threads))}–${max(s.map((x) => x.threads))} | ${fmt(median(s.map((x) => x.healthzMs)))} | ${fmt(max(s.map((x) => x.healthzMs)))} |`);
  }
  console.log('\nRatios Parcours ÷ bare Bolt, same loader (aim: RSS ≤ 1.5×; `npm start` runs the compiled server, so the node rows are the headline; tsx = `npm run dev`):');
  console.log('| Parcours | loader | RSS median ÷ bare | RSS max ÷ bare | /healthz median ÷ bare |');
  console.log('|---|---|---:|---:|---:|');
  for (const v of variants.filter((x) => x.app === 'parcours')) {
    const floor = samples.get(variants.find((x) => x.app === 'bare' && x.loader === v.loader)!)!;
    const s = samples.get(v)!;
    console.log(`| ${v.database} | ${v.loader} | ${fmt(median(s.map((x) => x.rssMb)) / median(floor.map((x) => x.rssMb)), 2)}× | ${fmt(max(s.map((x) => x.rssMb)) / max(floor.map((x) => x.rssMb)), 2)}× | ${fmt(median(s.map((x) => x.healthzMs)) / median(floor.map((x) => x.healthzMs)), 2)}× |`);
  }
  const tsxShare = (app: 'parcours' | 'bare', database: Variant['database']) => {
    const a = variants.find((x) => x.app === app && x.loader === 'tsx' && x.database === database);
    const b = variants.find((x) => x.app === app && x.loader === 'node' && x.database === database);
    if (!a || !b) return;
    const rss = median(samples.get(a)!.map((x) => x.rssMb)) - median(samples.get(b)!.map((x) => x.rssMb));
    const ms = median(samples.get(a)!.map((x) => x.healthzMs)) - median(samples.get(b)!.map((x) => x.healthzMs));
    console.log(`tsx's share, ${app === 'bare' ? 'bare Bolt' : `Parcours · ${database}`}: +${fmt(rss)} MB RSS, +${fmt(ms)} ms to /healthz`);
  };
  console.log('');
  tsxShare('bare', 'none');
  tsxShare('parcours', 'sqlite');
  tsxShare('parcours', 'postgresql');
  return variants.map((v) => ({ variant: v.name, app: v.app, loader: v.loader, database: v.database, samples: samples.get(v)! }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
}
