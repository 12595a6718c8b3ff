// Schema migrations without the Prisma CLI: `prisma migrate` needs a native engine download and so never
// works offline, but the same schema engine ships as WebAssembly (@prisma/schema-engine-wasm) and talks to
// the database through our own driver adapters. It keeps `_prisma_migrations` exactly like
// `prisma migrate deploy` would.
//
// Layout: prisma/migrations/<provider>/
//   migration_lock.toml            Prisma's lock file (names the provider)
//   <timestamp>_<name>/migration.sql
//   schema.snapshot.prisma         the model as of the newest migration. One snapshot per provider, not one
//                                  per migration: a pull request that changes the model then shows the
//                                  change twice side by side — in the snapshot and in the SQL it produced.
// New migrations are the diff from the snapshot to the current model, so no shadow database is needed
// (shadow databases hit driver-adapter bugs on both providers).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
// Types only: the drivers, the adapters and the engine are loaded when (and only when) they are needed —
// the driver of the database in use for the "anything pending?" check, the rest when a migration is pending
// (bench/README.md, "Footprint").
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import type {
  ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { parseDatabaseUrl, pgPoolConfig, quoteIdent, redactText, type DatabaseTarget, type OpenDatabase, type Provider } from './client.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const MIGRATIONS_ROOT = join(root, 'prisma', 'migrations');
const SNAPSHOT = 'schema.snapshot.prisma';
const LOCKFILE = 'migration_lock.toml';
const NO_FILTER = { externalTables: [], externalEnums: [] };

export function migrationsDir(provider: Provider, base = MIGRATIONS_ROOT): string {
  return join(base, provider);
}

// ---------------------------------------------------------------------------------------------- engine

type WasmImports = Record<string, unknown>;
type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
// The project compiles without the DOM library, which is where TypeScript declares WebAssembly.
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: Record<string, WasmImports>): Promise<{ instance: { exports: WasmImports } }> };
};

const BINDINGS = '@prisma/schema-engine-wasm/schema_engine_bg';

/**
 * A schema engine of its own: a private copy of the wasm-bindgen glue (`schema_engine_bg.js`) and its own
 * WebAssembly instance. The glue keeps its instance in a module-level variable, so an engine loaded through
 * `import` stays in memory for the life of the process (+33–47 MB, mostly the compiled code); a copy
 * evaluated for one run is garbage once the run is over and `release()` has cleared the timers it armed.
 */
interface EngineRuntime {
  SchemaEngine: Bindings['SchemaEngine'];
  /** Clears the timers the engine left armed; afterwards nothing outside the copy refers to it. */
  release(): void;
}

let glueFactory: (() => Bindings) | undefined;
let started = 0;
const instances: WeakRef<object>[] = [];

/**
 * For tests: how many schema engines this process has started, and how many of their WebAssembly instances
 * are still reachable (weak references: run a full garbage collection first).
 */
export function schemaEngineStats(): { started: number; reachable: number } {
  return { started, reachable: instances.filter((ref) => ref.deref() !== undefined).length };
}

function bindingsFile(): string {
  return createRequire(import.meta.url).resolve(BINDINGS);
}

/**
 * The glue as a function that returns a fresh copy of its exports at each call. It is a plain ES module
 * whose only module syntax is `export function` / `export class` (checked: a new version that changed
 * that fails here, loudly, rather than half-working).
 */
async function bindingsFactory(): Promise<() => Bindings> {
  if (glueFactory) return glueFactory;
  const file = bindingsFile();
  const source = await readFile(file, 'utf8');
  const names = [...source.matchAll(/^export (?:function|class) ([\w$]+)/gm)].map((match) => match[1]!);
  const body = source.replace(/^export (function|class) /gm, '$1 ');
  if (/^\s*(export|import)\b/m.test(body) || !names.includes('SchemaEngine') || !names.includes('__wbg_set_wasm')) {
    throw new Error(`${file} is not shaped as this version of Parcours expects (plain "export function/class" only)`);
  }
  const wrapped = `(function () {\n'use strict';\n${body}\nreturn { ${names.join(', ')} };\n})`;
  // lineOffset: stack traces point at the file's own lines, not the wrapper's.
  glueFactory = new Script(wrapped, { filename: file, lineOffset: -2 }).runInThisContext() as () => Bindings;
  return glueFactory;
}

/** Instantiates a schema engine for one run (what the package's own entry does via a bundler-only `.wasm` import). */
async function startEngineRuntime(): Promise<EngineRuntime> {
  const bindings = (await bindingsFactory())();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const wasmFile = join(dirname(bindingsFile()), 'schema_engine_bg.wasm');
  const { instance } = await wasmApi.instantiate(await readFile(wasmFile), {
    './schema_engine_bg.js': withUnrefTimers(bindings as unknown as WasmImports, timers),
  });
  (bindings as unknown as { __wbg_set_wasm(exports: unknown): void }).__wbg_set_wasm(instance.exports);
  (instance.exports as unknown as { __wbindgen_start(): void }).__wbindgen_start();
  started += 1;
  for (let i = instances.length - 1; i >= 0; i--) if (instances[i]!.deref() === undefined) instances.splice(i, 1);
  instances.push(new WeakRef(instance));
  return {
    SchemaEngine: bindings.SchemaEngine,
    release: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/**
 * The engine arms a 10-second timer around its PostgreSQL work and never clears it (the bindings have no
 * clearTimeout), which kept every process that migrated alive 10 s longer. Unref'd, such a timer still
 * fires while the engine is busy (its sockets keep the process up) but no longer holds an idle process.
 * They are also recorded, so that once the engine is freed they can be cleared: a pending one would keep
 * the whole engine reachable until it fired.
 */
function withUnrefTimers(imports: WasmImports, timers: Set<ReturnType<typeof setTimeout>>): WasmImports {
  const patched: WasmImports = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (name.startsWith('__wbg_setTimeout_') && typeof value === 'function') {
      patched[name] = (...args: unknown[]) => {
        const timer = (value as (...a: unknown[]) => unknown)(...args) as ReturnType<typeof setTimeout>;
        timer.unref?.();
        timers.add(timer);
        return timer;
      };
    }
  }
  return patched;
}

/**
 * Runs `fn` with a schema engine bound to `factory`, and turns the engine's opaque errors into real ones.
 * The engine is started for this run and dropped after it: nothing of it stays referenced.
 */
async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: { path: string; content: string },
  logger: Logger | undefined,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  // engine.free() does not dispose the connections the engine opened; left open, a SQLite handle keeps the
  // file busy and a pg pool keeps the process alive. Track them and dispose them ourselves.
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => remember(await factory.connect()),
    connectToShadowDb: async () => remember(await factory.connectToShadowDb()),
  };
  const remember = (adapter: SqlDriverAdapter) => (opened.push(adapter), adapter);
  const bound = bindMigrationAwareSqlAdapterFactory(tracked);
  const log = (line: string) => logger?.debug({ engine: safeJson(line) }, 'schema engine');
  let runtime: EngineRuntime | undefined;
  let engine: SchemaEngine | undefined;
  try {
    runtime = await startEngineRuntime();
    engine = await runtime.SchemaEngine.new({ datamodels: [[datamodel.path, datamodel.content]] }, log, bound);
    return await fn(engine);
  } catch (error) {
    throw engineError(error, bound);
  } finally {
    engine?.free();
    engine = undefined;
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    opened.length = 0;
    runtime?.release();
    runtime = undefined;
  }
}

/** "External error id#N" only points into the adapter's error registry; fetch the driver error it stands for. */
function engineError(error: unknown, bound: ErrorCapturingSqlMigrationAwareDriverAdapterFactory): Error {
  const message = error instanceof Error ? error.message : String(error);
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const original = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id))?.error;
  const detail = original instanceof Error ? original.message : original ? JSON.stringify(original) : message;
  return new Error(`Schema engine: ${redactText(detail)}`, { cause: original ?? error });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

// ------------------------------------------------------------------------------------------ adapters

/** A PostgreSQL adapter factory for the engine, on a pool we own (and must end). */
async function pgFactory(pool: pg.Pool, schema: string | undefined): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const inner = new PrismaPg(pool, schema ? { schema } : undefined);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => fixPgScripts(await inner.connect(), pool),
    connectToShadowDb: () => Promise.reject(new Error('Parcours migrations never use a shadow database')),
  };
}

/** A SQLite adapter factory for the engine. */
async function sqliteFactory(url: string, timeout?: number): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  return new PrismaBetterSqlite3(timeout === undefined ? { url } : { url, timeout });
}

async function loadPg(): Promise<typeof pg> {
  return (await import('pg')).default;
}

/**
 * PrismaPg's executeScript splits the script on every `;`, which breaks any statement with a `;` inside a
 * string or a function body. The simple-query protocol runs a multi-statement script as it is.
 */
function fixPgScripts(adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  const onError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      onError(error); // rethrows as a DriverAdapterError the engine understands
    }
  };
  return adapter;
}

// ------------------------------------------------------------------------------------------ applying

async function readMigrationsList(dir: string): Promise<MigrationList> {
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const migrationDirectories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(join(dir, name, 'migration.sql'), 'utf8').then(
            (value) => ({ tag: 'ok' as const, value }),
            (error: Error) => ({ tag: 'error' as const, value: error.message }),
          ),
        },
      })),
  );
  const lockContent = await readFile(join(dir, LOCKFILE), 'utf8').catch(() => null);
  return { baseDir: dir, lockfile: { path: LOCKFILE, content: lockContent }, shadowDbInitScript: '', migrationDirectories };
}

export interface ApplyOptions {
  logger?: Logger;
  /** Defaults to prisma/migrations; tests may point elsewhere. */
  migrationsRoot?: string;
  /** SQLite: how long to wait for another connection to let go of the file (default 10 s). */
  sqliteBusyTimeoutMs?: number;
}

/**
 * New migrations cannot be applied to a SQLite file while another connection keeps a transaction open on it
 * (another process reading it, or any other connection of this process): the schema engine waits for it,
 * then gives up. Operators are told which file, and what to do (README, "Storage").
 */
export class DatabaseInUseError extends Error {
  constructor(readonly file: string, cause: unknown) {
    super(`the SQLite database ${file} is busy in another process (a running Parcours, a database browser?): stop it, then migrate again`, { cause });
    this.name = 'DatabaseInUseError';
  }
}

/**
 * Brings the database up to date with the committed migrations and returns the names of those it applied
 * (none when it already was). Safe to call on every start, and from several processes at once.
 */
export async function applyMigrations(database: OpenDatabase | DatabaseTarget | string | undefined, options: ApplyOptions = {}): Promise<string[]> {
  const target = typeof database === 'string' || database === undefined ? parseDatabaseUrl(database) : 'target' in database ? database.target : database;
  const dir = migrationsDir(target.provider, options.migrationsRoot);
  const migrationsList = await readMigrationsList(dir);
  const datamodel = { path: join(dir, SNAPSHOT), content: await readFile(join(dir, SNAPSHOT), 'utf8').catch(() => datasourceOnly(target.provider)) };
  const applied =
    target.provider === 'sqlite'
      ? await applySqlite(target.file, migrationsList, datamodel, options.logger, options.sqliteBusyTimeoutMs)
      : await applyPostgres(target, migrationsList, datamodel, options.logger);
  if (applied.length > 0) options.logger?.info({ migrations: applied, database: target.url }, `applied ${applied.length} database migration(s)`);
  else options.logger?.info({ database: target.url }, 'database schema is up to date');
  return applied;
}

/** True when every migration of the folder is among the names recorded as finished (and not rolled back). */
function allRecorded(migrationsList: MigrationList, finished: Iterable<string>): boolean {
  const done = new Set(finished);
  return migrationsList.migrationDirectories.every((m) => done.has(m.path));
}

const FINISHED_MIGRATIONS = 'SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL';

/**
 * True when every migration of the folder is recorded as finished in the SQLite file. The schema engine
 * always runs DDL (it creates its own table if missing), and that DDL waits, then times out, while another
 * connection keeps a transaction open on the file (a running server's, when `parcours demo` starts beside
 * it); a database that is already up to date therefore never wakes the engine (nor loads it).
 */
async function sqliteUpToDate(file: string, migrationsList: MigrationList): Promise<boolean> {
  if (!existsSync(file)) return false;
  const { default: Sqlite } = await import('better-sqlite3');
  const db: Database.Database = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return false;
    return allRecorded(migrationsList, (db.prepare(FINISHED_MIGRATIONS).all() as { name: string }[]).map((r) => r.name));
  } finally {
    db.close();
  }
}

async function applySqlite(file: string, migrationsList: MigrationList, datamodel: { path: string; content: string }, logger?: Logger, busyTimeoutMs = 10_000): Promise<string[]> {
  if (await sqliteUpToDate(file, migrationsList)) return [];
  // A connection of our own, with a busy timeout: unlike the application's queries, a migration should wait
  // for a moment of quiet rather than fail.
  const factory = await sqliteFactory(file, busyTimeoutMs);
  try {
    return await withEngine(factory, datamodel, logger, async (engine) => {
      const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
      return result.appliedMigrationNames;
    });
  } catch (error) {
    // The engine's SQLite connector reports "busy" as an error variant it does not know ("SocketTimeout").
    if (error instanceof Error && /SocketTimeout|SQLITE_BUSY|database is locked/i.test(error.message)) throw new DatabaseInUseError(file, error);
    throw error;
  }
}

/**
 * The same check on PostgreSQL, made without the advisory lock: a migration another replica is applying
 * right now is not yet recorded as finished, so the answer can only be "pending" too early, never "up to
 * date" too early — and "pending" takes the lock and lets the engine decide. Any failure of the check
 * (no permission on the table, say) also leaves the decision to the engine.
 */
async function postgresUpToDate(client: pg.Client, schema: string, migrationsList: MigrationList, logger?: Logger): Promise<boolean> {
  try {
    const table = await client.query("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = '_prisma_migrations'", [schema]);
    if (table.rowCount === 0) return false;
    const rows = await client.query<{ name: string }>(FINISHED_MIGRATIONS.replace('FROM _prisma_migrations', `FROM ${quoteIdent(schema)}._prisma_migrations`));
    return allRecorded(migrationsList, rows.rows.map((r) => r.name));
  } catch (error) {
    logger?.debug({ err: error }, 'could not read _prisma_migrations; the schema engine will');
    return false;
  }
}

async function applyPostgres(
  target: Extract<DatabaseTarget, { provider: 'postgresql' }>,
  migrationsList: MigrationList,
  datamodel: { path: string; content: string },
  logger?: Logger,
): Promise<string[]> {
  const { Client, Pool } = await loadPg();
  const schema = target.schema ?? 'public';
  const lock = new Client(pgPoolConfig(target, 1));
  await lock.connect();
  try {
    // Up to date (every start but the first after an upgrade): no lock, no engine.
    if (await postgresUpToDate(lock, schema, migrationsList, logger)) return [];
    // Two instances starting together would both find migrations pending and both apply them. A session-level
    // advisory lock, held on its own connection for the whole run, makes the second wait and then find nothing
    // to do. The key is per schema so that test suites, each in its own schema, do not queue behind each other.
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`parcours:migrations:${schema}`]);
    // `?schema=` may name a schema that does not exist yet; the tables have to land somewhere.
    await lock.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const pool = new Pool(pgPoolConfig(target, 2));
    try {
      return await withEngine(await pgFactory(pool, target.schema), datamodel, logger, async (engine) => {
        const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
        return result.appliedMigrationNames;
      });
    } finally {
      await pool.end();
    }
  } finally {
    // Closing the session releases the advisory lock, even when the migration failed half-way.
    await lock.end();
  }
}

function datasourceOnly(provider: Provider): string {
  return `datasource db {\n  provider = "${provider}"\n}\n`;
}

// ------------------------------------------------------------------------------------------ creating

export interface CreateMigrationResult {
  provider: Provider;
  /** The new migration directory, or undefined when the model did not change. */
  directory: string | undefined;
}

/** The model text for each provider, derived exactly as `scripts/prisma-generate.mjs` derives it. */
async function currentModels(): Promise<Record<Provider, string>> {
  const sqlite = await readFile(join(root, 'prisma', 'schema.prisma'), 'utf8');
  // Imported by URL so TypeScript does not need declarations for the .mjs script.
  const generator = (await import(pathToFileURL(join(root, 'scripts', 'prisma-generate.mjs')).href)) as {
    derivePostgresSchema(text: string): string;
  };
  return { sqlite, postgresql: generator.derivePostgresSchema(sqlite) };
}

/** Prisma's own naming: UTC timestamp, then the name in snake case. */
function migrationName(name: string, now: Date): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!slug) throw new Error(`"${name}" is not a usable migration name`);
  return `${stamp}_${slug}`;
}

export interface CreateOptions {
  logger?: Logger;
  migrationsRoot?: string;
  /**
   * The PostgreSQL schema engine refuses to start without a live server, even for a diff between two
   * files. Default: DATABASE_URL when it is PostgreSQL, else TEST_DATABASE_URL, else the local test database.
   */
  postgresUrl?: string;
  now?: Date;
}

/**
 * For each provider, writes `<timestamp>_<name>/migration.sql` with the SQL that takes the snapshot model to
 * the current one, then moves the snapshot forward. Writes nothing for a provider whose model did not change.
 */
export async function createMigration(name: string, options: CreateOptions = {}): Promise<CreateMigrationResult[]> {
  const models = await currentModels();
  const dirName = migrationName(name, options.now ?? new Date());
  const results: CreateMigrationResult[] = [];
  for (const provider of ['sqlite', 'postgresql'] as const) {
    const dir = migrationsDir(provider, options.migrationsRoot);
    const previous = await readFile(join(dir, SNAPSHOT), 'utf8').catch(() => undefined);
    const current = models[provider];
    const sql = await diffModels(provider, previous, current, options);
    if (!hasStatements(sql)) {
      options.logger?.info({ provider }, 'model unchanged since the last migration: nothing written');
      results.push({ provider, directory: undefined });
      continue;
    }
    const directory = join(dir, dirName);
    if (existsSync(directory)) throw new Error(`The migration directory already exists: ${directory}`);
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'migration.sql'), sql);
    await writeFile(join(dir, SNAPSHOT), current);
    await writeFile(
      join(dir, LOCKFILE),
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
    );
    options.logger?.info({ provider, directory }, 'migration written');
    results.push({ provider, directory });
  }
  return results;
}

async function diffModels(provider: Provider, previous: string | undefined, current: string, options: CreateOptions): Promise<string> {
  const file = (content: string) => ({ tag: 'schemaDatamodel' as const, files: [{ path: 'schema.prisma', content }] });
  const diff = (engine: SchemaEngine) =>
    engine
      .diff({ from: previous === undefined ? { tag: 'empty' } : file(previous), to: file(current), script: true, exitCode: null, filters: NO_FILTER })
      .then((result) => result.stdout ?? '');
  const datamodel = { path: 'schema.prisma', content: current };
  if (provider === 'sqlite') return withEngine(await sqliteFactory(':memory:'), datamodel, options.logger, diff);
  const target = parseDatabaseUrl(options.postgresUrl ?? defaultPostgresUrl());
  if (target.provider !== 'postgresql') throw new Error(`${target.url} is not a PostgreSQL URL`);
  const { Pool } = await loadPg();
  const pool = new Pool(pgPoolConfig(target, 1));
  try {
    return await withEngine(await pgFactory(pool, target.schema), datamodel, options.logger, diff);
  } finally {
    await pool.end();
  }
}

function defaultPostgresUrl(): string {
  const app = process.env.DATABASE_URL;
  if (app && /^postgres(ql)?:\/\//i.test(app)) return app;
  return process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';
}

/** The engine answers an unchanged model with a comment ("-- This is an empty migration."). */
function hasStatements(sql: string): boolean {
  return sql.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
}
