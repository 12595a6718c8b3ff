// Store.castVote on SQLite, straight on better-sqlite3: prepared statements cached, one synchronous
// IMMEDIATE transaction (it takes the write lock first, so the counts it reads are final), no await
// inside. Through Prisma the same statements cost ten times more (bench/README.md, "Engine").
// Table and column names are Prisma's (model and field names); timestamps use Prisma's SQLite format.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { VoteRequest, VoteResult, VoteRules, VotingWorkshop } from '../core/store.js';
import type { Role, VotingStep } from '../core/vocabulary.js';
import { sqliteTimestamp } from './sqlite-sql.js';
import { TxJobs, type JobOutbox } from './jobs/outbox.js';

const SQL = {
  claim: 'INSERT INTO "ProcessedDelivery" ("workspaceId", "deliveryId", "result", "createdAt") VALUES (?, ?, \'\', ?) ON CONFLICT DO NOTHING',
  replay: 'SELECT "result" FROM "ProcessedDelivery" WHERE "workspaceId" = ? AND "deliveryId" = ?',
  workshop: `SELECT w."status", w."step", w."title", w."voteBudget", w."voteCap", p."role",
      (SELECT d."id" FROM "Department" d WHERE d."workshopId" = w."id" AND d."headUserId" = ? ORDER BY d."position" LIMIT 1) AS "headed",
      (SELECT s."timerEnded" FROM "StepState" s WHERE s."workshopId" = w."id" AND s."step" = w."step") AS "timerEnded"
    FROM "Workshop" w LEFT JOIN "Participant" p ON p."workshopId" = w."id" AND p."userId" = ?
    WHERE w."id" = ? AND w."workspaceId" = ?`,
  join: `INSERT INTO "Participant" ("id", "workspaceId", "workshopId", "userId", "displayName", "role", "departmentId", "voteSeq", "joinedAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT ("workshopId", "userId") DO NOTHING`,
  lock: 'UPDATE "Participant" SET "voteSeq" = "voteSeq" + 1 WHERE "workshopId" = ? AND "userId" = ? AND "workspaceId" = ? RETURNING "id"',
  observationFacts: `SELECT
      EXISTS (SELECT 1 FROM "Observation" WHERE "id" = ? AND "workshopId" = ? AND "workspaceId" = ?) AS "found",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = ? AND "step" = ?) AS "used",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = ? AND "observationId" = ?) AS "onItem"`,
  solutionFacts: `SELECT
      EXISTS (SELECT 1 FROM "Solution" WHERE "id" = ? AND "workshopId" = ? AND "workspaceId" = ?) AS "found",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = ? AND "step" = ?) AS "used",
      (SELECT COUNT(*) FROM "Vote" WHERE "participantId" = ? AND "solutionId" = ?) AS "onItem"`,
  vote: `INSERT INTO "Vote" ("id", "workspaceId", "workshopId", "participantId", "step", "observationId", "solutionId", "createdAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  complete: 'UPDATE "ProcessedDelivery" SET "result" = ? WHERE "workspaceId" = ? AND "deliveryId" = ?',
} as const;


export interface WorkshopRow {
  status: string; step: string; title: string; voteBudget: number; voteCap: number; role: string | null; headed: string | null;
  /** The current step's timer ran out (SQLite 1, PostgreSQL true; null without a step state). */
  timerEnded: number | boolean | null;
}

export function votingWorkshop(w: WorkshopRow): VotingWorkshop {
  return {
    status: w.status as VotingWorkshop['status'], step: w.step as VotingWorkshop['step'], title: w.title, voteBudget: Number(w.voteBudget), voteCap: Number(w.voteCap),
    timerEnded: w.timerEnded === true || w.timerEnded === 1,
  };
}

/** `jobs`: where the jobs of an applied vote are recorded, in its transaction (none: a vote with jobs is refused). */
export function sqliteVoteWriter(connection: () => Database.Database, jobs?: JobOutbox) {
  let statements: Record<keyof typeof SQL, Database.Statement> | undefined;
  let cast: ((workspaceId: string, r: VoteRequest, rules: VoteRules, txJobs: TxJobs) => { replay: string } | VoteResult) | undefined;

  const prepare = () => {
    const db = connection();
    statements = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof SQL, Database.Statement>;
    const s = statements;
    const jobStatements = new Map<string, Database.Statement>();
    const runJobStatement = (sql: string, params: readonly unknown[]) => {
      let statement = jobStatements.get(sql);
      if (!statement) jobStatements.set(sql, (statement = db.prepare(sql)));
      statement.run(...params);
    };
    cast = db.transaction((workspaceId: string, r: VoteRequest, rules: VoteRules, txJobs: TxJobs): { replay: string } | VoteResult => {
      if (r.deliveryId !== undefined && s.claim.run(workspaceId, r.deliveryId, sqliteTimestamp()).changes === 0) {
        return { replay: (s.replay.get(workspaceId, r.deliveryId) as { result: string }).result };
      }
      const w = s.workshop.get(r.userId, r.userId, r.workshopId, workspaceId) as WorkshopRow | undefined;
      const step: VotingStep = rules.admit(w ? votingWorkshop(w) : null, w?.role ? { role: w.role as Role } : null);
      if (!w) throw new Error('unreachable: admit() refuses a missing workshop');
      if (!w.role) {
        const { role, departmentId } = rules.joining(w.headed);
        s.join.run(randomUUID(), workspaceId, r.workshopId, r.userId, r.displayName, role, departmentId, sqliteTimestamp());
      }
      const voter = s.lock.get(r.workshopId, r.userId, workspaceId) as { id: string };
      const isObservation = 'observationId' in r.target;
      const targetId = 'observationId' in r.target ? r.target.observationId : r.target.solutionId;
      const facts = (isObservation ? s.observationFacts : s.solutionFacts).get(targetId, r.workshopId, workspaceId, voter.id, step, voter.id, targetId) as { found: number; used: number; onItem: number };
      const result = rules.decide({ targetFound: facts.found === 1, budget: w.voteBudget, cap: w.voteCap, used: facts.used, onItem: facts.onItem });
      s.vote.run(randomUUID(), workspaceId, r.workshopId, voter.id, step, isObservation ? targetId : null, isObservation ? null : targetId, sqliteTimestamp());
      if (r.deliveryId !== undefined) s.complete.run(rules.record(result), workspaceId, r.deliveryId);
      txJobs.recordSync(runJobStatement, r.jobs ?? []);
      return result;
    }).immediate;
  };

  return async (workspaceId: string, request: VoteRequest, rules: VoteRules): Promise<{ replay: string } | VoteResult> => {
    if (!cast) prepare();
    const txJobs = new TxJobs(jobs);
    const result = cast!(workspaceId, request, rules, txJobs);
    txJobs.committed();
    return result;
  };
}
