// Engine benchmark: commands per second and median / p99 latency of `vote` (participant lookup, voter
// lock, target check, budget and cap counts, insert, all under a delivery id) and of `addTouchpoint`, on
// the embedded SQLite default and on PostgreSQL, with 1 and 200 concurrent participants.
//
// Beside each case runs its FLOOR: the same driver (better-sqlite3 / pg) without Prisma and without the
// engine, issuing the same statements by hand in one transaction at the same concurrency. engine ÷ floor
// is what validation, the rules and the storage layer (the app's own store: src/db/operator-store.ts) cost
// on top of the database itself.
//
// Run: node --import tsx bench/engine.ts   (env: OPS per run, RUNS, VOTERS, PROVIDERS=sqlite,postgresql)
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Actor } from '../src/core/context.js';
import type { CommandInput } from '../src/core/commands.js';
import { Engine } from '../src/core/engine.js';
import { openStore } from '../src/db/operator-store.js';
import { parseDatabaseUrl, pgPoolConfig, type Provider } from '../src/db/client.js';
import { freshDatabase, SKIP_POSTGRES, type TestDatabase } from '../test/helpers/database.js';

const OPS = Number(process.env.OPS ?? 2000); // commands per measured run
const RUNS = Number(process.env.RUNS ?? 3); // measured runs, after one warm-up run
const VOTERS = Number(process.env.VOTERS ?? 200); // the "many at once" concurrency
const BUDGET = 20; // LIMITS.voteBudget: the largest budget a workshop may have
const OBSERVATIONS = BUDGET; // cap 1 per item, so a voter spends the whole budget on distinct items
const PG_POOL = 10; // the app's default pool size (openDatabase), used by the floor too

type Command = 'vote' | 'addTouchpoint';
type Impl = 'engine' | 'floor';

interface Stats { opsPerSec: number; median: number; p99: number; refused: number }

// ---------------------------------------------------------------------------------------------------
// The workshop every case writes into: in the evaluation step, one stage, one channel, 20 observations.

interface Fixture {
  db: TestDatabase;
  engine: Engine;
  workspaceId: string;
  workshopId: string;
  stageId: string;
  observations: string[];
  actor(userId: string): Actor;
  /** A timestamp as Prisma writes it: ISO text on SQLite (its default format), a Date for pg. */
  now(): unknown;
}

async function setUp(provider: Provider): Promise<Fixture> {
  const db = await freshDatabase(provider);
  const store = openStore(db);
  const engine = new Engine(store);
  const workspaceId = (await store.ensureWorkspace('bench', 'B1', 'Bench')).id;
  const actor = (userId: string): Actor => ({ workspaceId, userId, displayName: userId });
  const ok = async <R>(command: CommandInput, userId = 'FAC'): Promise<R> => {
    const outcome = await engine.execute<R>(actor(userId), command);
    if (!outcome.ok) throw new Error(`${command.type} refused during set-up: ${outcome.error.code}`);
    return outcome.result;
  };
  const { workshopId } = await ok<{ workshopId: string }>({
    type: 'createWorkshop', title: 'Bench', language: 'en', voteBudget: BUDGET, voteCap: 1,
    departments: [{ name: 'Sales' }], persona: { name: 'Pat' }, goal: 'Buy a sofa',
  });
  const advance = () => ok({ type: 'advanceStep', workshopId });
  await advance(); await advance();
  const { stageId } = await ok<{ stageId: string }>({ type: 'addStage', workshopId, label: 'Pick-up', phase: 'after' });
  await advance();
  await ok({ type: 'addTouchpoint', workshopId, stageId, channel: 'Store' });
  await advance();
  const observations: string[] = [];
  for (let i = 0; i < OBSERVATIONS; i++) {
    observations.push((await ok<{ observationId: string }>({ type: 'addObservation', workshopId, kind: 'irritant', text: `Irritant ${i}`, stageId })).observationId);
  }
  const now = provider === 'sqlite' ? () => new Date().toISOString() : () => new Date();
  return { db, engine, workspaceId, workshopId, stageId, observations, actor, now };
}

/** Joins `count` fresh participants (untimed) and returns their user ids. */
async function joinVoters(f: Fixture, prefix: string, count: number): Promise<string[]> {
  const users = Array.from({ length: count }, (_, i) => `${prefix}_${i}`);
  for (const userId of users) {
    const outcome = await f.engine.execute(f.actor(userId), { type: 'join', workshopId: f.workshopId });
    if (!outcome.ok) throw new Error(`join refused: ${outcome.error.code}`);
  }
  return users;
}

// ---------------------------------------------------------------------------------------------------
// One operation = one command by one participant. A run is a list of waves; every op of a wave starts at
// once (that is the concurrency) and the next wave starts when all are done. Latency counts from the
// moment the op was submitted, so waiting behind the others of its wave is part of it.

interface Op { userId: string; observationId: string; deliveryId: string }
type Execute = (command: Command, op: Op) => Promise<boolean>; // true = accepted

/** OPS ops over ceil(OPS / BUDGET) voters at `concurrency`: each voter's k-th vote goes to observation k. */
function plan(users: string[], observations: string[], concurrency: number, tag: string): Op[][] {
  const votesEach = Math.ceil(OPS / users.length);
  const ops: Op[] = [];
  for (let k = 0; k < votesEach; k++) {
    for (const userId of users) {
      if (ops.length < OPS) ops.push({ userId, observationId: observations[k]!, deliveryId: `${tag}-${ops.length}` });
    }
  }
  const waves: Op[][] = [];
  for (let i = 0; i < ops.length; i += concurrency) waves.push(ops.slice(i, i + concurrency));
  return waves;
}

async function runWaves(command: Command, waves: Op[][], execute: Execute): Promise<{ ms: number[]; wallMs: number; refused: number }> {
  const ms: number[] = [];
  let refused = 0;
  const start = performance.now();
  for (const wave of waves) {
    const submitted = performance.now();
    await Promise.all(wave.map(async (op) => {
      if (!(await execute(command, op))) refused += 1;
      ms.push(performance.now() - submitted);
    }));
  }
  return { ms, wallMs: performance.now() - start, refused };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A warm-up run then RUNS measured runs; latencies pooled over the measured runs, throughput = median run. */
async function measure(f: Fixture, command: Command, impl: Impl, concurrency: number, execute: Execute): Promise<Stats> {
  const ms: number[] = [];
  const rates: number[] = [];
  let refused = 0;
  for (let run = 0; run <= RUNS; run++) {
    const tag = `${impl}-${command}-c${concurrency}-r${run}`;
    // Voters spend their budget: fresh ones each run (a vote needs ≥ OPS / BUDGET of them).
    const users = await joinVoters(f, tag, Math.max(Math.min(concurrency, OPS), Math.ceil(OPS / BUDGET)));
    const result = await runWaves(command, plan(users, f.observations, concurrency, tag), execute);
    refused += result.refused;
    if (run === 0) continue; // warm-up: JIT, statement caches, pool connections
    ms.push(...result.ms);
    rates.push((result.ms.length / result.wallMs) * 1000);
  }
  ms.sort((a, b) => a - b);
  rates.sort((a, b) => a - b);
  return { opsPerSec: quantile(rates, 0.5), median: quantile(ms, 0.5), p99: quantile(ms, 0.99), refused };
}

// ---------------------------------------------------------------------------------------------------
// The engine side: exactly what an adapter does for an incoming click.

function engineExecute(f: Fixture): Execute {
  return async (command, op) => {
    const input: CommandInput = command === 'vote'
      ? { type: 'vote', workshopId: f.workshopId, target: { observationId: op.observationId } }
      : { type: 'addTouchpoint', workshopId: f.workshopId, stageId: f.stageId, channel: 'Store', description: `By ${op.userId}` };
    const outcome = await f.engine.execute(f.actor(op.userId), input, { deliveryId: op.deliveryId });
    return outcome.ok;
  };
}

// ---------------------------------------------------------------------------------------------------
// The floor: the engine's statements for each command, written by hand, in one transaction. The SQL uses
// `?` placeholders; the pg driver gets them renumbered to $1, $2, ….

type Row = Record<string, unknown>;
type Query = (sql: string, params: unknown[]) => Promise<Row[]>;

interface FloorDriver {
  transaction<T>(work: (q: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The vote path of evaluation.ts / engine.ts / prisma-store.ts, statement for statement. Returns accepted. */
async function floorVote(q: Query, f: Fixture, op: Op): Promise<boolean> {
  const ws = f.workspaceId;
  const claimed = await claim(q, f, op.deliveryId);
  if (!claimed) return true;
  const [workshop] = await q('SELECT * FROM "Workshop" WHERE "id" = ? AND "workspaceId" = ? LIMIT 1', [f.workshopId, ws]);
  const [voter] = await q('SELECT * FROM "Participant" WHERE "workshopId" = ? AND "userId" = ? AND "workspaceId" = ? LIMIT 1', [f.workshopId, op.userId, ws]);
  if (!workshop || !voter) throw new Error('floor: workshop or participant missing');
  await q('UPDATE "Participant" SET "voteSeq" = "voteSeq" + 1 WHERE "id" = ? AND "workspaceId" = ?', [voter.id, ws]);
  const [target] = await q('SELECT * FROM "Observation" WHERE "id" = ? AND "workspaceId" = ? LIMIT 1', [op.observationId, ws]);
  if (!target) throw new Error('floor: observation missing');
  const [used] = await q('SELECT COUNT(*) AS n FROM "Vote" WHERE "participantId" = ? AND "step" = ? AND "workspaceId" = ?', [voter.id, 'evaluation', ws]);
  const [onItem] = await q('SELECT COUNT(*) AS n FROM "Vote" WHERE "participantId" = ? AND "observationId" = ? AND "workspaceId" = ?', [voter.id, op.observationId, ws]);
  if (Number(used!.n) >= Number(workshop.voteBudget) || Number(onItem!.n) >= Number(workshop.voteCap)) return false;
  await q('INSERT INTO "Vote" ("id", "workspaceId", "workshopId", "participantId", "step", "observationId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)',
    [randomUUID(), ws, f.workshopId, voter.id, 'evaluation', op.observationId, f.now()]);
  await complete(q, ws, op.deliveryId, JSON.stringify({ ok: true, type: 'vote', result: { remaining: 0, onItem: 1 } }));
  return true;
}

/** The addTouchpoint path (touchpoints.ts): stage, channels, insert. */
async function floorTouchpoint(q: Query, f: Fixture, op: Op): Promise<boolean> {
  const ws = f.workspaceId;
  if (!(await claim(q, f, op.deliveryId))) return true;
  const [workshop] = await q('SELECT * FROM "Workshop" WHERE "id" = ? AND "workspaceId" = ? LIMIT 1', [f.workshopId, ws]);
  const [author] = await q('SELECT * FROM "Participant" WHERE "workshopId" = ? AND "userId" = ? AND "workspaceId" = ? LIMIT 1', [f.workshopId, op.userId, ws]);
  const [stage] = await q('SELECT * FROM "Stage" WHERE "id" = ? AND "workspaceId" = ? LIMIT 1', [f.stageId, ws]);
  const channels = await q('SELECT * FROM "Channel" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position" ASC', [f.workshopId, ws]);
  if (!workshop || !author || !stage || !channels[0]) throw new Error('floor: set-up rows missing');
  const id = randomUUID();
  await q('INSERT INTO "Touchpoint" ("id", "workspaceId", "workshopId", "stageId", "channelId", "description", "authorId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [id, ws, f.workshopId, stage.id, channels[0].id, `By ${op.userId}`, author.id, f.now()]);
  await complete(q, ws, op.deliveryId, JSON.stringify({ ok: true, type: 'addTouchpoint', result: { touchpointId: id } }));
  return true;
}

async function claim(q: Query, f: Fixture, deliveryId: string): Promise<boolean> {
  const inserted = await q('INSERT INTO "ProcessedDelivery" ("workspaceId", "deliveryId", "result", "createdAt") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1 AS x', [f.workspaceId, deliveryId, '', f.now()]);
  return inserted.length === 1;
}

async function complete(q: Query, ws: string, deliveryId: string, result: string): Promise<void> {
  await q('UPDATE "ProcessedDelivery" SET "result" = ? WHERE "workspaceId" = ? AND "deliveryId" = ?', [result, ws, deliveryId]);
}

/**
 * better-sqlite3 on the same file, one connection like the Prisma adapter's. Its calls are synchronous,
 * but the transaction body awaits, so transactions are queued one after another (the adapter does the
 * same with a mutex). Statements are prepared once and cached: the best this driver can do.
 */
function sqliteFloor(file: string): FloorDriver {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const cache = new Map<string, Database.Statement>();
  const query: Query = async (sql, params) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement.reader ? (statement.all(...params) as Row[]) : (statement.run(...params), []);
  };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    transaction(work) {
      const run = queue.then(async () => {
        db.exec('BEGIN');
        try {
          const result = await work(query);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      });
      queue = run.catch(() => {});
      return run;
    },
    close: async () => { db.close(); },
  };
}

/** node-postgres with a pool of the app's default size, on the same schema. */
function postgresFloor(rawUrl: string): FloorDriver {
  const target = parseDatabaseUrl(rawUrl);
  if (target.provider !== 'postgresql') throw new Error('not a PostgreSQL URL');
  const pool = new pg.Pool(pgPoolConfig(target, PG_POOL));
  const numbered = new Map<string, string>();
  const renumber = (sql: string) => {
    let text = numbered.get(sql);
    if (!text) { let n = 0; numbered.set(sql, (text = sql.replace(/\?/g, () => `$${++n}`))); }
    return text;
  };
  return {
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(async (sql, params) => (await client.query(renumber(sql), params)).rows as Row[]);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function floorExecute(f: Fixture, driver: FloorDriver): Execute {
  return (command, op) => driver.transaction((q) => (command === 'vote' ? floorVote(q, f, op) : floorTouchpoint(q, f, op)));
}

// ---------------------------------------------------------------------------------------------------

interface Result { provider: Provider; command: Command; concurrency: number; engine: Stats; floor: Stats }

async function benchProvider(provider: Provider): Promise<Result[]> {
  const f = await setUp(provider);
  const target = parseDatabaseUrl(f.db.rawUrl);
  const driver = target.provider === 'sqlite' ? sqliteFloor(target.file) : postgresFloor(f.db.rawUrl);
  const rows: Result[] = [];
  try {
    const accepted = { vote: 0 };
    for (const command of ['vote', 'addTouchpoint'] as const) {
      for (const concurrency of [1, VOTERS]) {
        const engine = await measure(f, command, 'engine', concurrency, engineExecute(f));
        const floor = await measure(f, command, 'floor', concurrency, floorExecute(f, driver));
        if (command === 'vote') accepted.vote += 2 * (RUNS + 1) * OPS - engine.refused - floor.refused;
        rows.push({ provider, command, concurrency, engine, floor });
        printRow(rows.at(-1)!);
      }
    }
    // Every accepted vote is stored, once: nothing lost, nothing doubled.
    const stored = await f.db.prisma.vote.count({ where: { workshopId: f.workshopId } });
    if (stored !== accepted.vote) throw new Error(`${provider}: ${stored} votes stored, ${accepted.vote} accepted`);
    console.log(`  ${provider}: ${stored} votes stored = ${accepted.vote} accepted ✓`);
  } finally {
    await driver.close();
    await f.db.close();
  }
  return rows;
}

const HEADER = '| db | command | conc. | engine cmd/s | median ms | p99 ms | floor cmd/s | median ms | p99 ms | engine ÷ floor |';

function printRow(r: Result): void {
  const s = (x: Stats) => `${Math.round(x.opsPerSec)} | ${x.median.toFixed(2)} | ${x.p99.toFixed(2)}`;
  const refused = r.engine.refused + r.floor.refused ? ` (refused: engine ${r.engine.refused}, floor ${r.floor.refused})` : '';
  console.log(`| ${r.provider} | ${r.command} | ${r.concurrency} | ${s(r.engine)} | ${s(r.floor)} | ${(r.floor.opsPerSec / r.engine.opsPerSec).toFixed(1)}× |${refused}`);
}

export async function main(): Promise<Result[]> {
  const providers = (process.env.PROVIDERS?.split(',') ?? ['sqlite', 'postgresql']) as Provider[];
  console.log(`engine bench: ${OPS} commands per run, 1 warm-up + ${RUNS} runs, concurrency 1 and ${VOTERS}; budget ${BUDGET}, pg pool ${PG_POOL}`);
  console.log(HEADER);
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const rows: Result[] = [];
  for (const provider of providers) {
    if (provider === 'postgresql' && SKIP_POSTGRES) { console.log('  postgresql skipped (PARCOURS_SKIP_POSTGRES=1)'); continue; }
    rows.push(...(await benchProvider(provider)));
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
