// The SQLite store writes through better-sqlite3 while the schema, the migrations and the other
// repositories are Prisma's: rows written by either must read the same through the other, and the
// store's transactions must hold when another connection writes to the same file.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { Queries } from '../../src/core/queries.js';
import type { Store } from '../../src/core/store.js';
import type { WorkshopData } from '../../src/core/records.js';
import { parseDatabaseUrl } from '../../src/db/client.js';
import { PrismaStore } from '../../src/db/prisma-store.js';
import { SqliteStore } from '../../src/db/sqlite-store.js';
import { Conversations } from '../../src/db/conversations.js';
import { openStore } from '../../src/db/operator-store.js';
import { runDemo } from '../../src/demo/run-demo.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase | undefined;
afterEach(async () => { await db?.close(); db = undefined; });

function sqliteStore(database: TestDatabase): SqliteStore {
  if (database.raw.provider !== 'sqlite') throw new Error('expected a SQLite database');
  return new SqliteStore(database.raw.connection);
}

/** Holds SQLite's write lock from another connection, as the store or another process would. */
function lockFromAnotherConnection(database: TestDatabase): { release(): void } {
  const target = parseDatabaseUrl(database.rawUrl);
  if (target.provider !== 'sqlite') throw new Error('expected a SQLite file');
  const other = new Database(target.file);
  other.exec('BEGIN IMMEDIATE');
  return { release: () => { if (!other.open) return; if (other.inTransaction) other.exec('COMMIT'); other.close(); } };
}

/** Arrays compared as sets where neither store promises an order, or only by a timestamp that can tie. */
function canonical(data: WorkshopData): unknown {
  const sorted = <T>(items: T[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    ...data,
    deadlines: sorted(data.deadlines), participants: sorted(data.participants), touchpoints: sorted(data.touchpoints), observations: sorted(data.observations),
    votes: sorted(data.votes), emotions: sorted(data.emotions), solutionRatings: sorted(data.solutionRatings), roadmapItems: sorted(data.roadmapItems),
    solutions: sorted(data.solutions.map((s) => ({ ...s, addresses: [...s.addresses].sort() }))),
  };
}

async function everything(store: Store, workspaceId: string, workshopId: string): Promise<WorkshopData> {
  const data = await store.transaction(workspaceId, (tx) => tx.loadWorkshop(workshopId));
  if (!data) throw new Error(`workshop ${workshopId} not found`);
  return data;
}

/** The demo's two journeys written through `writer`, with a deadline on top. */
async function writeDemo(writer: Store) {
  const engine = new Engine(writer);
  const result = await runDemo(engine, new Queries(writer), writer, 'fr');
  const workspace = await writer.ensureWorkspace('local', 'demo');
  const workshopId = result.workshopIds[0];
  // The demo closes its workshops; a deadline is written through the store itself.
  const dueAt = new Date('2026-12-01T17:00:00.000Z');
  await writer.transaction(workspace.id, (tx) => tx.setDeadline(workshopId, 'roadmap', dueAt));
  return { workspaceId: workspace.id, workshopIds: result.workshopIds, dueAt };
}

describe('SqliteStore and the Prisma client on one SQLite file', () => {
  it.each([
    ['SqliteStore', 'PrismaStore'],
    ['PrismaStore', 'SqliteStore'],
  ] as const)('what %s writes, %s reads the same', async (writerName, readerName) => {
    db = await freshDatabase('sqlite');
    const stores = { SqliteStore: sqliteStore(db), PrismaStore: new PrismaStore(db) };
    const { workspaceId, workshopIds, dueAt } = await writeDemo(stores[writerName]);

    for (const workshopId of workshopIds) {
      const written = await everything(stores[writerName], workspaceId, workshopId);
      const read = await everything(stores[readerName], workspaceId, workshopId);
      expect(canonical(read)).toEqual(canonical(written));
      // Not vacuous: the demo filled every part of the workshop.
      for (const part of ['stages', 'channels', 'touchpoints', 'observations', 'votes', 'emotions', 'solutions', 'solutionRatings', 'roadmapItems'] as const) {
        expect(read[part].length, `${workshopId} ${part}`).toBeGreaterThan(0);
      }
      expect(read.workshop.createdAt).toBeInstanceOf(Date);
      expect(read.persona?.name).toBeTruthy();
      expect(read.goal).toBeTruthy();
    }
    // Rows keyed by their workshop carry their workspace too, whichever store wrote them.
    for (const table of ['Persona', 'Goal', 'StepDeadline', 'SolutionObservation']) {
      const rows = await db.prisma.$queryRawUnsafe<{ workspaceId: string }[]>(`SELECT DISTINCT "workspaceId" FROM "${table}"`);
      expect(rows, `${writerName} writing ${table}`).toEqual([{ workspaceId }]);
    }
    const first = await everything(stores[readerName], workspaceId, workshopIds[0]);
    expect(first.deadlines).toEqual([{ step: 'roadmap', dueAt }]);
    expect(first.observations.some((o) => o.momentOfTruth)).toBe(true);
    expect(first.solutions.some((s) => s.addresses.length > 0)).toBe(true);
    const ids = new Set(workshopIds);
    expect((await stores[readerName].allWorkshops()).filter((w) => ids.has(w.id))).toHaveLength(2);
    expect(await stores[readerName].workspaceOfWorkshop(workshopIds[1])).toBe(workspaceId);
  }, 60_000);

  it('is what the application opens on SQLite', async () => {
    db = await freshDatabase('sqlite');
    expect(openStore(db)).toBeInstanceOf(SqliteStore);
  });

  it('rolls a failed transaction back entirely', async () => {
    db = await freshDatabase('sqlite');
    const store = sqliteStore(db);
    const { id: workspaceId } = await store.ensureWorkspace('test', 'T1');
    const failing = store.transaction(workspaceId, async (tx) => {
      await tx.createWorkshop({ title: 'Half', scope: '', language: 'en', mode: 'async', journey: 'current', basis: 'data', anonymous: false, voteBudget: 3, voteCap: 1, sourceWorkshopId: null });
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await store.transaction(workspaceId, (tx) => tx.listWorkshops())).toEqual([]);
    // The connection is usable afterwards.
    const created = await store.transaction(workspaceId, (tx) => tx.createWorkshop({
      title: 'Whole', scope: '', language: 'fr', mode: 'live', journey: 'current', basis: 'staff', anonymous: true, voteBudget: 5, voteCap: 2, sourceWorkshopId: null,
    }));
    expect(created).toMatchObject({ title: 'Whole', anonymous: true, step: 'framing', status: 'open', version: 0, voteBudget: 5 });
  });

  it('waits out another connection holding the write lock, then applies the command once', async () => {
    db = await freshDatabase('sqlite');
    const store = sqliteStore(db);
    const { id: workspaceId } = await store.ensureWorkspace('test', 'T1');
    const lock = lockFromAnotherConnection(db);
    try {
      const engine = new Engine(store);
      const pending = engine.execute({ workspaceId, userId: 'FAC' }, { type: 'createWorkshop', title: 'Blocked', language: 'en' }, { deliveryId: 'd1' });
      let settled = false;
      void pending.then(() => { settled = true; });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(settled).toBe(false);
      lock.release();
      const outcome = await pending;
      expect(outcome.ok).toBe(true);
      const replay = await engine.execute({ workspaceId, userId: 'FAC' }, { type: 'createWorkshop', title: 'Blocked', language: 'en' }, { deliveryId: 'd1' });
      expect(replay).toMatchObject({ ok: true, replayed: true });
      expect((await store.transaction(workspaceId, (tx) => tx.listWorkshops())).map((w) => w.title)).toEqual(['Blocked']);
    } finally {
      lock.release();
    }
  });

  it('lets the Prisma repositories wait out a write lock held elsewhere', async () => {
    db = await freshDatabase('sqlite');
    const store = sqliteStore(db);
    const { id: workspaceId } = await store.ensureWorkspace('slack', 'T1');
    const { workshopId } = await store.transaction(workspaceId, async (tx) => ({ workshopId: (await tx.createWorkshop({
      title: 'Chat', scope: '', language: 'en', mode: 'async', journey: 'current', basis: 'data', anonymous: false, voteBudget: 3, voteCap: 1, sourceWorkshopId: null,
    })).id }));
    const conversations = new Conversations(db.prisma);
    const lock = lockFromAnotherConnection(db);
    try {
      const pending = conversations.create(workspaceId, workshopId, 'slack', 'C1');
      await new Promise((resolve) => setTimeout(resolve, 50));
      lock.release();
      await pending;
      expect(await conversations.get(workspaceId, workshopId)).toMatchObject({ workshopId, platform: 'slack', conversationId: 'C1' });
    } finally {
      lock.release();
    }
  });
});
