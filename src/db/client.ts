// Opens the database named by DATABASE_URL: the embedded SQLite file by default, PostgreSQL for teams that
// run several instances. Both Prisma clients are generated from the same model, so the rest of the code
// sees one type, `Db` (the SQLite client's type); the PostgreSQL client is cast to it.
//
// Each database's driver is imported when a database of that kind is opened, never before: a process on SQLite
// does not load the PostgreSQL client, and the other way round. The Prisma client (its adapter, generated client
// and runtime) is made on its first use (lazy-client.ts): an idle server never makes it (bench/README.md,
// "Footprint").
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { PrismaClient } from './generated/sqlite/client.js';
import { lazyClient } from './lazy-client.js';

export type Db = PrismaClient;
export type Provider = 'sqlite' | 'postgresql';

export const DEFAULT_DATABASE_URL = 'file:./data/parcours.db';

/** Where a database lives, parsed from its URL; migrations open their own connections from it. */
export type DatabaseTarget =
  | { provider: 'sqlite'; file: string; url: string }
  | { provider: 'postgresql'; connectionString: string; schema: string | undefined; url: string };

export interface OpenDatabase {
  provider: Provider;
  prisma: Db;
  /** The URL with its password replaced by ***, safe to print. */
  url: string;
  target: DatabaseTarget;
  /**
   * The driver underneath Prisma, for the few hot paths that cannot afford Prisma's per-statement cost
   * (see vote-writer-*.ts): a better-sqlite3 connection of its own on the same file, or the pg pool.
   */
  raw: RawDriver;
  close(): Promise<void>;
}

export type RawDriver =
  | { provider: 'sqlite'; connection(): Database.Database }
  | { provider: 'postgresql'; pool: pg.Pool };

export interface OpenOptions {
  /** PostgreSQL pool size (default 10). */
  poolMax?: number;
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; also hides `password=` parameters. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@')
    .replace(/([?&]password=)[^&]*/gi, '$1***');
}

/** Redacts every database URL inside a message (driver errors sometimes echo the connection string). */
export function redactText(text: string): string {
  return text.replace(/postgres(?:ql)?:\/\/[^\s'"`]+/gi, (url) => redactUrl(url));
}

export function parseDatabaseUrl(raw?: string): DatabaseTarget {
  const url = raw?.trim() || DEFAULT_DATABASE_URL;
  if (url.startsWith('file:')) {
    // Prisma's convention: `file:./relative.db` (relative to the working directory) or `file:/absolute.db`;
    // a `file:///absolute.db` URL and query parameters such as `?connection_limit=1` are tolerated.
    let path = url.slice('file:'.length).replace(/\?.*$/, '');
    if (path.startsWith('//')) path = decodeURIComponent(new URL(url).pathname);
    if (!path) throw new Error(`DATABASE_URL "${url}" names no SQLite file (expected e.g. ${DEFAULT_DATABASE_URL})`);
    return { provider: 'sqlite', file: resolve(path), url };
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`DATABASE_URL "${redactUrl(url)}" is not a valid PostgreSQL URL`);
    }
    // `?schema=` is Prisma's parameter, not libpq's: take it out and apply it as the search_path instead.
    const schema = parsed.searchParams.get('schema') || undefined;
    parsed.searchParams.delete('schema');
    return { provider: 'postgresql', connectionString: parsed.toString(), schema, url: redactUrl(url) };
  }
  throw new Error(
    `DATABASE_URL "${redactUrl(url)}" is not supported: use file:./path.db for the embedded SQLite database ` +
      `or postgres://user:password@host:5432/db for PostgreSQL`,
  );
}

/** Pool settings shared by the app and the migrator, so both see the same schema. */
export function pgPoolConfig(target: Extract<DatabaseTarget, { provider: 'postgresql' }>, max: number): pg.PoolConfig {
  return {
    connectionString: withDefaultUser(target.connectionString),
    max,
    ...(target.schema ? { options: `-c search_path=${quoteIdent(target.schema)}` } : {}),
  };
}

/**
 * A URL without a user name (`postgresql:///db?host=/var/run/postgresql`) means "the OS user" to libpq, but
 * node-postgres only looks at $PGUSER and $USER, which service managers and containers often leave unset.
 */
function withDefaultUser(connectionString: string): string {
  const url = new URL(connectionString);
  if (url.username || url.searchParams.has('user') || process.env.PGUSER || process.env.USER) return connectionString;
  url.searchParams.set('user', userInfo().username); // a URL with an empty host cannot take a user name
  return url.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function openDatabase(url?: string, options: OpenOptions = {}): Promise<OpenDatabase> {
  const target = parseDatabaseUrl(url);
  if (target.provider === 'sqlite') return openSqlite(target);
  return openPostgres(target, options.poolMax ?? 10);
}

async function openSqlite(target: Extract<DatabaseTarget, { provider: 'sqlite' }>): Promise<OpenDatabase> {
  const { default: Database } = await import('better-sqlite3');
  mkdirSync(dirname(target.file), { recursive: true });
  // WAL lets readers proceed while one writer writes; it is a property of the file, so setting it once
  // through a short-lived handle covers the adapter's own connection too.
  const setup = new Database(target.file);
  try {
    setup.pragma('journal_mode = WAL');
  } finally {
    setup.close();
  }
  // timeout 0: a busy database fails at once with SQLITE_BUSY and the application retries the whole
  // transaction (see isRetryableConflict) instead of better-sqlite3 blocking the event loop while it waits.
  const prisma = lazyClient(async () => {
    const [{ PrismaBetterSqlite3 }, { PrismaClient }] = await Promise.all([import('@prisma/adapter-better-sqlite3'), import('./generated/sqlite/client.js')]);
    return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: target.file, timeout: 0 }) });
  });
  let connection: Database.Database | undefined;
  return {
    provider: 'sqlite',
    prisma,
    url: target.url,
    target,
    raw: { provider: 'sqlite', connection: () => (connection ??= new Database(target.file, { timeout: 0 })) },
    close: once(async () => {
      connection?.close();
      await prisma.$disconnect();
    }),
  };
}

async function openPostgres(target: Extract<DatabaseTarget, { provider: 'postgresql' }>, max: number): Promise<OpenDatabase> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool(pgPoolConfig(target, max));
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const prisma = lazyClient(async () => {
    const [{ PrismaPg }, { PrismaClient }] = await Promise.all([import('@prisma/adapter-pg'), import('./generated/postgresql/client.js')]);
    return new PrismaClient({ adapter: new PrismaPg(pool, target.schema ? { schema: target.schema } : undefined) }) as unknown as Db;
  });
  return {
    provider: 'postgresql',
    prisma,
    url: target.url,
    target,
    raw: { provider: 'postgresql', pool },
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end();
    }),
  };
}

/** Closing twice (a shutdown racing a failed health check, say) must not fail: the second call waits for the first. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

/**
 * Liveness probe for /healthz. On an open database it asks the driver underneath (the SQLite connection the
 * store works on, the PostgreSQL pool Prisma shares), not Prisma: Prisma's first query instantiates its query
 * compiler (WebAssembly, ~60 MB resident), which a load balancer's probe must not load into a process that
 * has not served anyone yet. Given a bare Prisma client, it asks Prisma.
 */
export async function checkDatabase(db: Db | OpenDatabase): Promise<void> {
  if (!('raw' in db && 'target' in db)) {
    await db.$queryRawUnsafe('SELECT 1');
    return;
  }
  if (db.raw.provider === 'sqlite') db.raw.connection().prepare('SELECT 1').get();
  else await db.raw.pool.query('SELECT 1');
}

/**
 * True when an error is a write conflict worth retrying the whole transaction for: SQLite busy/locked
 * (we run with busy timeout 0) or a PostgreSQL serialization failure / deadlock (40001, 40P01).
 * Through Prisma 7 driver adapters these arrive as a PrismaClientKnownRequestError (P2034 for PostgreSQL;
 * P1008 "timed out" or P2010 "raw query failed" for SQLite busy) whose meta.driverAdapterError.cause
 * carries the driver's own code; bare driver errors are recognised by that code too. P1008 alone is not
 * enough: it is also what a real timeout looks like.
 */
export function isRetryableConflict(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; kind?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    if (e.code === 'P2034' || e.kind === 'TransactionWriteConflict') return true;
    if (typeof e.originalCode === 'string' && CONFLICT_DRIVER_CODE.test(e.originalCode)) return true;
    if (typeof e.code === 'string' && CONFLICT_DRIVER_CODE.test(e.code)) return true;
    current = e.meta?.driverAdapterError ?? e.cause;
  }
  return false;
}

/** PostgreSQL serialization_failure / deadlock_detected; SQLite BUSY and LOCKED with their extended codes. */
const CONFLICT_DRIVER_CODE = /^(40001$|40P01$|SQLITE_BUSY|SQLITE_LOCKED)/;
