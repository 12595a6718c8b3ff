// Store.castVote on PostgreSQL, straight on the pg pool: the fewest round trips that keep the budget
// safe. The voter's row is locked by an UPDATE before the counts are read; under READ COMMITTED each
// statement sees what committed before it started, so the counts include every concurrent vote of
// the same voter that got the lock first. Through Prisma the same work costs several times more.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { VoteRequest, VoteResult, VoteRules } from '../core/store.js';
import type { Role, VotingStep } from '../core/vocabulary.js';
import { votingWorkshop, type WorkshopRow } from './vote-writer-sqlite.js';
import { TxJobs, type JobOutbox } from './jobs/outbox.js';

const SQL = {
  claim: 'INSERT INTO "ProcessedDelivery" ("workspaceId", "deliveryId", "result") VALUES ($1, $2, \'\') ON CONFLICT DO NOTHING',
  replay: 'SELECT "result" FROM "ProcessedDelivery" WHERE "workspaceId" = $1 AND "deliveryId" = $2',
  workshop: `SELECT w."status", w."step", w."title", w."voteBudget", w."voteCap", p."role",
      (SELECT d."id" FROM "Department" d WHERE d."workshopId" = w."id" AND d."headUserId" = $1 ORDER BY d."position" LIMIT 1) AS "headed",
      (SELECT s."timerEnded" FROM "StepState" s WHERE s."workshopId" = w."id" AND s."step" = w."step") AS "timerEnded"
    FROM "Workshop" w LEFT JOIN "Participant" p ON p."workshopId" = w."id" AND p."userId" = $1
    WHERE w."id" = $2 AND w."workspaceId" = $3`,
  join: `INSERT INTO "Participant" ("id", "workspaceId", "workshopId", "userId", "displayName", "role", "departmentId")
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("workshopId", "userId") DO NOTHING`,
  lock: 'UPDATE "Participant" SET "voteSeq" = "voteSeq" + 1 WHERE "workshopId" = $1 AND "userId" = $2 AND "workspaceId" = $3 RETURNING "id"',
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
  if (r.deliveryId !== undefined && (await client.query(SQL.claim, [workspaceId, r.deliveryId])).rowCount === 0) {
    return { replay: (await client.query<{ result: string }>(SQL.replay, [workspaceId, r.deliveryId])).rows[0]!.result };
  }
  const w = (await client.query<WorkshopRow>(SQL.workshop, [r.userId, r.workshopId, workspaceId])).rows[0];
  const step: VotingStep = rules.admit(w ? votingWorkshop(w) : null, w?.role ? { role: w.role as Role } : null);
  if (!w) throw new Error('unreachable: admit() refuses a missing workshop');
  if (!w.role) {
    const { role, departmentId } = rules.joining(w.headed);
    await client.query(SQL.join, [randomUUID(), workspaceId, r.workshopId, r.userId, r.displayName, role, departmentId]);
  }
  const voter = (await client.query<{ id: string }>(SQL.lock, [r.workshopId, r.userId, workspaceId])).rows[0]!;
  const isObservation = 'observationId' in r.target;
  const targetId = 'observationId' in r.target ? r.target.observationId : r.target.solutionId;
  const facts = (await client.query<{ found: boolean; used: number; onItem: number }>(
    isObservation ? SQL.observationFacts : SQL.solutionFacts, [targetId, r.workshopId, workspaceId, voter.id, step],
  )).rows[0]!;
  const result = rules.decide({ targetFound: facts.found, budget: w.voteBudget, cap: w.voteCap, used: facts.used, onItem: facts.onItem });
  await client.query(SQL.voteAndComplete, [
    randomUUID(), workspaceId, r.workshopId, voter.id, step, isObservation ? targetId : null, isObservation ? null : targetId,
    r.deliveryId === undefined ? '' : rules.record(result), r.deliveryId ?? null,
  ]);
  await jobs.record({ query: async (sql, params) => (await client.query(sql, [...params])).rows }, r.jobs ?? []);
  return result;
}
