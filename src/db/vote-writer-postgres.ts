// Store.castVote on PostgreSQL, straight on the pg pool: the fewest round trips that keep the budget
// safe. The voter's row is locked by an UPDATE before the counts are read; under READ COMMITTED each
// statement sees what committed before it started, so the counts include every concurrent vote of
// the same voter that got the lock first. Through Prisma the same work costs several times more.
//
// Round trips saved (each holds a pooled connection, which 50 clicks at once queue for): the delivery
// claim rides with the workshop read, and the counts ride with the voter's lock. The counts of that
// UPDATE's RETURNING are read from the statement's snapshot, taken before it waited for the lock, so they
// are used only when the voter's "voteSeq" moved by exactly our increment since that snapshot: every vote
// is cast under that increment, so no vote of this voter committed unseen. Otherwise (the same person
// clicking twice at once) the counts are read again, after the lock, as before.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { VoteRequest, VoteResult, VoteRules } from '../core/store.js';
import type { Role, VotingStep } from '../core/vocabulary.js';
import { votingWorkshop, type WorkshopRow } from './vote-writer-sqlite.js';
import { TxJobs, type JobOutbox } from './jobs/outbox.js';

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
  return async (workspaceId: string, r: VoteRequest, rules: VoteRules): Promise<{ replay: string } | VoteResult> => {
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

async function castIn(client: pg.PoolClient, workspaceId: string, r: VoteRequest, rules: VoteRules, jobs: TxJobs): Promise<{ replay: string } | VoteResult> {
  let w: WorkshopRow | undefined;
  if (r.deliveryId === undefined) {
    w = (await client.query<WorkshopRow>(SQL.workshop, [r.userId, r.workshopId, workspaceId])).rows[0];
  } else {
    const row = (await client.query<WorkshopRow & { claimed: boolean }>(CLAIM_AND_WORKSHOP, [r.userId, r.workshopId, workspaceId, r.deliveryId])).rows[0]!;
    if (!row.claimed) {
      return { replay: (await client.query<{ result: string }>(SQL.replay, [workspaceId, r.deliveryId])).rows[0]!.result };
    }
    // The LEFT JOIN gives a row of nulls when the workshop is not this workspace's.
    w = row.status === null ? undefined : row;
  }
  const step: VotingStep = rules.admit(w ? votingWorkshop(w) : null, w?.role ? { role: w.role as Role } : null);
  if (!w) throw new Error('unreachable: admit() refuses a missing workshop');
  if (!w.role) {
    const { role, departmentId } = rules.joining(w.headed);
    await client.query(SQL.join, [randomUUID(), workspaceId, r.workshopId, r.userId, r.displayName, role, departmentId]);
  }
  const isObservation = 'observationId' in r.target;
  const targetId = 'observationId' in r.target ? r.target.observationId : r.target.solutionId;
  const locked = (await client.query<{ id: string; seq: number; seenSeq: number; found: boolean; used: number; onItem: number }>(
    isObservation ? SQL.lockAndObservationFacts : SQL.lockAndSolutionFacts, [r.workshopId, r.userId, workspaceId, targetId, step],
  )).rows[0]!;
  const voter = { id: locked.id };
  // Another vote of this voter committed after the statement's snapshot (it waited for the lock): count again.
  const facts = locked.seq === locked.seenSeq + 1 ? locked : (await client.query<{ found: boolean; used: number; onItem: number }>(
    isObservation ? SQL.observationFacts : SQL.solutionFacts, [targetId, r.workshopId, workspaceId, voter.id, step],
  )).rows[0]!;
  const result = rules.decide({ targetFound: facts.found, budget: w.voteBudget, cap: w.voteCap, used: facts.used, onItem: facts.onItem });
  const params = [
    randomUUID(), workspaceId, r.workshopId, voter.id, step, isObservation ? targetId : null, isObservation ? null : targetId,
    r.deliveryId === undefined ? '' : rules.record(result), r.deliveryId ?? null,
  ];
  // In a burst of votes the workshop's refresh job is already waiting: finding and locking it rides with the
  // vote (one round trip fewer); only when it is not there is it recorded as usual.
  const lock = jobs.waitingLock(r.jobs ?? [], params.length + 1);
  if (!lock) await client.query(SQL.voteAndComplete, params);
  else {
    const found = (await client.query<{ waiting: boolean }>(voteCompleteAndLock(lock.sql), [...params, ...lock.params])).rows[0]!.waiting;
    if (found) {
      jobs.coalesced(r.jobs ?? []);
      return result;
    }
  }
  await jobs.record({ query: async (sql, params) => (await client.query(sql, [...params])).rows }, r.jobs ?? []);
  return result;
}
