// Store.loadBallot on PostgreSQL, straight on the pg pool: what one person's ballot shows (BallotData) in ONE
// statement, each list aggregated as JSON. A single statement reads one snapshot of the database, so it is as
// consistent as a transaction without BEGIN and COMMIT; through Prisma the same read took eleven statements in
// an interactive transaction, and a vote click redraws a ballot, fifty people at once (bench/README.md, "Teams").
// Those fifty are read together: the ballots of one workshop asked for while one is being read go in the next
// statement, for all of their people at once (read-batches.ts, ballots.ts).
// The orders are loadWorkshop's (test/db/store-contract-ballot.test.ts compares them on every set-up).
import type pg from 'pg';
import type { BallotData } from '../core/store.js';
import type * as P from './generated/sqlite/client.js';
import { ballotsOf } from './ballots.js';
import { dated, list, of, type Json } from './pg-json.js';
import { prepared } from './pg-prepared.js';
import { ReadBatches } from './read-batches.js';
import * as map from './rows.js';

const SOLUTIONS_STEP = ` AND w."step" = 'solutions'`;

// $1 workshop, $2 workspace, $3 the users (text[]). The current step's votes: every one when its tallies are shown
// (votesLive, or revealed), else only the users'.
const SQL = `SELECT row_to_json(w) AS "workshop",
    ${list(of('VoteReveal'), 'x."revealedAt", x."step"', 'json_build_object(\'step\', x."step", \'revealedAt\', x."revealedAt")')} AS "voteReveals",
    ${list(of('StepState', ' AND x."step" = w."step"'), 'x."step"')} AS "stepStates",
    ${list(of('Participant', ' AND x."userId" = ANY($3)'), 'x."joinedAt", x."id"')} AS "participants",
    ${list(of('Vote', ` AND x."step" = w."step" AND (w."votesLive"
      OR EXISTS (SELECT 1 FROM "VoteReveal" r WHERE r."workshopId" = w."id" AND r."workspaceId" = w."workspaceId" AND r."step" = w."step")
      OR x."participantId" IN (SELECT p."id" FROM "Participant" p WHERE p."workshopId" = w."id" AND p."workspaceId" = w."workspaceId" AND p."userId" = ANY($3)))`),
      'x."createdAt", x."id"')} AS "votes",
    ${list(of('Stage'), 'x."position", x."createdAt", x."id"')} AS "stages",
    ${list(of('Channel'), 'x."position", x."id"')} AS "channels",
    ${list(of('Touchpoint'), 'x."createdAt", x."id"')} AS "touchpoints",
    ${list(of('Observation'), 'x."createdAt", x."id"')} AS "observations",
    ${list(of('Department', SOLUTIONS_STEP), 'x."position", x."id"')} AS "departments",
    ${list(of('Solution', SOLUTIONS_STEP), 'x."createdAt", x."id"', `json_build_object('row', x, 'addresses', ${list(
      `"SolutionObservation" so JOIN "Observation" o ON o."id" = so."observationId" WHERE so."solutionId" = x."id" AND so."workspaceId" = x."workspaceId"`,
      'o."createdAt", o."id"', 'so."observationId"',
    )})`)} AS "solutions",
    ${list(`"SolutionRating" x JOIN "Solution" s ON s."id" = x."solutionId"
      WHERE s."workshopId" = w."id" AND s."workspaceId" = w."workspaceId" AND x."workspaceId" = s."workspaceId"${SOLUTIONS_STEP}`,
      'x."solutionId", x."participantId"',
      'json_build_object(\'solutionId\', x."solutionId", \'participantId\', x."participantId", \'impact\', x."impact", \'effort\', x."effort")')} AS "solutionRatings"
  FROM "Workshop" w WHERE w."id" = $1 AND w."workspaceId" = $2`;

interface Row {
  workshop: Json; voteReveals: Json[]; stepStates: Json[]; participants: Json[]; votes: Json[]; stages: Json[]; channels: Json[]; touchpoints: Json[];
  observations: Json[]; departments: Json[]; solutions: { row: Json; addresses: string[] }[]; solutionRatings: BallotData['solutionRatings'];
}

export function postgresBallotReader(pool: pg.Pool) {
  const batches = new ReadBatches<string, BallotData | null>(async (key, userIds) => {
    const [workspaceId, workshopId] = key.split('\u0000') as [string, string];
    const r = (await pool.query<Row>(prepared(SQL, [workshopId, workspaceId, userIds]))).rows[0];
    if (!r) return userIds.map(() => null);
    return ballotsOf({
      workshop: map.workshop(dated<P.Workshop>(r.workshop)),
      voteReveals: r.voteReveals.map((x) => map.voteReveal(dated<P.VoteReveal>(x))),
      stepStates: r.stepStates.map((x) => map.stepState(dated<P.StepState>(x))),
      participants: r.participants.map((x) => map.participant(dated<P.Participant>(x))),
      votes: r.votes.map((x) => map.vote(dated<P.Vote>(x))),
      stages: r.stages.map((x) => map.stage(dated<P.Stage>(x))),
      channels: r.channels.map((x) => map.channel(dated<P.Channel>(x))),
      touchpoints: r.touchpoints.map((x) => map.touchpoint(dated<P.Touchpoint>(x))),
      observations: r.observations.map((x) => map.observation(dated<P.Observation>(x))),
      departments: r.departments.map((x) => map.department(dated<P.Department>(x))),
      solutions: r.solutions.map((x) => map.solution({ ...dated<P.Solution>(x.row), addresses: x.addresses.map((observationId) => ({ observationId })) })),
      solutionRatings: r.solutionRatings,
    }, userIds);
  });
  return (workspaceId: string, workshopId: string, userId: string): Promise<BallotData | null> => batches.get(`${workspaceId}\u0000${workshopId}`, userId);
}
