// Child process of bench/footprint-modules.ts: `npm start`'s startup done step by step in one process
// (the imports, then openDatabase and applyMigrations alone, then startServer with the configured adapters),
// printing after each step the resident memory after a full GC as one JSON line, then a /healthz, idling, and
// what the first uses cost: the first Prisma query and the first map rendered to PNG. Run with --expose-gc;
// env DATABASE_URL. Slack is on (single workspace, HTTP), its Web API pointed at a closed port, never called.
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const vmRss = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;

async function mark(step: string, started: number): Promise<void> {
  const ms = performance.now() - started;
  await sleep(100);
  gc();
  await sleep(20);
  gc();
  const m = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ step, rssMb: vmRss(), heapUsedMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20, ms })}\n`);
}

async function step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const value = await run();
  await mark(name, started);
  return value;
}

export async function main(): Promise<void> {
  await mark('node (and loader) started', performance.now());
  const { loadConfig } = await step('import config, log', async () => { await import('../src/log.js'); return import('../src/config.js'); });
  await step('import express', () => import('express'));
  const { openDatabase } = await step('import db/client', () => import('../src/db/client.js'));
  const { applyMigrations } = await step('import db/migrations', () => import('../src/db/migrations.js'));
  await step('import db/operator-store', () => import('../src/db/operator-store.js'));
  await step('import core engine, queries', async () => { await import('../src/core/queries.js'); return import('../src/core/engine.js'); });
  await step('import http/health, i18n', async () => { await import('../src/http/health.js'); await import('../src/i18n/index.js'); });
  const { startServer, configuredAdapters } = await step('import server', () => import('../src/server.js'));
  const adapters = await step('import the Slack adapter (Bolt, listeners)', () => configuredAdapters());
  const { createLogger } = await import('../src/log.js');

  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATABASE_URL: process.env.DATABASE_URL,
    SLACK_BOT_TOKEN: 'xoxb-footprint', SLACK_SIGNING_SECRET: 'footprint', SLACK_API_URL: 'http://127.0.0.1:9/api/',
  });
  const logger = createLogger('silent');
  // What startServer does first, on its own, to see each part; startServer then opens the database again.
  const database = await step('openDatabase', () => openDatabase(config.databaseUrl));
  await step('applyMigrations', () => applyMigrations(database, { logger }));
  await database.close();
  const server = await step('startServer (database, Slack mounted, listening)', () => startServer(config, logger, adapters));
  // node:http, not fetch: undici would be loaded into this process by the client side of the request.
  await step('first GET /healthz', () => new Promise<void>((resolve, reject) => {
    get(`${server.url}/healthz`, (res) => { res.resume(); res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`/healthz ${res.statusCode}`)))); }).on('error', reject);
  }));
  await step('idle 2 s', () => sleep(2000));
  await step('first Prisma query (a Slack event makes one)', () => server.database.prisma.workspace.count());
  const { renderMapPngs, closeRenderPool } = await step('import render', () => import('../src/render/index.js'));
  const { denseMap } = await import('../test/fixtures/snapshots.js');
  await step('first map PNG (worker pool)', () => renderMapPngs(denseMap()));
  await step('render pool closed (its workers ended)', () => closeRenderPool());
  await server.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
}
