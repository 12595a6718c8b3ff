// `parcours` — the command line: migrate the database, run the demo workshop, export a workshop.
// Like server.ts, it wires the layers together; it holds no rule of its own.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { Engine } from './core/engine.js';
import { Queries } from './core/queries.js';
import { LANGUAGES, type Language } from './core/vocabulary.js';
import { openDatabase, type OpenDatabase } from './db/client.js';
import { applyMigrations, DatabaseInUseError } from './db/migrations.js';
import { openStore, type AppStore } from './db/operator-store.js';
import { runDemo } from './demo/run-demo.js';
import { translator } from './i18n/index.js';
import { createLogger } from './log.js';
import { closeRenderPool, writeWorkshopDocuments } from './render/index.js';
import { formatKeyMoment, formatRoadmap, workshopExport } from './cli-output.js';

interface Context {
  db: OpenDatabase;
  store: AppStore;
  engine: Engine;
  queries: Queries;
}

async function withDatabase<T>(fn: (ctx: Context) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config.databaseUrl, { poolMax: config.databasePoolMax });
  try {
    await applyMigrations(db, { logger });
    const store = openStore(db);
    return await fn({ db, store, engine: new Engine(store), queries: new Queries(store) });
  } finally {
    await db.close();
    await closeRenderPool();
  }
}

function languageOf(value: string | undefined): Language {
  const fallback = (process.env.PARCOURS_LANGUAGE ?? 'en') as Language;
  const lang = (value ?? fallback) as Language;
  if (!LANGUAGES.includes(lang)) throw new UsageError(`--lang must be one of ${LANGUAGES.join(', ')}`);
  return lang;
}

class UsageError extends Error {}

const out = (text: string): void => { process.stdout.write(`${text}\n`); };

async function migrate(): Promise<void> {
  await withDatabase(async ({ db }) => {
    const t = translator(languageOf(undefined));
    out(t('cli:migrated', { database: db.url }));
  });
}

async function demo(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, lang: { type: 'string' } } });
  const language = languageOf(values.lang);
  const t = translator(language);
  await withDatabase(async ({ engine, queries, store }) => {
    out(t('cli:demo.running'));
    const { workspaceId, workshopIds, targetId } = await runDemo(engine, queries, store, language);
    for (const workshopId of workshopIds) {
      const snapshot = await queries.snapshot(workspaceId, workshopId);
      out('');
      out(formatRoadmap(snapshot));
    }
    const comparisons = await queries.keyMoments(workspaceId, workshopIds[1]);
    for (const comparison of comparisons) {
      out('');
      out(formatKeyMoment(comparison, language));
    }
    if (values.out) {
      const dir = resolve(values.out);
      // The two current journeys, then the target journey beside the one it was started from.
      for (const [i, workshopId] of [...workshopIds, targetId].entries()) {
        const snapshot = await queries.snapshot(workspaceId, workshopId);
        const target = join(dir, `journey-${i + 1}`);
        const current = await queries.sourceJourney(workspaceId, workshopId);
        await writeWorkshopDocuments(snapshot, target, { comparisons: await queries.keyMoments(workspaceId, workshopId), ...(current ? { current } : {}) });
        await writeFile(join(target, 'workshop.json'), JSON.stringify(workshopExport(snapshot, comparisons), null, 2));
      }
      out('');
      out(t('cli:wroteTo', { dir }));
    }
    out('');
    out(t('cli:demo.ids', { ids: [...workshopIds, targetId].join(', ') }));
  });
}

async function exportWorkshop(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  const workshopId = positionals[0];
  if (!workshopId) throw new UsageError('parcours export <workshop-id> [--out DIR]');
  await withDatabase(async ({ queries, store }) => {
    const workspaceId = await store.workspaceOfWorkshop(workshopId);
    if (!workspaceId) throw new UsageError(translator(languageOf(undefined))('cli:noWorkshop', { id: workshopId }));
    const snapshot = await queries.snapshot(workspaceId, workshopId);
    const comparisons = await queries.keyMoments(workspaceId, workshopId);
    const json = JSON.stringify(workshopExport(snapshot, comparisons), null, 2);
    if (!values.out) {
      out(json);
      return;
    }
    const dir = resolve(values.out);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'workshop.json'), json);
    const current = await queries.sourceJourney(workspaceId, workshopId);
    await writeWorkshopDocuments(snapshot, dir, { comparisons, ...(current ? { current } : {}) });
    out(translator(snapshot.workshop.language)('cli:wroteTo', { dir }));
  });
}

async function list(): Promise<void> {
  await withDatabase(async ({ store }) => {
    for (const row of await store.allWorkshops()) out(`${row.id}\t${row.platform}:${row.externalId}\t${row.step}\t${row.status}\t${row.title}`);
  });
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { migrate, demo, export: exportWorkshop, list };

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const t = translator(languageOf(undefined));
    process.stderr.write(`${t('cli:usage')}\n`);
    return name === undefined || name === 'help' || name === '--help' ? 0 : 2;
  }
  try {
    await command(args);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof DatabaseInUseError) {
      process.stderr.write(`parcours ${name}: ${translator(languageOf(undefined))('cli:databaseInUse', { file: error.file })}\n`);
      return 1;
    }
    process.stderr.write(`parcours ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
