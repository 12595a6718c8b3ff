import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabase, isRetryableConflict, openDatabase, parseDatabaseUrl, redactUrl } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { freshDatabase, providers, SKIP_POSTGRES, type TestDatabase } from '../helpers/database.js';

describe('DATABASE_URL', () => {
  it('defaults to the embedded SQLite file under ./data', () => {
    for (const url of [undefined, '', '  ']) {
      expect(parseDatabaseUrl(url)).toMatchObject({ provider: 'sqlite', file: resolve('data/parcours.db') });
    }
  });

  it('creates the directory of a SQLite file on first start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-open-'));
    try {
      const db = await openDatabase(`file:${join(dir, 'nested', 'parcours.db')}`);
      await checkDatabase(db);
      await db.close();
      expect(existsSync(join(dir, 'nested', 'parcours.db'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unsupported URL with a message naming DATABASE_URL, without its password', async () => {
    const attempt = openDatabase('mysql://admin:hunter2@db.example.com/parcours');
    await expect(attempt).rejects.toThrow(/DATABASE_URL "mysql:\/\/admin:\*\*\*@db\.example\.com\/parcours" is not supported/);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
    expect(() => parseDatabaseUrl('parcours.db')).toThrow(/DATABASE_URL/);
  });

  it('recognises both PostgreSQL spellings and takes ?schema= out of the driver URL', () => {
    const target = parseDatabaseUrl('postgres://app:s3cret@db:5432/parcours?schema=tenant_a&sslmode=require');
    expect(target).toMatchObject({ provider: 'postgresql', schema: 'tenant_a', url: 'postgres://app:***@db:5432/parcours?schema=tenant_a&sslmode=require' });
    expect(target.provider === 'postgresql' && target.connectionString).toBe('postgres://app:s3cret@db:5432/parcours?sslmode=require');
    expect(parseDatabaseUrl('postgresql:///test?host=/var/run/postgresql')).toMatchObject({ provider: 'postgresql', schema: undefined });
  });

  it('redacts passwords for display', () => {
    expect(redactUrl('postgres://user:pa:ss@host/db')).toBe('postgres://user:***@host/db');
    expect(redactUrl('postgresql://user:p%40ss@host:5432/db?schema=x')).toBe('postgresql://user:***@host:5432/db?schema=x');
    expect(redactUrl('postgresql://user@host/db')).toBe('postgresql://user@host/db');
    expect(redactUrl('postgresql://host/db?user=u&password=secret')).toBe('postgresql://host/db?user=u&password=***');
    expect(redactUrl('file:./data/parcours.db')).toBe('file:./data/parcours.db');
  });

  it('keeps the password out of migration errors too', async () => {
    const attempt = applyMigrations('postgresql://app:hunter2@127.0.0.1:1/none');
    await expect(attempt).rejects.toThrow();
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });
});

describe.each(providers)('openDatabase on %s', (provider) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('answers the health check and shows a URL without password', async () => {
    db = await freshDatabase(provider);
    expect(db.provider).toBe(provider);
    await expect(checkDatabase(db)).resolves.toBeUndefined();
    await expect(checkDatabase(db.prisma)).resolves.toBeUndefined();
    expect(db.url).not.toMatch(/:[^:/@*]+@/);
  });

  it('does not treat ordinary errors as retryable conflicts', async () => {
    db = await freshDatabase(provider);
    await db.prisma.workspace.create({ data: { platform: 'slack', externalId: 'T1' } });
    const duplicate = await db.prisma.workspace.create({ data: { platform: 'slack', externalId: 'T1' } }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(Error);
    expect(isRetryableConflict(duplicate)).toBe(false);
    expect(isRetryableConflict(new Error('boom'))).toBe(false);
    expect(isRetryableConflict(undefined)).toBe(false);
  });
});

describe('SQLite', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('runs in WAL mode with busy timeout 0', async () => {
    db = await freshDatabase('sqlite');
    const [journal] = await db.prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [busy] = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>('PRAGMA busy_timeout');
    expect(journal?.journal_mode).toBe('wal');
    expect(Number(Object.values(busy ?? {})[0])).toBe(0);
  });

  it('reports a write while another connection holds the write lock as a retryable conflict', async () => {
    db = await freshDatabase('sqlite');
    const other = await db.secondClient();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.prisma.$transaction(async (tx) => {
      await tx.workspace.create({ data: { platform: 'slack', externalId: 'holder' } });
      locked();
      await held;
    });
    await lockTaken;
    try {
      const model = await other.prisma.workspace.create({ data: { platform: 'slack', externalId: 'model' } }).catch((e: unknown) => e);
      const raw = await other.prisma
        .$executeRawUnsafe(`INSERT INTO "Workspace" (id, platform, "externalId") VALUES ('raw', 'slack', 'raw')`)
        .catch((e: unknown) => e);
      const interactive = await other.prisma
        .$transaction(async (tx) => tx.workspace.create({ data: { platform: 'slack', externalId: 'itx' } }))
        .catch((e: unknown) => e);
      for (const error of [model, raw, interactive]) {
        expect(error).toBeInstanceOf(Error);
        expect(isRetryableConflict(error)).toBe(true);
      }
    } finally {
      release();
      await holder;
    }
    expect(await other.prisma.workspace.count()).toBe(1);
  });
});

describe.skipIf(SKIP_POSTGRES)('PostgreSQL', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('works inside the schema named by ?schema=', async () => {
    db = await freshDatabase('postgresql');
    const schema = new URL(db.rawUrl).searchParams.get('schema');
    const [row] = await db.prisma.$queryRawUnsafe<{ schema: string }[]>('SELECT current_schema() AS schema');
    expect(row?.schema).toBe(schema);
    await db.prisma.workspace.create({ data: { platform: 'slack', externalId: 'T1' } });
    const [count] = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${schema}"."Workspace"`);
    expect(count?.n).toBe(1);
  });

  it('reports a serialization failure between two clients as a retryable conflict', async () => {
    db = await freshDatabase('postgresql');
    const other = await db.secondClient();
    const ws = await db.prisma.workspace.create({ data: { platform: 'slack', externalId: 'T1' } });
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    let proceed!: () => void;
    const go = new Promise<void>((resolve) => (proceed = resolve));

    // Both serializable transactions read the row; the second commits an update first, so the first's
    // update must fail with 40001.
    const first = db.prisma
      .$transaction(
        async (tx) => {
          await tx.workspace.findUnique({ where: { id: ws.id } });
          readDone();
          await go;
          await tx.workspace.update({ where: { id: ws.id }, data: { name: 'first' } });
        },
        { isolationLevel: 'Serializable' },
      )
      .catch((e: unknown) => e);
    await read;
    await other.prisma.$transaction(
      async (tx) => {
        await tx.workspace.findUnique({ where: { id: ws.id } });
        await tx.workspace.update({ where: { id: ws.id }, data: { name: 'second' } });
      },
      { isolationLevel: 'Serializable' },
    );
    proceed();
    const error = await first;
    expect(error).toBeInstanceOf(Error);
    expect(isRetryableConflict(error)).toBe(true);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.id } })).name).toBe('second');
  });
});
