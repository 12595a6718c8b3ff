// Store.loadWorkshop on PostgreSQL, straight on the pg pool: everything stored about one workshop (WorkshopData)
// in ONE statement, each list aggregated as JSON (pg-json.ts). Through Prisma the same read is eighteen queries
// in an interactive transaction, and a workshop's messages are refreshed after every burst of changes (fifty
// votes at once; bench/README.md, "Teams"). The orders are loadWorkshop's (test/db/store-contract.test.ts
// compares the two reads wherever a test reads a workshop).
import type pg from 'pg';
import type { WorkshopData } from '../core/records.js';
import type { Step } from '../core/vocabulary.js';
import type * as P from './generated/sqlite/client.js';
import { dated, list, of, type Json } from './pg-json.js';
import { prepared } from './pg-prepared.js';
import * as map from './rows.js';

// $1 workshop, $2 workspace.
const SQL = `SELECT row_to_json(w) AS "workshop",
    ${list(of('StepDeadline'), 'x."dueAt", x."step"', 'json_build_object(\'step\', x."step", \'dueAt\', x."dueAt")')} AS "deadlines",
    ${list(of('StepState'), 'x."step"')} AS "stepStates",
    (SELECT row_to_json(x) FROM ${of('Persona')}) AS "persona",
    (SELECT x."text" FROM ${of('Goal')}) AS "goal",
    ${list(of('Department'), 'x."position", x."id"')} AS "departments",
    ${list(of('Participant'), 'x."joinedAt", x."id"')} AS "participants",
    ${list(of('Stage'), 'x."position", x."createdAt", x."id"')} AS "stages",
    ${list(of('Channel'), 'x."position", x."id"')} AS "channels",
    ${list(of('Touchpoint'), 'x."createdAt", x."id"')} AS "touchpoints",
    ${list(of('UnusedCell'), 'x."stageId", x."channelId"', 'json_build_object(\'stageId\', x."stageId", \'channelId\', x."channelId")')} AS "unusedCells",
    ${list(of('Observation'), 'x."createdAt", x."id"')} AS "observations",
    ${list(of('Vote'), 'x."createdAt", x."id"')} AS "votes",
    ${list(of('VoteReveal'), 'x."revealedAt", x."step"', 'json_build_object(\'step\', x."step", \'revealedAt\', x."revealedAt")')} AS "voteReveals",
    ${list(of('EmotionRating'), 'x."stageId", x."participantId"', 'json_build_object(\'stageId\', x."stageId", \'participantId\', x."participantId", \'score\', x."score")')} AS "emotions",
    ${list(of('Solution'), 'x."createdAt", x."id"', `json_build_object('row', x, 'addresses', ${list(
      `"SolutionObservation" so JOIN "Observation" o ON o."id" = so."observationId" WHERE so."solutionId" = x."id" AND so."workspaceId" = x."workspaceId"`,
      'o."createdAt", o."id"', 'so."observationId"',
    )})`)} AS "solutions",
    ${list(`"SolutionRating" x JOIN "Solution" s ON s."id" = x."solutionId"
      WHERE s."workshopId" = w."id" AND s."workspaceId" = w."workspaceId" AND x."workspaceId" = s."workspaceId"`,
      'x."solutionId", x."participantId"',
      'json_build_object(\'solutionId\', x."solutionId", \'participantId\', x."participantId", \'impact\', x."impact", \'effort\', x."effort")')} AS "solutionRatings",
    ${list(of('RoadmapItem'), 'x."rank", x."departmentId", x."solutionId"')} AS "roadmapItems"
  FROM "Workshop" w WHERE w."id" = $1 AND w."workspaceId" = $2`;

interface Row {
  workshop: Json; deadlines: { step: string; dueAt: string }[]; stepStates: Json[]; persona: Json | null; goal: string | null; departments: Json[];
  participants: Json[]; stages: Json[]; channels: Json[]; touchpoints: Json[]; unusedCells: WorkshopData['unusedCells']; observations: Json[];
  votes: Json[]; voteReveals: Json[]; emotions: WorkshopData['emotions']; solutions: { row: Json; addresses: string[] }[];
  solutionRatings: WorkshopData['solutionRatings']; roadmapItems: Json[];
}

export function postgresWorkshopReader(pool: pg.Pool) {
  return async (workspaceId: string, workshopId: string): Promise<WorkshopData | null> => {
    const r = (await pool.query<Row>(prepared(SQL, [workshopId, workspaceId]))).rows[0];
    if (!r) return null;
    return {
      workshop: map.workshop(dated<P.Workshop>(r.workshop)),
      deadlines: r.deadlines.map((d) => ({ step: d.step as Step, dueAt: dated<{ dueAt: Date }>(d).dueAt })),
      stepStates: r.stepStates.map((x) => map.stepState(dated<P.StepState>(x))),
      persona: r.persona ? map.persona(dated<P.Persona>(r.persona)) : null,
      goal: r.goal,
      departments: r.departments.map((x) => map.department(dated<P.Department>(x))),
      participants: r.participants.map((x) => map.participant(dated<P.Participant>(x))),
      stages: r.stages.map((x) => map.stage(dated<P.Stage>(x))),
      channels: r.channels.map((x) => map.channel(dated<P.Channel>(x))),
      touchpoints: r.touchpoints.map((x) => map.touchpoint(dated<P.Touchpoint>(x))),
      unusedCells: r.unusedCells,
      observations: r.observations.map((x) => map.observation(dated<P.Observation>(x))),
      votes: r.votes.map((x) => map.vote(dated<P.Vote>(x))),
      voteReveals: r.voteReveals.map((x) => map.voteReveal(dated<P.VoteReveal>(x))),
      emotions: r.emotions,
      solutions: r.solutions.map((x) => map.solution({ ...dated<P.Solution>(x.row), addresses: x.addresses.map((observationId) => ({ observationId })) })),
      solutionRatings: r.solutionRatings,
      roadmapItems: r.roadmapItems.map((x) => map.roadmapItem(dated<P.RoadmapItem>(x))),
    };
  };
}
