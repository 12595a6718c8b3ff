import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db, Provider } from '../../src/db/client.js';
import { applyMigrations, createMigration, DatabaseInUseError, migrationsDir, MIGRATIONS_ROOT, schemaEngineStats } from '../../src/db/migrations.js';
import { parseDatabaseUrl, pgPoolConfig } from '../../src/db/client.js';
import { translator } from '../../src/i18n/index.js';
import { freshDatabase, providers, SKIP_POSTGRES, TEST_POSTGRES_URL, type TestDatabase } from '../helpers/database.js';

const committed = (provider: Provider) =>
  readdirSync(migrationsDir(provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

async function tableNames(db: Db, provider: Provider): Promise<string[]> {
  const rows =
    provider === 'sqlite'
      ? await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
        );
  return rows.map((row) => row.name);
}

/** A full garbage collection, without starting the test process with --expose-gc. */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve)); // WeakRefs are held until the current job ends
    gc();
  }
}

/** A migrations folder holding the committed migrations older than `before` (the database as an older version left it). */
function olderMigrations(provider: Provider, before: string): string {
  const root = mkdtempSync(join(tmpdir(), 'parcours-migrations-'));
  const source = migrationsDir(provider);
  cpSync(join(source, 'migration_lock.toml'), join(migrationsDir(provider, root), 'migration_lock.toml'));
  for (const name of committed(provider).filter((n) => n < before)) {
    cpSync(join(source, name), join(migrationsDir(provider, root), name), { recursive: true });
  }
  return root;
}

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe.each(providers)('migrations on %s', (provider) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('applies every committed migration to an empty database, logs them, then applies nothing', async () => {
    db = await freshDatabase(provider, { migrate: false });
    const { logger, lines } = capturingLogger();

    const first = await applyMigrations(db, { logger });
    expect(first).toEqual(committed(provider));
    expect(first.length).toBeGreaterThan(0);
    expect(lines.join('')).toContain(first[0]);

    expect(await applyMigrations(db, { logger })).toEqual([]);
    expect(lines.at(-1)).toContain('up to date');
  });

  it('creates the model tables and records the history like prisma migrate deploy', async () => {
    db = await freshDatabase(provider);
    const tables = await tableNames(db.prisma, provider);
    for (const table of ['Workspace', 'Workshop', 'Vote', 'RoadmapItem', 'ProcessedDelivery', '_prisma_migrations']) {
      expect(tables).toContain(table);
    }
    const history = await db.prisma.$queryRawUnsafe<{ migration_name: string; finished: number }[]>(
      `SELECT migration_name, CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END AS finished FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(history.map((row) => row.migration_name)).toEqual(committed(provider));
    expect(history.every((row) => Number(row.finished) === 1)).toBe(true);

    // The client works against the migrated tables.
    await db.prisma.workspace.create({ data: { platform: 'slack', externalId: 'T1' } });
    expect(await db.prisma.workspace.count()).toBe(1);
  });

  it('upgrades a database with workshops in it: every row gets its workspace from its parent', async () => {
    db = await freshDatabase(provider, { migrate: false });
    // The database as the version before "every_row_in_a_workspace" left it.
    const before = mkdtempSync(join(tmpdir(), 'parcours-migrations-'));
    try {
      const source = migrationsDir(provider);
      cpSync(join(source, 'migration_lock.toml'), join(migrationsDir(provider, before), 'migration_lock.toml'));
      for (const name of committed(provider).filter((n) => n < '20261126055600')) {
        cpSync(join(source, name), join(migrationsDir(provider, before), name), { recursive: true });
      }
      await applyMigrations(db, { migrationsRoot: before });
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
    // Written through a client of its own, closed before upgrading: SQLite's schema engine cannot change a
    // file another connection holds open (README, "Storage").
    const writer = await db.secondClient();
    const run = (sql: string) => writer.prisma.$executeRawUnsafe(sql);
    for (const ws of ['W1', 'W2']) {
      await run(`INSERT INTO "Workspace" ("id", "platform", "externalId", "name", "createdAt") VALUES ('${ws}', 'slack', '${ws}', '', CURRENT_TIMESTAMP)`);
      await run(`INSERT INTO "Workshop" ("id", "workspaceId", "title", "language", "mode", "journey", "basis", "updatedAt") VALUES ('K${ws}', '${ws}', 't', 'en', 'async', 'current', 'data', CURRENT_TIMESTAMP)`);
      await run(`INSERT INTO "Persona" ("workshopId", "name", "updatedAt") VALUES ('K${ws}', 'Pat', CURRENT_TIMESTAMP)`);
      await run(`INSERT INTO "Goal" ("workshopId", "text", "updatedAt") VALUES ('K${ws}', 'Buy', CURRENT_TIMESTAMP)`);
      await run(`INSERT INTO "StepDeadline" ("workshopId", "step", "dueAt") VALUES ('K${ws}', 'stages', CURRENT_TIMESTAMP)`);
      await run(`INSERT INTO "Participant" ("id", "workspaceId", "workshopId", "userId", "role") VALUES ('P${ws}', '${ws}', 'K${ws}', 'U1', 'facilitator')`);
      await run(`INSERT INTO "Stage" ("id", "workspaceId", "workshopId", "position", "label", "phase") VALUES ('S${ws}', '${ws}', 'K${ws}', 0, 'I buy', 'purchase')`);
      await run(`INSERT INTO "Observation" ("id", "workspaceId", "workshopId", "stageId", "kind", "text", "authorId") VALUES ('O${ws}', '${ws}', 'K${ws}', 'S${ws}', 'irritant', 'Slow', 'P${ws}')`);
      await run(`INSERT INTO "Solution" ("id", "workspaceId", "workshopId", "text", "authorId") VALUES ('X${ws}', '${ws}', 'K${ws}', 'Faster', 'P${ws}')`);
      await run(`INSERT INTO "SolutionObservation" ("solutionId", "observationId") VALUES ('X${ws}', 'O${ws}')`);
    }
    await writer.close();

    expect(await applyMigrations(db)).toEqual(committed(provider).filter((n) => n >= '20261126055600'));
    for (const table of ['Persona', 'Goal', 'StepDeadline', 'SolutionObservation']) {
      const rows = await db.prisma.$queryRawUnsafe<{ workspaceId: string }[]>(`SELECT "workspaceId" FROM "${table}" ORDER BY "workspaceId"`);
      expect(rows.map((r) => r.workspaceId), table).toEqual(['W1', 'W2']);
    }
    // The upgraded rows read as before through the client.
    expect(await db.prisma.persona.findFirst({ where: { workspaceId: 'W2' } })).toMatchObject({ workshopId: 'KW2', name: 'Pat' });
  });

  it('upgrades a database with Slack conversations in it: each becomes a Conversation, its delivered list Delivery rows', async () => {
    db = await freshDatabase(provider, { migrate: false });
    const NEW = '20261129223201';
    const before = mkdtempSync(join(tmpdir(), 'parcours-migrations-'));
    try {
      const source = migrationsDir(provider);
      cpSync(join(source, 'migration_lock.toml'), join(migrationsDir(provider, before), 'migration_lock.toml'));
      for (const name of committed(provider).filter((n) => n < NEW)) {
        cpSync(join(source, name), join(migrationsDir(provider, before), name), { recursive: true });
      }
      await applyMigrations(db, { migrationsRoot: before });
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
    const writer = await db.secondClient();
    const run = (sql: string) => writer.prisma.$executeRawUnsafe(sql);
    await run(`INSERT INTO "Workspace" ("id", "platform", "externalId", "name", "createdAt") VALUES ('W1', 'slack', 'T1', '', CURRENT_TIMESTAMP)`);
    for (const k of ['K1', 'K2', 'K3']) {
      await run(`INSERT INTO "Workshop" ("id", "workspaceId", "title", "language", "mode", "journey", "basis", "updatedAt") VALUES ('${k}', 'W1', 't', 'en', 'async', 'current', 'data', CURRENT_TIMESTAMP)`);
    }
    const conversation = (workshopId: string, channel: string, anchor: string | null, step: string | null, stepTs: string | null, delivered: string) =>
      run(`INSERT INTO "SlackConversation" ("workshopId", "workspaceId", "channelId", "anchorTs", "step", "stepTs", "delivered", "createdAt", "updatedAt")
        VALUES ('${workshopId}', 'W1', '${channel}', ${anchor === null ? 'NULL' : `'${anchor}'`}, ${step === null ? 'NULL' : `'${step}'`},
          ${stepTs === null ? 'NULL' : `'${stepTs}'`}, '${delivered}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`);
    await conversation('K1', 'C1', '1700000000.000100', 'evaluation', '1700000000.000200', 'map@3,head:D1@3,head:D2@3');
    await conversation('K2', 'C1', '1700000001.000100', 'stages', 'pending:1700000002000', '');
    await conversation('K3', 'C2', 'pending:1700000003000', null, null, 'map@1');
    await conversation('GONE', 'C3', '1.1', null, null, 'map@1'); // its workshop was deleted: no foreign key held it
    await writer.close();

    expect(await applyMigrations(db)).toEqual(committed(provider).filter((n) => n >= NEW));
    const conversations = await db.prisma.conversation.findMany({ orderBy: { workshopId: 'asc' } });
    expect(conversations.map(({ createdAt: _c, updatedAt: _u, ...c }) => c)).toEqual([
      { workshopId: 'K1', workspaceId: 'W1', platform: 'slack', conversationId: 'C1', rootMessageId: '1700000000.000100', step: 'evaluation', stepMessageId: '1700000000.000200' },
      { workshopId: 'K2', workspaceId: 'W1', platform: 'slack', conversationId: 'C1', rootMessageId: '1700000001.000100', step: 'stages', stepMessageId: null },
      { workshopId: 'K3', workspaceId: 'W1', platform: 'slack', conversationId: 'C2', rootMessageId: null, step: null, stepMessageId: null },
    ]);
    const deliveries = await db.prisma.delivery.findMany({ orderBy: [{ workshopId: 'asc' }, { key: 'asc' }] });
    expect(deliveries.map((d) => ({ workshopId: d.workshopId, workspaceId: d.workspaceId, key: d.key, status: d.status, permanent: d.permanent }))).toEqual([
      { workshopId: 'K1', workspaceId: 'W1', key: 'head:D1@3', status: 'delivered', permanent: false },
      { workshopId: 'K1', workspaceId: 'W1', key: 'head:D2@3', status: 'delivered', permanent: false },
      { workshopId: 'K1', workspaceId: 'W1', key: 'map@3', status: 'delivered', permanent: false },
      { workshopId: 'K3', workspaceId: 'W1', key: 'map@1', status: 'delivered', permanent: false },
    ]);
    expect(deliveries.every((d) => d.claimedAt instanceof Date && !Number.isNaN(d.claimedAt.getTime()))).toBe(true);
    expect(await tableNames(db.prisma, provider)).not.toContain('SlackConversation');
    // Deleting a workshop leaves nothing of it.
    await db.prisma.workshop.delete({ where: { id: 'K1' } });
    expect(await db.prisma.conversation.count({ where: { workshopId: 'K1' } })).toBe(0);
    expect(await db.prisma.delivery.count({ where: { workshopId: 'K1' } })).toBe(0);
  });

  it('does not start the schema engine when nothing is pending, and starts it when a migration is', async () => {
    db = await freshDatabase(provider, { migrate: false });
    const newest = committed(provider).at(-1)!;
    const older = olderMigrations(provider, newest);
    try {
      const atFirst = schemaEngineStats().started;
      expect(await applyMigrations(db, { migrationsRoot: older })).toEqual(committed(provider).slice(0, -1));
      expect(schemaEngineStats().started).toBe(atFirst + 1);

      // Up to date with that folder: answered from _prisma_migrations alone.
      const { logger, lines } = capturingLogger();
      expect(await applyMigrations(db, { migrationsRoot: older, logger })).toEqual([]);
      expect(schemaEngineStats().started).toBe(atFirst + 1);
      expect(lines.at(-1)).toContain('up to date');

      // One migration pending: the engine starts, applies it, and is logged as before.
      expect(await applyMigrations(db, { logger })).toEqual([newest]);
      expect(schemaEngineStats().started).toBe(atFirst + 2);
      expect(lines.join('')).toContain(newest);

      // Every start after that: no engine.
      expect(await applyMigrations(db)).toEqual([]);
      expect(await applyMigrations(db.rawUrl)).toEqual([]);
      expect(schemaEngineStats().started).toBe(atFirst + 2);
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
  });

  it('keeps nothing of the schema engine once the migrations are applied', async () => {
    db = await freshDatabase(provider, { migrate: false });
    const atFirst = schemaEngineStats().started;
    expect(await applyMigrations(db)).toEqual(committed(provider));
    expect(schemaEngineStats().started).toBe(atFirst + 1);
    await collectGarbage();
    // Its WebAssembly instance (compiled code, memory) became garbage: nothing holds it any more.
    expect(schemaEngineStats().reachable).toBe(0);
    // A later run starts a new one, which works as well as the first.
    expect(await applyMigrations(db)).toEqual([]);
    const tables = await tableNames(db.prisma, provider);
    expect(tables).toContain('_prisma_migrations');
  });
});

describe('migrations on a busy SQLite file', () => {
  const provider: Provider = 'sqlite';
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('names the file and what to do when another connection keeps the SQLite file busy', async () => {
    db = await freshDatabase(provider, { migrate: false });
    const before = mkdtempSync(join(tmpdir(), 'parcours-migrations-'));
    try {
      const source = migrationsDir(provider);
      cpSync(join(source, 'migration_lock.toml'), join(migrationsDir(provider, before), 'migration_lock.toml'));
      cpSync(join(source, committed(provider)[0]!), join(migrationsDir(provider, before), committed(provider)[0]!), { recursive: true });
      await applyMigrations(db, { migrationsRoot: before });
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
    const other = await db.secondClient();
    await other.prisma.workspace.count(); // an idle connection of another process, as a running server has
    const attempt = applyMigrations(db, { sqliteBusyTimeoutMs: 200 });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseInUseError);
    const target = parseDatabaseUrl(db.rawUrl);
    await expect(attempt).rejects.toMatchObject({ file: target.provider === 'sqlite' ? target.file : 'not sqlite' });
    for (const language of ['en', 'fr'] as const) {
      expect(translator(language)('cli:databaseInUse', { file: '/srv/parcours.db' })).toMatch(/^\S.*\/srv\/parcours\.db.*parcours migrate/);
    }
    // Once the other process is gone, the same call applies what was pending.
    await other.close();
    expect((await applyMigrations(db)).length).toBeGreaterThan(0);
  });
});

describe.skipIf(SKIP_POSTGRES)('migrations on postgresql, concurrently', () => {
  it('lets two processes migrate the same schema at once: one applies, the other finds nothing to do', async () => {
    const db = await freshDatabase('postgresql', { migrate: false });
    try {
      // Separate URLs-as-strings: each call opens its own connections, as two starting instances would.
      const results = await Promise.all([applyMigrations(db.rawUrl), applyMigrations(db.rawUrl)]);
      expect(results.flat().sort()).toEqual(committed('postgresql'));
      expect(results.some((applied) => applied.length === 0)).toBe(true);
      expect(await db.prisma.workspace.count()).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('does not wait for the postgres advisory lock when nothing is pending', async () => {
    const db = await freshDatabase('postgresql');
    const target = parseDatabaseUrl(db.rawUrl);
    if (target.provider !== 'postgresql') throw new Error('not postgresql');
    const other = new pg.Client(pgPoolConfig(target, 1));
    await other.connect();
    try {
      // Another replica in the middle of migrating (or stuck): an up-to-date database still starts at once.
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [`parcours:migrations:${target.schema}`]);
      const atFirst = schemaEngineStats().started;
      expect(await applyMigrations(db.rawUrl)).toEqual([]);
      expect(schemaEngineStats().started).toBe(atFirst);
    } finally {
      await other.end();
      await db.close();
    }
  });

  it('waits for a postgres replica that holds the lock when something is pending, then applies it once', async () => {
    const db = await freshDatabase('postgresql', { migrate: false });
    const target = parseDatabaseUrl(db.rawUrl);
    if (target.provider !== 'postgresql') throw new Error('not postgresql');
    const newest = committed('postgresql').at(-1)!;
    const older = olderMigrations('postgresql', newest);
    const other = new pg.Client(pgPoolConfig(target, 1));
    await other.connect();
    try {
      // The database as the previous version left it; then a replica takes the lock (it is migrating).
      await applyMigrations(db.rawUrl, { migrationsRoot: older });
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [`parcours:migrations:${target.schema}`]);
      let settled = false;
      const starting = Promise.all([applyMigrations(db.rawUrl), applyMigrations(db.rawUrl)]).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Something is pending: both queue behind the lock rather than migrating beside the other replica.
      expect(settled).toBe(false);
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [`parcours:migrations:${target.schema}`]);
      const results = await starting;
      expect(results.flat()).toEqual([newest]);
      const history = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name');
      expect(history.map((row) => row.migration_name)).toEqual(committed('postgresql'));
    } finally {
      rmSync(older, { recursive: true, force: true });
      await other.end();
      await db.close();
    }
  });
});

describe('createMigration', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  const tempRoot = () => {
    const root = mkdtempSync(join(tmpdir(), 'parcours-migrations-'));
    roots.push(root);
    return root;
  };

  it.skipIf(SKIP_POSTGRES)('finds nothing to write when the committed migrations match prisma/schema.prisma', async () => {
    // Guards against changing the model without running `npm run db:diff -- <name>`.
    const root = tempRoot();
    cpSync(MIGRATIONS_ROOT, root, { recursive: true });
    const results = await createMigration('unchanged', { migrationsRoot: root, postgresUrl: TEST_POSTGRES_URL });
    expect(results).toEqual([
      { provider: 'sqlite', directory: undefined },
      { provider: 'postgresql', directory: undefined },
    ]);
    expect(readdirSync(join(root, 'sqlite')).sort()).toEqual(readdirSync(migrationsDir('sqlite')).sort());
  });

  it.skipIf(SKIP_POSTGRES)('writes a first migration, its snapshot and Prisma lock file for each provider', async () => {
    const root = tempRoot();
    const now = new Date('2030-01-02T03:04:05Z');
    const results = await createMigration('First try', { migrationsRoot: root, postgresUrl: TEST_POSTGRES_URL, now });
    for (const provider of ['sqlite', 'postgresql'] as const) {
      const dir = join(root, provider, '20300102030405_first_try');
      expect(results.find((result) => result.provider === provider)?.directory).toBe(dir);
      expect(readFileSync(join(dir, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "Workspace"');
      expect(existsSync(join(root, provider, 'schema.snapshot.prisma'))).toBe(true);
      expect(readFileSync(join(root, provider, 'migration_lock.toml'), 'utf8')).toBe(
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
      );
    }
  });
});
