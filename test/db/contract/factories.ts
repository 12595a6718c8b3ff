// The implementations of the storage port (src/core/store.ts) that the contract suite runs against. A new
// implementation adds one factory here; test/db/store-contract.test.ts holds the expectations.
import Database from 'better-sqlite3';
import type { AppStore } from '../../../src/db/operator-store.js';
import { parseDatabaseUrl, quoteIdent } from '../../../src/db/client.js';
import { PrismaStore } from '../../../src/db/prisma-store.js';
import { SqliteStore } from '../../../src/db/sqlite-store.js';
import { freshDatabase, providers, type TestDatabase } from '../../helpers/database.js';
import { openForSuite } from '../../helpers/suite.js';

export interface OpenedStore {
  store: AppStore;
  /** The database underneath, for checks the storage port has no read for (what is left after a deletion). */
  database: TestDatabase;
  /** Closes the store and deletes its database. */
  close(): Promise<void>;
  /**
   * Takes the database's write lock from another connection, as another process or replica would, until
   * `release`: the store's writes meanwhile must wait (or retry) and then succeed.
   */
  holdWriteLock(): Promise<{ release(): Promise<void> }>;
}

export interface StoreFactory {
  /** Shown in test names; PostgreSQL set-ups must say "postgres" (CI counts those tests). */
  name: string;
  open(): Promise<OpenedStore>;
}

function sqliteWriteLock(db: TestDatabase): OpenedStore['holdWriteLock'] {
  return async () => {
    const target = parseDatabaseUrl(db.rawUrl);
    if (target.provider !== 'sqlite') throw new Error('expected a SQLite file');
    const other = new Database(target.file);
    other.exec('BEGIN IMMEDIATE');
    return {
      release: async () => {
        if (!other.open) return;
        if (other.inTransaction) other.exec('COMMIT');
        other.close();
      },
    };
  };
}

/** PostgreSQL has no database-wide write lock: every table of the schema is locked against writes (reads go on). */
function postgresWriteLock(db: TestDatabase): OpenedStore['holdWriteLock'] {
  return async () => {
    const other = await db.secondClient();
    if (other.raw.provider !== 'postgresql') throw new Error('expected PostgreSQL');
    const client = await other.raw.pool.connect();
    const tables = (await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
    )).rows.map((r) => quoteIdent(r.name));
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await client.query('COMMIT');
        client.release();
      },
    };
  };
}

export const factories: StoreFactory[] = [
  {
    name: 'SqliteStore on sqlite',
    async open() {
      const db = await freshDatabase('sqlite');
      if (db.raw.provider !== 'sqlite') throw new Error('expected SQLite');
      return { store: new SqliteStore(db.raw.connection), database: db, close: () => db.close(), holdWriteLock: sqliteWriteLock(db) };
    },
  },
  {
    name: 'PrismaStore on sqlite',
    async open() {
      const db = await freshDatabase('sqlite');
      return { store: new PrismaStore(db), database: db, close: () => db.close(), holdWriteLock: sqliteWriteLock(db) };
    },
  },
  ...(providers.includes('postgresql') ? [{
    name: 'PrismaStore on postgresql',
    async open(): Promise<OpenedStore> {
      const db = await freshDatabase('postgresql');
      return { store: new PrismaStore(db), database: db, close: () => db.close(), holdWriteLock: postgresWriteLock(db) };
    },
  }] : []),
];

/**
 * A factory's store for a whole suite: registers a `beforeAll` that opens it and an `afterAll` that closes it
 * (call it inside a `describe`). What it returns stands for the opened store once the hook has run.
 */
export function contractStore(factory: StoreFactory): OpenedStore {
  const o = openForSuite('contractStore: the store', () => factory.open(), (opened) => opened.close());
  return {
    get store() { return o().store; },
    get database() { return o().database; },
    close: () => o().close(),
    holdWriteLock: () => o().holdWriteLock(),
  };
}
