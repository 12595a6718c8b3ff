// Store.castVote on PostgreSQL, straight on the pg pool: the fewest round trips that keep the budget
// safe. Through Prisma the same work costs several times more.
//
// The usual click (a voter who already joined) takes a shortcut of two statements and no transaction: one
// read of everything a decision needs, the voter's "voteSeq" and whether the workshop's refresh job waits
// included; then one statement that writes only if that "voteSeq" is still the one read (a compare-and-swap
// on the voter's row: it waits for a concurrent vote of the same voter, then finds the number moved) and
// the job still waits, and that claims the delivery, inserts the vote and locks the job together. A single
// statement commits all of it or nothing, and the job, locked until then, runs after it. No job waiting
// (the first vote of a burst): one is recorded first, on its own, then the vote. The swap failed (the same
// person clicking twice at once), a newcomer to join, a re-delivery: nothing was written, and the
// transaction below does the work. The clicks on one workshop made at once go together (read-batches.ts): their
// reads in one statement, then their writes in one statement, one commit for many votes; fifty clicks are a few
// statements, not a hundred. Each round trip saved is also a wait for a pooled connection saved,
// which 50 clicks at once queue for (bench/README.md, "Teams").
//
// The transaction: the voter's row is locked by an UPDATE before the counts are read; under READ COMMITTED
// each statement sees what committed before it started, so the counts include every concurrent vote of
// the same voter that got the lock first. The delivery claim rides with the workshop read, and the counts
// ride with the voter's lock. The counts of that UPDATE's RETURNING are read from the statement's snapshot,
// taken before it waited for the lock, so they are used only when the voter's "voteSeq" moved by exactly our
// increment since that snapshot: every vote is cast under that increment, so no vote of this voter
// committed unseen. Otherwise (the same person clicking twice at once) the counts are read again, after the
// lock, as before.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { JobRequest, VoteRequest, VoteResult, VoteRules } from '../core/store.js';
import type { Role, VotingStep } from '../core/vocabulary.js';
import { votingWorkshop, type WorkshopRow } from './vote-writer-sqlite.js';
import { TxJobs, type JobOutbox } from './jobs/outbox.js';
import { prepared } from './pg-prepared.js';
import { ReadBatches } from './read-batches.js';

const SQL = {
  claimAndWorkshop: `WITH c AS (
      INSERT INTO "ProcessedDelivery" ("workspaceId", "deliveryId", "result") VALUES ($3, $4, '') ON CONFLICT DO NOTHING RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM c) AS "claimed", w.* FROM (SELECT 1) AS one LEFT JOIN (WORKSHOP) AS w ON true`,
  replay: 'SELECT "result" FROM "ProcessedDelivery" WHERE "workspaceId" = $1 AND "deliveryId" = $2',
  workshop: `SELECT w."status", w."step", w."title", w."voteBudget", w."voteCap", p."role",
      (SELECT d."id" FROM "Department" d WHERE d."workshopId" = w."id" AND d."headUserId" = $1 ORDER BY d."position" LIMIT 1) AS "headed",
      (SELECT s."timerEnded" FROM "StepState" s WHERE s."workshopId" = w."id" AND s."step" = w."step") AS "timerEnded"
    FROM "Workshop" w LEFT JOIN "Participant" p ON p."workshopId" = w."id" AND p."userId" = $1
    WHERE w."id" = $2 AND w."workspaceId" = $3`,
  join: `INSERT INTO "Participant" ("id", "workspaceId", "workshopId", "userId", "displayName", "role", "departmentId")
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("workshopId", "userId") DO NOTHING`,
  lockAndObservationFacts: lockAndFacts('Observation', 'observationId'),
  lockAndSolutionFacts: lockAndFacts('Solution', 'solutionId'),
  observationFacts: `SELECT
      EXISTS (SELECT 1 FROM "Observation" WHERE "id" = $1 AND "workshopId" = $2 AND "workspaceId" = $3) AS "found",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = $4 AND "step" = $5)::int AS "used",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = $4 AND "observationId" = $1)::int AS "onItem"`,
  solutionFacts: `SELECT
      EXISTS (SELECT 1 FROM "Solution" WHERE "id" = $1 AND "workshopId" = $2 AND "workspaceId" = $3) AS "found",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = $4 AND "step" = $5)::int AS "used",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = $4 AND "solutionId" = $1)::int AS "onItem"`,
  // The vote and the delivery's outcome in one statement: one round trip fewer on the hot path.
  voteAndComplete: `WITH v AS (
      INSERT INTO "Vote" ("id", "workspaceId", "workshopId", "participantId", "step", "observationId", "solutionId")
      VALUES ($1, $2, $3, $4, $5, $6, $7))
    UPDATE "ProcessedDelivery" SET "result" = $8 WHERE "workspaceId" = $2 AND "deliveryId" = $9`,
} as const;

/**
 * The shortcut's read, for several clicks on one workshop at once (read-batches.ts): per click ($1 the users,
 * $4 the targets, $5 the deliveries, arrays in the same order; a row each, in that order, numbered by `i`) what
 * SQL.workshop reads ($2 the workshop, $3 the workspace), the voter's row and counts in the workshop's current
 * step, the target, what a delivery recorded (null without one); and whether the job to coalesce with waits
 * (`waiting`, its parameters from $6; none: true). No row at all: the workshop is not this workspace's.
 */
function factsRead(table: 'Observation' | 'Solution', column: 'observationId' | 'solutionId', waiting: string | null): string {
  return `SELECT a."i", p."id" AS "voterId", p."voteSeq" AS "seq",
      (SELECT r."result" FROM "ProcessedDelivery" r WHERE r."workspaceId" = $3 AND r."deliveryId" = a."d") AS "recorded",
      EXISTS (SELECT 1 FROM "${table}" t WHERE t."id" = a."t" AND t."workshopId" = w."id" AND t."workspaceId" = $3) AS "found",
      (SELECT COUNT(*) FROM "Vote" v WHERE v."participantId" = p."id" AND v."step" = w."step")::int AS "used",
      (SELECT COUNT(*) FROM "Vote" v WHERE v."participantId" = p."id" AND v."${column}" = a."t")::int AS "onItem",
      ${waiting ? `EXISTS (${waiting})` : 'true'} AS "waiting",
      w."status", w."step", w."title", w."voteBudget", w."voteCap", p."role",
      (SELECT d."id" FROM "Department" d WHERE d."workshopId" = w."id" AND d."headUserId" = a."u" ORDER BY d."position" LIMIT 1) AS "headed",
      (SELECT s."timerEnded" FROM "StepState" s WHERE s."workshopId" = w."id" AND s."step" = w."step") AS "timerEnded"
    FROM unnest($1::text[], $4::text[], $5::text[]) WITH ORDINALITY AS a("u", "t", "d", "i")
      JOIN "Workshop" w ON w."id" = $2 AND w."workspaceId" = $3
      LEFT JOIN "Participant" p ON p."workshopId" = w."id" AND p."userId" = a."u"
    ORDER BY a."i"`;
}

type Facts = WorkshopRow & { voterId: string | null; seq: number; recorded: string | null; found: boolean; used: number; onItem: number; waiting: boolean };

/** One click's part of a batched facts read; the clicks of a batch share its statement and `shared` ($2, $3, $6…). */
interface FactsAsk { text: string; shared: readonly unknown[]; userId: string; targetId: string; deliveryId: string | null }

/**
 * The shortcut's write, for several clicks on one workshop at once, in one statement ($1 the workspace, $2 the
 * workshop; per click, arrays in the same order: $3 the vote's id, $4 the voter, $5 the step, $6 the observation,
 * $7 the solution, $8 the voter's "voteSeq" as read, $9 the delivery's outcome, $10 the delivery, null without
 * one; the lock's parameters from $11). Per click: the voter's "voteSeq" swapped from the one read to the next,
 * only while the job is waiting (`job`, locked until the statement commits); then the delivery claimed with its
 * outcome, when there is one; then the vote. Each step runs only on the clicks the one before went through, so
 * nothing of a click is written unless all of it is. Two clicks of one voter in a batch: one swaps, the other
 * finds nothing to swap and goes to the transaction. A row per click, numbered by `i`.
 */
function swapAndVote(job: string | null): string {
  return `WITH a AS (SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[])
      WITH ORDINALITY AS a("id", "voter", "step", "obs", "sol", "seq", "result", "delivery", "i")),
    ${job ? `j AS (${job}),` : ''}
    s AS (UPDATE "Participant" p SET "voteSeq" = p."voteSeq" + 1 FROM a
      WHERE p."id" = a."voter" AND p."workspaceId" = $1 AND p."voteSeq" = a."seq"${job ? ' AND EXISTS (SELECT 1 FROM j)' : ''} RETURNING a."i"),
    c AS (INSERT INTO "ProcessedDelivery" ("workspaceId", "deliveryId", "result")
      SELECT $1, a."delivery", a."result" FROM a JOIN s ON s."i" = a."i" WHERE a."delivery" IS NOT NULL ON CONFLICT DO NOTHING RETURNING "deliveryId"),
    v AS (INSERT INTO "Vote" ("id", "workspaceId", "workshopId", "participantId", "step", "observationId", "solutionId")
      SELECT a."id", $1, $2, a."voter", a."step", a."obs", a."sol" FROM a JOIN s ON s."i" = a."i"
      WHERE a."delivery" IS NULL OR a."delivery" IN (SELECT "deliveryId" FROM c) RETURNING "id")
    SELECT a."i", a."i" IN (SELECT "i" FROM s) AS "swapped", a."id" IN (SELECT "id" FROM v) AS "voted",
      ${job ? 'EXISTS (SELECT 1 FROM j)' : 'true'} AS "waiting"
    FROM a ORDER BY a."i"`;
}

/** What the write did of one click. */
interface Written { swapped: boolean; voted: boolean; waiting: boolean }

/**
 * One click's part of a batched write: the statement and the parameters its clicks share ($1, $2, $11…), and
 * its own row ($3–$10).
 */
interface WriteAsk { text: string; shared: readonly unknown[]; row: readonly unknown[] }

/** SQL.voteAndComplete, with the waiting job looked for and locked by `lock` in the same statement. */
function voteCompleteAndLock(lock: string): string {
  return `WITH v AS (
      INSERT INTO "Vote" ("id", "workspaceId", "workshopId", "participantId", "step", "observationId", "solutionId")
      VALUES ($1, $2, $3, $4, $5, $6, $7)),
    d AS (UPDATE "ProcessedDelivery" SET "result" = $8 WHERE "workspaceId" = $2 AND "deliveryId" = $9),
    j AS (${lock})
    SELECT EXISTS (SELECT 1 FROM j) AS "waiting"`;
}

/** The claim's statement reads the workshop as SQL.workshop does (its $1–$3 are the same). */
const CLAIM_AND_WORKSHOP = SQL.claimAndWorkshop.replace('WORKSHOP', SQL.workshop);

/** The voter's lock and, from the statement's snapshot, the facts a decision needs ($1 the workshop, $2 the user, $3 the workspace, $4 the target, $5 the step). */
function lockAndFacts(table: 'Observation' | 'Solution', column: 'observationId' | 'solutionId'): string {
  return `UPDATE "Participant" p SET "voteSeq" = p."voteSeq" + 1 WHERE p."workshopId" = $1 AND p."userId" = $2 AND p."workspaceId" = $3
    RETURNING p."id", p."voteSeq" AS "seq",
      (SELECT s."voteSeq" FROM "Participant" s WHERE s."id" = p."id") AS "seenSeq",
      EXISTS (SELECT 1 FROM "${table}" WHERE "id" = $4 AND "workshopId" = $1 AND "workspaceId" = $3) AS "found",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = p."id" AND "step" = $5)::int AS "used",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = p."id" AND "${column}" = $4)::int AS "onItem"`;
}

/** `jobs`: where the jobs of an applied vote are recorded, in its transaction (none: a vote with jobs is refused). */
export function postgresVoteWriter(pool: pg.Pool, jobs?: JobOutbox) {
  const shortcut = new Shortcut(pool, jobs);
  return async (workspaceId: string, r: VoteRequest, rules: VoteRules): Promise<{ replay: string } | VoteResult> => {
    const done = await shortcut.cast(workspaceId, r, rules);
    if (done) return done;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const txJobs = new TxJobs(jobs);
      const result = await castIn(client, workspaceId, r, rules, txJobs);
      await client.query('COMMIT');
      txJobs.committed();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
}

/** The two-statement shortcut (see the top of this file). */
class Shortcut {
  /** Jobs this process is recording for the shortcut now, by queue and key: a burst's votes share one. */
  private readonly recording = new Map<string, Promise<void>>();
  /** Statement texts by what they are built from (a few: a queue's keys and every value are parameters). */
  private readonly texts = new Map<string, string>();
  /**
   * The facts of clicks on one workshop asked for at once, read together (read-batches.ts): fifty clicks are then
   * a few reads instead of fifty, each read still starting after its clicks were made. Keyed by the statement
   * and every parameter the clicks share.
   */
  private readonly facts = new ReadBatches<FactsAsk, Facts | undefined>(async (_key, asks) => {
    const { text, shared } = asks[0]!;
    const rows = (await this.pool.query<Facts & { i: string }>(prepared(text, [
      asks.map((a) => a.userId), shared[0], shared[1], asks.map((a) => a.targetId), asks.map((a) => a.deliveryId), ...shared.slice(2),
    ]))).rows;
    const byNumber = new Map(rows.map((row) => [Number(row.i), row]));
    return asks.map((_, i) => byNumber.get(i + 1));
  });

  /**
   * The writes of clicks on one workshop made at once, in one statement too: one commit for many votes. Should
   * that statement fail (a row of one click refused), each click is written again on its own, so only its own fails.
   */
  private readonly writes = new ReadBatches<WriteAsk, { written: Written } | { error: unknown }>(async (_key, asks) => {
    try {
      return (await this.writeAll(asks)).map((written) => ({ written }));
    } catch (error) {
      if (asks.length === 1) return [{ error }];
      return Promise.all(asks.map(async (ask) => this.writeAll([ask]).then(([written]) => ({ written: written! }), (e: unknown) => ({ error: e }))));
    }
  });

  constructor(private readonly pool: pg.Pool, private readonly jobs: JobOutbox | undefined) {}

  private async writeAll(asks: readonly WriteAsk[]): Promise<Written[]> {
    const { text, shared } = asks[0]!;
    const column = (k: number) => asks.map((a) => a.row[k]);
    const rows = (await this.pool.query<Written & { i: string }>(prepared(text, [
      shared[0], shared[1], ...[0, 1, 2, 3, 4, 5, 6, 7].map(column), ...shared.slice(2),
    ]))).rows;
    const byNumber = new Map(rows.map((row) => [Number(row.i), row]));
    return asks.map((_, i) => {
      const row = byNumber.get(i + 1);
      if (!row) throw new Error('a batched vote write answered no row for a click');
      return row;
    });
  }

  private async write(text: string, shared: readonly unknown[], row: readonly unknown[]): Promise<Written> {
    const outcome = await this.writes.get(`${text}\u0000${JSON.stringify(shared)}`, { text, shared, row });
    if ('error' in outcome) throw outcome.error;
    return outcome.written;
  }

  /** The vote cast, or null when nothing was written and the transaction must do the work. */
  async cast(workspaceId: string, r: VoteRequest, rules: VoteRules): Promise<{ replay: string } | VoteResult | null> {
    const txJobs = new TxJobs(this.jobs);
    const requested = r.jobs ?? [];
    // Coalescing with a job that waits is what lets the vote be one statement: it is locked by the write.
    const lock = requested.length === 0 ? null : txJobs.waitingLock(requested, 11);
    if (requested.length > 0 && !lock) return null;
    const isObservation = 'observationId' in r.target;
    const targetId = 'observationId' in r.target ? r.target.observationId : r.target.solutionId;
    const look = txJobs.waitingLock(requested, 6, false);
    const text = this.text(`read\u0000${isObservation}\u0000${look?.sql ?? ''}`, () => factsRead(
      isObservation ? 'Observation' : 'Solution', isObservation ? 'observationId' : 'solutionId', look?.sql ?? null,
    ));
    const shared = [r.workshopId, workspaceId, ...(look?.params ?? [])];
    const w = await this.facts.get(`${text}\u0000${JSON.stringify(shared)}`, { text, shared, userId: r.userId, targetId, deliveryId: r.deliveryId ?? null });
    // A workshop not found, a voter to join, a re-delivery: the transaction's cases.
    if (!w?.voterId || !w.role || w.recorded !== null) return null;
    const step: VotingStep = rules.admit(votingWorkshop(w), { role: w.role as Role });
    if (step !== w.step) return null;
    const result = rules.decide({ targetFound: w.found, budget: w.voteBudget, cap: w.voteCap, used: w.used, onItem: w.onItem });
    const row = [
      randomUUID(), w.voterId, step, isObservation ? targetId : null, isObservation ? null : targetId, w.seq,
      r.deliveryId === undefined ? null : rules.record(result), r.deliveryId ?? null,
    ];
    const write = this.text(`write\u0000${lock?.sql ?? ''}`, () => swapAndVote(lock?.sql ?? null));
    const writeShared = [workspaceId, r.workshopId, ...(lock?.params ?? [])];
    let waiting = w.waiting;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (!waiting) await this.record(requested);
      const done = await this.write(write, writeShared, row);
      if (done.swapped) {
        // Swapped but not claimed: the same delivery, received twice at once, was claimed by the other copy
        // (its claim committed before ours could be inserted). The vote is the other's; this one replays it.
        if (!done.voted) return { replay: (await this.pool.query<{ result: string }>(prepared(SQL.replay, [workspaceId, r.deliveryId]))).rows[0]!.result };
        txJobs.coalesced(requested);
        txJobs.committed();
        return result;
      }
      // The voter's number moved (another vote of theirs came first): the transaction counts again.
      if (done.waiting) return null;
      // The job was taken meanwhile (the worker started it): another is recorded and the vote tried again.
      waiting = false;
    }
    return null;
  }

  private text(key: string, build: () => string): string {
    let text = this.texts.get(key);
    if (!text) {
      text = build();
      this.texts.set(key, text);
    }
    return text;
  }

  /**
   * No job waits (the first vote of a burst, or the worker just took it): one is recorded first, on its own,
   * for the write to lock. A keyed job is one that coalesces, so one more run of it is harmless should the
   * vote not follow; what must never be is a vote without a run after it. The votes of a burst in this
   * process share one recording.
   */
  private record(requested: readonly JobRequest[]): Promise<void> {
    const [job] = requested;
    const key = `${job!.queue}\u0000${job!.key ?? ''}`;
    let pending = this.recording.get(key);
    if (!pending) {
      pending = new TxJobs(this.jobs).record({ query: async (sql, values) => (await this.pool.query(sql, [...values])).rows }, requested)
        .finally(() => this.recording.delete(key));
      this.recording.set(key, pending);
    }
    return pending;
  }
}

async function castIn(client: pg.PoolClient, workspaceId: string, r: VoteRequest, rules: VoteRules, jobs: TxJobs): Promise<{ replay: string } | VoteResult> {
  let w: WorkshopRow | undefined;
  if (r.deliveryId === undefined) {
    w = (await client.query<WorkshopRow>(prepared(SQL.workshop, [r.userId, r.workshopId, workspaceId]))).rows[0];
  } else {
    const row = (await client.query<WorkshopRow & { claimed: boolean }>(prepared(CLAIM_AND_WORKSHOP, [r.userId, r.workshopId, workspaceId, r.deliveryId]))).rows[0]!;
    if (!row.claimed) {
      return { replay: (await client.query<{ result: string }>(prepared(SQL.replay, [workspaceId, r.deliveryId]))).rows[0]!.result };
    }
    // The LEFT JOIN gives a row of nulls when the workshop is not this workspace's.
    w = row.status === null ? undefined : row;
  }
  const step: VotingStep = rules.admit(w ? votingWorkshop(w) : null, w?.role ? { role: w.role as Role } : null);
  if (!w) throw new Error('unreachable: admit() refuses a missing workshop');
  if (!w.role) {
    const { role, departmentId } = rules.joining(w.headed);
    await client.query(prepared(SQL.join, [randomUUID(), workspaceId, r.workshopId, r.userId, r.displayName, role, departmentId]));
  }
  const isObservation = 'observationId' in r.target;
  const targetId = 'observationId' in r.target ? r.target.observationId : r.target.solutionId;
  const locked = (await client.query<{ id: string; seq: number; seenSeq: number; found: boolean; used: number; onItem: number }>(
    prepared(isObservation ? SQL.lockAndObservationFacts : SQL.lockAndSolutionFacts, [r.workshopId, r.userId, workspaceId, targetId, step]),
  )).rows[0]!;
  const voter = { id: locked.id };
  // Another vote of this voter committed after the statement's snapshot (it waited for the lock): count again.
  const facts = locked.seq === locked.seenSeq + 1 ? locked : (await client.query<{ found: boolean; used: number; onItem: number }>(
    prepared(isObservation ? SQL.observationFacts : SQL.solutionFacts, [targetId, r.workshopId, workspaceId, voter.id, step]),
  )).rows[0]!;
  const result = rules.decide({ targetFound: facts.found, budget: w.voteBudget, cap: w.voteCap, used: facts.used, onItem: facts.onItem });
  const params = [
    randomUUID(), workspaceId, r.workshopId, voter.id, step, isObservation ? targetId : null, isObservation ? null : targetId,
    r.deliveryId === undefined ? '' : rules.record(result), r.deliveryId ?? null,
  ];
  // In a burst of votes the workshop's refresh job is already waiting: finding and locking it rides with the
  // vote (one round trip fewer); only when it is not there is it recorded as usual.
  const lock = jobs.waitingLock(r.jobs ?? [], params.length + 1);
  if (!lock) await client.query(prepared(SQL.voteAndComplete, params));
  else {
    const found = (await client.query<{ waiting: boolean }>(prepared(voteCompleteAndLock(lock.sql), [...params, ...lock.params]))).rows[0]!.waiting;
    if (found) {
      jobs.coalesced(r.jobs ?? []);
      return result;
    }
  }
  await jobs.record({ query: async (sql, params) => (await client.query(sql, [...params])).rows }, r.jobs ?? []);
  return result;
}
