// Test databases for both providers: every suite gets its own SQLite file or its own PostgreSQL schema, so
// test files can run in parallel against one server. PostgreSQL is part of the contract: its tests only
// skip when PARCOURS_SKIP_POSTGRES=1 says so explicitly; an unreachable server otherwise fails the run.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, parseDatabaseUrl, pgPoolConfig, quoteIdent, redactUrl, type OpenDatabase, type Provider } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { jobSchemaName } from '../../src/db/jobs/index.js';

/** The server's `test` database; over TCP as the postgres role (trust auth on this machine). */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';
export const SKIP_POSTGRES = process.env.PARCOURS_SKIP_POSTGRES === '1';

/**
 * For tests that run once, on the database a real deployment of several replicas uses: PostgreSQL, or the
 * embedded SQLite when PostgreSQL tests are knowingly skipped.
 */
export const serverProvider: Provider = SKIP_POSTGRES ? 'sqlite' : 'postgresql';

/** For `describe.each(providers)`. */
export const providers: Provider[] = SKIP_POSTGRES ? ['sqlite'] : ['sqlite', 'postgresql'];

export interface TestDatabase extends OpenDatabase {
  /** The database's own URL (unredacted): the SQLite file or the PostgreSQL URL with its ?schema=. */
  rawUrl: string;
  /** Another, independent client on the same database (its own connection or pool), closed with this one. */
  secondClient(): Promise<OpenDatabase>;
  /** Closes every client, then deletes the file or drops the schema (and the job queue's schema beside it). */
  close(): Promise<void>;
}

/** Throws a clear error unless the test PostgreSQL server answers (used by the global setup too). */
export async function assertPostgresReachable(url = TEST_POSTGRES_URL): Promise<void> {
  const target = parseDatabaseUrl(url);
  if (target.provider !== 'postgresql') throw new Error(`TEST_DATABASE_URL must be a PostgreSQL URL, not ${target.url}`);
  const client = new pg.Client({ ...pgPoolConfig(target, 1), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL tests need a server at ${redactUrl(url)} (${(error as Error).message}). ` +
        'Start it, point TEST_DATABASE_URL at another one, or set PARCOURS_SKIP_POSTGRES=1 to skip them knowingly.',
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** An opened, empty database, migrated unless `migrate: false`. */
export async function freshDatabase(provider: Provider, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const id = `${process.pid}_${randomUUID().slice(0, 8)}`;
  let rawUrl: string;
  let cleanup: () => Promise<void>;
  if (provider === 'sqlite') {
    const file = join(tmpdir(), `parcours-test-${id}.db`);
    rawUrl = `file:${file}`;
    cleanup = async () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    };
  } else {
    if (SKIP_POSTGRES) throw new Error('PostgreSQL tests are disabled (PARCOURS_SKIP_POSTGRES=1)');
    await assertPostgresReachable();
    const schema = `test_${id}`;
    const url = new URL(TEST_POSTGRES_URL);
    url.searchParams.set('schema', schema);
    rawUrl = url.toString();
    cleanup = () => dropSchema(schema);
  }

  const clients: OpenDatabase[] = [];
  const open = async () => {
    const db = await openDatabase(rawUrl);
    clients.push(db);
    return db;
  };
  try {
    const db = await open();
    if (options.migrate !== false) await applyMigrations(db);
    return {
      ...db,
      rawUrl,
      secondClient: open,
      close: async () => {
        await Promise.allSettled(clients.map((client) => client.close()));
        await cleanup();
      },
    };
  } catch (error) {
    await Promise.allSettled(clients.map((client) => client.close()));
    await cleanup();
    throw error;
  }
}

async function dropSchema(schema: string): Promise<void> {
  const target = parseDatabaseUrl(TEST_POSTGRES_URL);
  if (target.provider !== 'postgresql') throw new Error(`TEST_DATABASE_URL must be a PostgreSQL URL, not ${target.url}`);
  const client = new pg.Client(pgPoolConfig(target, 1));
  await client.connect();
  try {
    // The job queue's schema (pg-boss, src/db/jobs) goes with the application's.
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)}, ${quoteIdent(jobSchemaName(schema))} CASCADE`);
  } finally {
    await client.end();
  }
}
