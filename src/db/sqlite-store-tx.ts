// The engine's storage port inside one transaction on the embedded SQLite file, straight on better-sqlite3
// (see sqlite-store.ts for why not through Prisma). Every statement names the transaction's workspace:
// rows of another workspace are invisible from here.
//
// The same contract as PrismaStore's (test/db/store-contract.test.ts runs both):
// - every list has a total order that both databases give alike, ties included — no "rowid", which PostgreSQL
//   lacks: workshops createdAt DESC, id DESC; departments and channels position, id; stages position, createdAt,
//   id (stagesWithKeyMoment createdAt, id); participants joinedAt, id; touchpoints, observations, votes and
//   solutions createdAt, id; a solution's addresses by their observations' createdAt, id; deadlines dueAt, step; step states step;
//   emotions stageId, participantId; ratings solutionId, participantId; roadmap items rank, departmentId,
//   solutionId. deleteVote removes the oldest matching vote.
// - a write naming a row that is not in this workspace changes nothing and throws: the engine's coded refusal
//   (errors.workshopNotFound for any write under a workshop, errors.stageNotFound…), or MissingRowError for
//   participants and deliveries; a department name taken in the workshop is errors.departmentExists.
import type { BallotData, JobRequest, NewWorkshop, ObservationPatch, StoreTx, TouchpointPatch, WorkshopPatch } from '../core/store.js';
import type {
  ChannelRecord, DepartmentRecord, KeyMomentRecord, ObservationRecord, ParticipantRecord, PersonaRecord, RoadmapItemRecord,
  SolutionRecord, StageRecord, StepStateRecord, TouchpointRecord, VoteTarget, WorkshopData, WorkshopRecord,
} from '../core/records.js';
import { isVotingStep, type Phase, type Role, type Step, type VotingStep } from '../core/vocabulary.js';
import { DomainError, refuse, type ErrorCode } from '../core/errors.js';
import type * as P from './generated/sqlite/client.js';
import * as map from './rows.js';
import { MissingRowError } from './rows.js';
import { isUniqueViolation } from './retry.js';
import { TxJobs } from './jobs/outbox.js';
import { ballotsOf } from './ballots.js';
import {
  deadlineRow, newId, observationRow, plainRow, solutionRow, sqliteTimestamp, stepStateRow, voteRevealRow, workshopRow, type SqliteStatements, type SqlRow,
} from './sqlite-sql.js';

/** Columns a patch may set, per table: patches are typed, and this list keeps the SQL text from them. */
const WORKSHOP_PATCH: readonly (keyof WorkshopPatch)[] = [
  'title', 'scope', 'language', 'mode', 'basis', 'anonymous', 'voteBudget', 'voteCap', 'votesLive', 'step', 'status', 'closedAt',
  'reminderHours', 'remindAnyTime', 'autoAdvance', 'digestHour', 'digestTimeZone',
];

export class SqliteStoreTx implements StoreTx {
  /** Workshops seen in this workspace by this transaction: writes under them need not look them up again. */
  private readonly workshops = new Set<string>();

  constructor(private readonly sql: SqliteStatements, readonly workspaceId: string, private readonly jobs: TxJobs = new TxJobs(undefined)) {}

  async enqueue(jobs: readonly JobRequest[]): Promise<void> {
    this.jobs.recordSync((sql, params) => { this.sql.run(sql, ...params); }, jobs);
  }

  async claimDelivery(deliveryId: string): Promise<{ replay: string } | null> {
    const inserted = this.sql.run(
      'INSERT INTO "ProcessedDelivery" ("workspaceId", "deliveryId", "result", "createdAt") VALUES (?, ?, \'\', ?) ON CONFLICT DO NOTHING',
      this.workspaceId, deliveryId, sqliteTimestamp(),
    );
    if (inserted === 1) return null;
    const row = this.sql.get<{ result: string }>('SELECT "result" FROM "ProcessedDelivery" WHERE "workspaceId" = ? AND "deliveryId" = ?', this.workspaceId, deliveryId);
    return { replay: row!.result };
  }

  async completeDelivery(deliveryId: string, result: string): Promise<void> {
    if (this.sql.run('UPDATE "ProcessedDelivery" SET "result" = ? WHERE "workspaceId" = ? AND "deliveryId" = ?', result, this.workspaceId, deliveryId) === 0) {
      throw new MissingRowError('ProcessedDelivery', deliveryId, this.workspaceId);
    }
  }

  async createWorkshop(data: NewWorkshop): Promise<WorkshopRecord> {
    const now = sqliteTimestamp();
    const row = this.sql.get(
      `INSERT INTO "Workshop" ("id", "workspaceId", "title", "scope", "language", "mode", "journey", "basis", "anonymous", "voteBudget", "voteCap",
        "votesLive", "sourceWorkshopId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId(), this.workspaceId, data.title, data.scope, data.language, data.mode, data.journey, data.basis, data.anonymous, data.voteBudget,
      data.voteCap, data.votesLive ?? false, data.sourceWorkshopId, now, now,
    );
    return this.seen(map.workshop(workshopRow(row!)));
  }

  async getWorkshop(workshopId: string): Promise<WorkshopRecord | null> {
    const row = this.sql.get('SELECT * FROM "Workshop" WHERE "id" = ? AND "workspaceId" = ?', workshopId, this.workspaceId);
    return row ? this.seen(map.workshop(workshopRow(row))) : null;
  }

  async updateWorkshop(workshopId: string, expectedVersion: number, patch: WorkshopPatch): Promise<boolean> {
    const columns = WORKSHOP_PATCH.filter((column) => patch[column] !== undefined);
    const set = [...columns.map((column) => `"${column}" = ?`), '"version" = "version" + 1', '"updatedAt" = ?'].join(', ');
    return this.sql.run(
      `UPDATE "Workshop" SET ${set} WHERE "id" = ? AND "version" = ? AND "workspaceId" = ?`,
      ...columns.map((column) => (column === 'reminderHours' ? map.storedReminderHours(patch.reminderHours!) : patch[column])),
      sqliteTimestamp(), workshopId, expectedVersion, this.workspaceId,
    ) === 1;
  }

  async setDeadline(workshopId: string, step: Step, dueAt: Date | null): Promise<void> {
    this.assertWorkshop(workshopId);
    if (dueAt === null) {
      this.sql.run('DELETE FROM "StepDeadline" WHERE "workshopId" = ? AND "step" = ? AND "workspaceId" = ?', workshopId, step, this.workspaceId);
    } else {
      this.sql.run(
        'INSERT INTO "StepDeadline" ("workshopId", "step", "dueAt", "workspaceId") VALUES (?, ?, ?, ?) ON CONFLICT ("workshopId", "step") DO UPDATE SET "dueAt" = excluded."dueAt"',
        workshopId, step, dueAt, this.workspaceId,
      );
    }
  }

  async getStepState(workshopId: string, step: Step): Promise<StepStateRecord | null> {
    const row = this.sql.get('SELECT * FROM "StepState" WHERE "workshopId" = ? AND "step" = ? AND "workspaceId" = ?', workshopId, step, this.workspaceId);
    return row ? map.stepState(stepStateRow(row)) : null;
  }

  async saveStepState(workshopId: string, state: StepStateRecord): Promise<void> {
    this.assertWorkshop(workshopId);
    this.sql.run(
      `INSERT INTO "StepState" ("workspaceId", "workshopId", "step", "lastNudgeAt", "timerEndsAt", "timerLeftMs", "timerEnded") VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT ("workshopId", "step") DO UPDATE SET "lastNudgeAt" = excluded."lastNudgeAt", "timerEndsAt" = excluded."timerEndsAt",
          "timerLeftMs" = excluded."timerLeftMs", "timerEnded" = excluded."timerEnded"`,
      this.workspaceId, workshopId, state.step, state.lastNudgeAt, state.timerEndsAt, state.timerLeftMs, state.timerEnded,
    );
  }

  async setNarrative(workshopId: string, narrative: string | null, at: Date | null): Promise<void> {
    if (this.sql.run(
      'UPDATE "Workshop" SET "narrative" = ?, "narrativeAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "workspaceId" = ?',
      narrative, at, sqliteTimestamp(), workshopId, this.workspaceId,
    ) === 0) throw refusal('errors.workshopNotFound');
  }

  async setPersona(workshopId: string, p: PersonaRecord): Promise<void> {
    this.assertWorkshop(workshopId);
    this.sql.run(
      `INSERT INTO "Persona" ("workshopId", "name", "segment", "context", "needs", "channelHabits", "expertise", "quote", "updatedAt", "workspaceId")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT ("workshopId") DO UPDATE SET "name" = excluded."name", "segment" = excluded."segment", "context" = excluded."context",
          "needs" = excluded."needs", "channelHabits" = excluded."channelHabits", "expertise" = excluded."expertise", "quote" = excluded."quote",
          "updatedAt" = excluded."updatedAt"`,
      workshopId, p.name, p.segment, p.context, p.needs, p.channelHabits, p.expertise, p.quote, sqliteTimestamp(), this.workspaceId,
    );
  }

  async setGoal(workshopId: string, text: string): Promise<void> {
    this.assertWorkshop(workshopId);
    this.sql.run(
      'INSERT INTO "Goal" ("workshopId", "text", "updatedAt", "workspaceId") VALUES (?, ?, ?, ?) ON CONFLICT ("workshopId") DO UPDATE SET "text" = excluded."text", "updatedAt" = excluded."updatedAt"',
      workshopId, text, sqliteTimestamp(), this.workspaceId,
    );
  }

  async listDepartments(workshopId: string): Promise<DepartmentRecord[]> {
    return this.sql.all('SELECT * FROM "Department" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "id"', workshopId, this.workspaceId)
      .map((r) => map.department(plainRow(r)));
  }

  async createDepartment(workshopId: string, name: string, headUserId: string | null, position: number): Promise<DepartmentRecord> {
    this.assertWorkshop(workshopId);
    const row = departmentName(name, () => this.sql.get(
      'INSERT INTO "Department" ("id", "workspaceId", "workshopId", "name", "headUserId", "position") VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
      newId(), this.workspaceId, workshopId, name, headUserId, position,
    ));
    return map.department(plainRow(row!));
  }

  async updateDepartment(departmentId: string, patch: { name?: string; headUserId?: string | null }): Promise<void> {
    departmentName(patch.name ?? '', () => this.update('Department', departmentId, patch, ['name', 'headUserId'], () => refusal('errors.departmentNotFound')));
  }

  async deleteDepartment(departmentId: string): Promise<void> {
    if (this.sql.run('DELETE FROM "Department" WHERE "id" = ? AND "workspaceId" = ?', departmentId, this.workspaceId) === 0) throw refusal('errors.departmentNotFound');
  }

  async departmentInUse(departmentId: string): Promise<boolean> {
    return this.exists('SELECT EXISTS (SELECT 1 FROM "Solution" WHERE "departmentId" = ? AND "workspaceId" = ?) AS "found"', departmentId, this.workspaceId);
  }

  async findParticipant(workshopId: string, userId: string): Promise<ParticipantRecord | null> {
    const row = this.sql.get('SELECT * FROM "Participant" WHERE "workshopId" = ? AND "userId" = ? AND "workspaceId" = ?', workshopId, userId, this.workspaceId);
    return row ? map.participant(plainRow(row)) : null;
  }

  async participationsOf(userId: string): Promise<ParticipantRecord[]> {
    return this.sql.all('SELECT * FROM "Participant" WHERE "userId" = ? AND "workspaceId" = ? ORDER BY "joinedAt", "id"', userId, this.workspaceId)
      .map((r) => map.participant(plainRow(r)));
  }

  async createParticipant(workshopId: string, p: { userId: string; displayName: string; role: Role; departmentId: string | null }): Promise<ParticipantRecord> {
    this.assertWorkshop(workshopId);
    const row = this.sql.get(
      `INSERT INTO "Participant" ("id", "workspaceId", "workshopId", "userId", "displayName", "role", "departmentId", "joinedAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId(), this.workspaceId, workshopId, p.userId, p.displayName, p.role, p.departmentId, sqliteTimestamp(),
    );
    return map.participant(plainRow(row!));
  }

  async updateParticipant(participantId: string, patch: { displayName?: string; role?: Role; departmentId?: string | null }): Promise<void> {
    this.update('Participant', participantId, patch, ['displayName', 'role', 'departmentId'], () => new MissingRowError('Participant', participantId, this.workspaceId));
  }

  async listStages(workshopId: string): Promise<StageRecord[]> {
    return this.sql.all('SELECT * FROM "Stage" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "createdAt", "id"', workshopId, this.workspaceId)
      .map((r) => map.stage(plainRow(r)));
  }

  async getStage(stageId: string): Promise<StageRecord | null> {
    const row = this.sql.get('SELECT * FROM "Stage" WHERE "id" = ? AND "workspaceId" = ?', stageId, this.workspaceId);
    return row ? map.stage(plainRow(row)) : null;
  }

  async createStage(workshopId: string, s: { label: string; phase: Phase; position: number; authorId: string | null; sourceStageId?: string | null }): Promise<StageRecord> {
    this.assertWorkshop(workshopId);
    const row = this.sql.get(
      `INSERT INTO "Stage" ("id", "workspaceId", "workshopId", "position", "label", "phase", "sourceStageId", "authorId", "createdAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId(), this.workspaceId, workshopId, s.position, s.label, s.phase, s.sourceStageId ?? null, s.authorId, sqliteTimestamp(),
    );
    return map.stage(plainRow(row!));
  }

  async updateStage(stageId: string, patch: { label?: string; phase?: Phase; keyMomentId?: string | null }): Promise<void> {
    this.update('Stage', stageId, patch, ['label', 'phase', 'keyMomentId'], () => refusal('errors.stageNotFound'));
  }

  async setStageOrder(workshopId: string, orderedIds: string[]): Promise<void> {
    this.assertWorkshop(workshopId);
    for (const [position, id] of orderedIds.entries()) {
      if (this.sql.run('UPDATE "Stage" SET "position" = ? WHERE "id" = ? AND "workshopId" = ? AND "workspaceId" = ?', position, id, workshopId, this.workspaceId) === 0) {
        throw refusal('errors.stageNotFound');
      }
    }
  }

  async deleteStage(stageId: string): Promise<void> {
    if (this.sql.run('DELETE FROM "Stage" WHERE "id" = ? AND "workspaceId" = ?', stageId, this.workspaceId) === 0) throw refusal('errors.stageNotFound');
  }

  async stageHasContributions(stageId: string): Promise<boolean> {
    return this.exists(
      `SELECT EXISTS (SELECT 1 FROM "Observation" WHERE "stageId" = ? AND "workspaceId" = ?)
          OR EXISTS (SELECT 1 FROM "EmotionRating" WHERE "stageId" = ? AND "workspaceId" = ?)
          OR EXISTS (SELECT 1 FROM "Touchpoint" WHERE "stageId" = ? AND "workspaceId" = ?) AS "found"`,
      stageId, this.workspaceId, stageId, this.workspaceId, stageId, this.workspaceId,
    );
  }

  async createKeyMoment(label: string): Promise<KeyMomentRecord> {
    const id = newId();
    this.sql.run('INSERT INTO "KeyMoment" ("id", "workspaceId", "label", "createdAt") VALUES (?, ?, ?, ?)', id, this.workspaceId, label, sqliteTimestamp());
    return { id, label };
  }

  async getKeyMoment(id: string): Promise<KeyMomentRecord | null> {
    return this.sql.get<KeyMomentRecord>('SELECT "id", "label" FROM "KeyMoment" WHERE "id" = ? AND "workspaceId" = ?', id, this.workspaceId) ?? null;
  }

  async listChannels(workshopId: string): Promise<ChannelRecord[]> {
    return this.sql.all('SELECT * FROM "Channel" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "id"', workshopId, this.workspaceId)
      .map((r) => map.channel(plainRow(r)));
  }

  async createChannel(workshopId: string, name: string, position: number): Promise<ChannelRecord> {
    this.assertWorkshop(workshopId);
    const row = this.sql.get(
      'INSERT INTO "Channel" ("id", "workspaceId", "workshopId", "name", "position") VALUES (?, ?, ?, ?, ?) RETURNING *',
      newId(), this.workspaceId, workshopId, name, position,
    );
    return map.channel(plainRow(row!));
  }

  async getTouchpoint(touchpointId: string): Promise<TouchpointRecord | null> {
    const row = this.sql.get('SELECT * FROM "Touchpoint" WHERE "id" = ? AND "workspaceId" = ?', touchpointId, this.workspaceId);
    return row ? map.touchpoint(plainRow(row)) : null;
  }

  async createTouchpoint(workshopId: string, t: { stageId: string; channelId: string; description: string; authorId: string | null; sourceTouchpointId?: string | null }): Promise<TouchpointRecord> {
    this.assertWorkshop(workshopId);
    const row = this.sql.get(
      `INSERT INTO "Touchpoint" ("id", "workspaceId", "workshopId", "stageId", "channelId", "description", "sourceTouchpointId", "authorId", "createdAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId(), this.workspaceId, workshopId, t.stageId, t.channelId, t.description, t.sourceTouchpointId ?? null, t.authorId, sqliteTimestamp(),
    );
    return map.touchpoint(plainRow(row!));
  }

  async deleteTouchpoint(touchpointId: string): Promise<void> {
    if (this.sql.run('DELETE FROM "Touchpoint" WHERE "id" = ? AND "workspaceId" = ?', touchpointId, this.workspaceId) === 0) throw refusal('errors.touchpointNotFound');
  }

  async updateTouchpoint(touchpointId: string, patch: TouchpointPatch): Promise<void> {
    this.update('Touchpoint', touchpointId, patch, ['channelId', 'description', 'sourceTouchpointId'], () => refusal('errors.touchpointNotFound'));
  }

  async moveTouchpointReferences(fromIds: readonly string[], toId: string): Promise<void> {
    if (!this.sql.get('SELECT 1 FROM "Touchpoint" WHERE "id" = ? AND "workspaceId" = ?', toId, this.workspaceId)) throw refusal('errors.touchpointNotFound');
    // One id at a time: the statements stay the same text, prepared once.
    for (const fromId of fromIds) {
      this.sql.run('UPDATE "Observation" SET "touchpointId" = ? WHERE "touchpointId" = ? AND "workspaceId" = ?', toId, fromId, this.workspaceId);
      this.sql.run('UPDATE "Touchpoint" SET "sourceTouchpointId" = ? WHERE "sourceTouchpointId" = ? AND "workspaceId" = ?', toId, fromId, this.workspaceId);
    }
  }

  async markCellUnused(workshopId: string, stageId: string, channelId: string): Promise<void> {
    this.assertWorkshop(workshopId);
    this.sql.run(
      `INSERT INTO "UnusedCell" ("workspaceId", "workshopId", "stageId", "channelId", "createdAt") VALUES (?, ?, ?, ?, ?)
        ON CONFLICT ("stageId", "channelId") DO NOTHING`,
      this.workspaceId, workshopId, stageId, channelId, sqliteTimestamp(),
    );
  }

  async markCellUsed(stageId: string, channelId: string): Promise<boolean> {
    return this.sql.run('DELETE FROM "UnusedCell" WHERE "stageId" = ? AND "channelId" = ? AND "workspaceId" = ?', stageId, channelId, this.workspaceId) > 0;
  }

  async createObservation(workshopId: string, o: Omit<ObservationRecord, 'id' | 'workshopId' | 'createdAt'>): Promise<ObservationRecord> {
    this.assertWorkshop(workshopId);
    const row = this.sql.get(
      `INSERT INTO "Observation" ("id", "workspaceId", "workshopId", "stageId", "touchpointId", "kind", "text", "momentOfTruth", "authorId", "createdAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId(), this.workspaceId, workshopId, o.stageId, o.touchpointId, o.kind, o.text, o.momentOfTruth, o.authorId, sqliteTimestamp(),
    );
    return map.observation(observationRow(row!));
  }

  async getObservation(observationId: string): Promise<ObservationRecord | null> {
    const row = this.sql.get('SELECT * FROM "Observation" WHERE "id" = ? AND "workspaceId" = ?', observationId, this.workspaceId);
    return row ? map.observation(observationRow(row)) : null;
  }

  async setMomentOfTruth(observationId: string, value: boolean): Promise<void> {
    if (this.sql.run('UPDATE "Observation" SET "momentOfTruth" = ? WHERE "id" = ? AND "workspaceId" = ?', value, observationId, this.workspaceId) === 0) {
      throw refusal('errors.observationNotFound');
    }
  }

  async updateObservation(observationId: string, patch: ObservationPatch): Promise<void> {
    this.update('Observation', observationId, patch, ['kind', 'text', 'momentOfTruth', 'stageId', 'touchpointId'], () => refusal('errors.observationNotFound'));
  }

  async deleteObservation(observationId: string): Promise<void> {
    // Its votes and its links to solutions go with it (ON DELETE CASCADE).
    if (this.sql.run('DELETE FROM "Observation" WHERE "id" = ? AND "workspaceId" = ?', observationId, this.workspaceId) === 0) {
      throw refusal('errors.observationNotFound');
    }
  }

  async moveVotes(voteIds: readonly string[], observationId: string): Promise<void> {
    if (!this.sql.get('SELECT 1 FROM "Observation" WHERE "id" = ? AND "workspaceId" = ?', observationId, this.workspaceId)) throw refusal('errors.observationNotFound');
    for (const id of voteIds) {
      if (this.sql.run('UPDATE "Vote" SET "observationId" = ? WHERE "id" = ? AND "observationId" IS NOT NULL AND "workspaceId" = ?', observationId, id, this.workspaceId) === 0) {
        throw refusal('errors.voteNotFound');
      }
    }
  }

  async linkSolutionsOf(fromIds: readonly string[], toId: string): Promise<void> {
    if (!this.sql.get('SELECT 1 FROM "Observation" WHERE "id" = ? AND "workspaceId" = ?', toId, this.workspaceId)) throw refusal('errors.observationNotFound');
    for (const fromId of fromIds) {
      this.sql.run(
        `INSERT INTO "SolutionObservation" ("solutionId", "observationId", "workspaceId")
          SELECT so."solutionId", ?, so."workspaceId" FROM "SolutionObservation" so WHERE so."observationId" = ? AND so."workspaceId" = ?
          ON CONFLICT ("solutionId", "observationId") DO NOTHING`,
        toId, fromId, this.workspaceId,
      );
    }
  }

  async lockVoter(participantId: string): Promise<void> {
    // The transaction already holds SQLite's write lock (BEGIN IMMEDIATE); the write keeps the port's meaning.
    if (this.sql.run('UPDATE "Participant" SET "voteSeq" = "voteSeq" + 1 WHERE "id" = ? AND "workspaceId" = ?', participantId, this.workspaceId) === 0) {
      throw new MissingRowError('Participant', participantId, this.workspaceId);
    }
  }

  async countVotes(participantId: string, step: VotingStep): Promise<number> {
    return this.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM "Vote" WHERE "participantId" = ? AND "step" = ? AND "workspaceId" = ?', participantId, step, this.workspaceId)!.n;
  }

  async deleteVote(participantId: string, target: VoteTarget): Promise<boolean> {
    const [column, targetId] = 'observationId' in target ? ['observationId', target.observationId] : ['solutionId', target.solutionId];
    const vote = this.sql.get<{ id: string }>(
      `SELECT "id" FROM "Vote" WHERE "participantId" = ? AND "${column}" = ? AND "workspaceId" = ? ORDER BY "createdAt", "id" LIMIT 1`,
      participantId, targetId, this.workspaceId,
    );
    if (!vote) return false;
    this.sql.run('DELETE FROM "Vote" WHERE "id" = ?', vote.id);
    return true;
  }

  async revealVotes(workshopId: string, step: VotingStep, at: Date): Promise<boolean> {
    this.assertWorkshop(workshopId);
    return this.sql.run(
      'INSERT INTO "VoteReveal" ("workspaceId", "workshopId", "step", "revealedAt") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      this.workspaceId, workshopId, step, sqliteTimestamp(at),
    ) === 1;
  }

  async setEmotion(workshopId: string, stageId: string, participantId: string, score: number): Promise<void> {
    // The upsert is keyed by stage and participant alone: checking the stage keeps it off another workspace's rating.
    this.assertWorkshop(workshopId);
    if (!this.sql.get('SELECT 1 FROM "Stage" WHERE "id" = ? AND "workshopId" = ? AND "workspaceId" = ?', stageId, workshopId, this.workspaceId)) {
      throw refusal('errors.stageNotFound');
    }
    this.sql.run(
      `INSERT INTO "EmotionRating" ("id", "workspaceId", "workshopId", "stageId", "participantId", "score", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT ("stageId", "participantId") DO UPDATE SET "score" = excluded."score", "updatedAt" = excluded."updatedAt"`,
      newId(), this.workspaceId, workshopId, stageId, participantId, score, sqliteTimestamp(),
    );
  }

  async createSolution(workshopId: string, s: { text: string; departmentId: string | null; authorId: string; addresses: string[] }): Promise<SolutionRecord> {
    this.assertWorkshop(workshopId);
    const row = this.sql.get(
      'INSERT INTO "Solution" ("id", "workspaceId", "workshopId", "text", "departmentId", "authorId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
      newId(), this.workspaceId, workshopId, s.text, s.departmentId, s.authorId, sqliteTimestamp(),
    );
    const solution = solutionRow(row!);
    for (const observationId of s.addresses) {
      this.sql.run('INSERT INTO "SolutionObservation" ("solutionId", "observationId", "workspaceId") VALUES (?, ?, ?)', solution.id, observationId, this.workspaceId);
    }
    return map.solution({ ...solution, addresses: this.addressesOf(solution.id) });
  }

  async getSolution(solutionId: string): Promise<SolutionRecord | null> {
    const row = this.sql.get('SELECT * FROM "Solution" WHERE "id" = ? AND "workspaceId" = ?', solutionId, this.workspaceId);
    if (!row) return null;
    return map.solution({ ...solutionRow(row), addresses: this.addressesOf(solutionId) });
  }

  async setSolutionDepartment(solutionId: string, departmentId: string): Promise<void> {
    if (this.sql.run('UPDATE "Solution" SET "departmentId" = ? WHERE "id" = ? AND "workspaceId" = ?', departmentId, solutionId, this.workspaceId) === 0) {
      throw refusal('errors.solutionNotFound');
    }
  }

  async updateSolution(solutionId: string, patch: { text?: string; addresses?: string[] }): Promise<void> {
    this.update('Solution', solutionId, { text: patch.text }, ['text'], () => refusal('errors.solutionNotFound'));
    if (!patch.addresses) return;
    this.sql.run('DELETE FROM "SolutionObservation" WHERE "solutionId" = ? AND "workspaceId" = ?', solutionId, this.workspaceId);
    for (const observationId of patch.addresses) {
      this.sql.run('INSERT INTO "SolutionObservation" ("solutionId", "observationId", "workspaceId") VALUES (?, ?, ?)', solutionId, observationId, this.workspaceId);
    }
  }

  async deleteSolution(solutionId: string): Promise<void> {
    // Its links, ratings, votes and roadmap item go with it (ON DELETE CASCADE).
    if (this.sql.run('DELETE FROM "Solution" WHERE "id" = ? AND "workspaceId" = ?', solutionId, this.workspaceId) === 0) throw refusal('errors.solutionNotFound');
  }

  async rateSolution(solutionId: string, participantId: string, impact: number, effort: number): Promise<void> {
    // The upsert is keyed by solution and participant alone: checking the solution keeps it off another workspace's rating.
    if (!this.sql.get('SELECT 1 FROM "Solution" WHERE "id" = ? AND "workspaceId" = ?', solutionId, this.workspaceId)) throw refusal('errors.solutionNotFound');
    this.sql.run(
      `INSERT INTO "SolutionRating" ("id", "workspaceId", "solutionId", "participantId", "impact", "effort", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT ("solutionId", "participantId") DO UPDATE SET "impact" = excluded."impact", "effort" = excluded."effort", "updatedAt" = excluded."updatedAt"`,
      newId(), this.workspaceId, solutionId, participantId, impact, effort, sqliteTimestamp(),
    );
  }

  async replaceRoadmap(workshopId: string, items: RoadmapItemRecord[]): Promise<void> {
    this.assertWorkshop(workshopId);
    this.sql.run('DELETE FROM "RoadmapItem" WHERE "workshopId" = ? AND "workspaceId" = ?', workshopId, this.workspaceId);
    const now = sqliteTimestamp();
    for (const item of items) {
      this.sql.run(
        `INSERT INTO "RoadmapItem" ("id", "workspaceId", "workshopId", "solutionId", "departmentId", "priority", "rank", "status", "createdAt")
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        newId(), this.workspaceId, workshopId, item.solutionId, item.departmentId, item.priority, item.rank, item.status, now,
      );
    }
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    const run = (sql: string, params: readonly unknown[]) => { this.sql.run(sql, ...(params as never[])); };
    const keyMoments = this.sql.all<{ keyMomentId: string }>(
      'SELECT DISTINCT "keyMomentId" FROM "Stage" WHERE "workspaceId" = ? AND "workshopId" = ? AND "keyMomentId" IS NOT NULL', this.workspaceId, workshopId,
    ).map((r) => r.keyMomentId);
    // A target journey's stages and touchpoints copied from it keep no link to rows that are gone (their
    // source columns have no foreign key to set them null).
    this.sql.run(
      `UPDATE "Stage" SET "sourceStageId" = NULL WHERE "workspaceId" = ?
        AND "sourceStageId" IN (SELECT "id" FROM "Stage" WHERE "workshopId" = ? AND "workspaceId" = ?)`,
      this.workspaceId, workshopId, this.workspaceId,
    );
    this.sql.run(
      `UPDATE "Touchpoint" SET "sourceTouchpointId" = NULL WHERE "workspaceId" = ?
        AND "sourceTouchpointId" IN (SELECT "id" FROM "Touchpoint" WHERE "workshopId" = ? AND "workspaceId" = ?)`,
      this.workspaceId, workshopId, this.workspaceId,
    );
    // Every table below the workshop goes with it (ON DELETE CASCADE); a target journey started from it is unlinked.
    if (this.sql.run('DELETE FROM "Workshop" WHERE "id" = ? AND "workspaceId" = ?', workshopId, this.workspaceId) === 0) refuse('errors.workshopNotFound');
    this.jobs.discardSync(run, { workspaceId: this.workspaceId, workshopId });
    // A re-delivery's recorded result names the workshop it created or changed: it goes too.
    this.sql.run(`DELETE FROM "ProcessedDelivery" WHERE "workspaceId" = ? AND instr("result", ?) > 0`, this.workspaceId, workshopId);
    for (const id of keyMoments) {
      this.sql.run('DELETE FROM "KeyMoment" WHERE "id" = ? AND "workspaceId" = ? AND NOT EXISTS (SELECT 1 FROM "Stage" WHERE "keyMomentId" = ?)', id, this.workspaceId, id);
    }
    this.workshops.delete(workshopId);
  }

  async loadWorkshop(workshopId: string): Promise<WorkshopData | null> {
    const workshop = await this.getWorkshop(workshopId);
    if (!workshop) return null;
    // Every list below is scoped by the workshop, itself checked to be of this workspace just above.
    const of = <R>(sql: string, mapRow: (r: SqlRow) => R): R[] => this.sql.all(sql, workshopId, this.workspaceId).map(mapRow);
    const persona = this.sql.get('SELECT * FROM "Persona" WHERE "workshopId" = ? AND "workspaceId" = ?', workshopId, this.workspaceId);
    return {
      workshop,
      deadlines: of('SELECT "step", "dueAt" FROM "StepDeadline" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "dueAt", "step"', (r) => r)
        .map((r) => { const d = deadlineRow(r); return { step: d.step as Step, dueAt: d.dueAt }; }),
      stepStates: of('SELECT * FROM "StepState" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "step"', (r) => map.stepState(stepStateRow(r))),
      persona: persona ? map.persona(plainRow<P.Persona>(persona)) : null,
      goal: this.sql.get<{ text: string }>('SELECT "text" FROM "Goal" WHERE "workshopId" = ? AND "workspaceId" = ?', workshopId, this.workspaceId)?.text ?? null,
      departments: of('SELECT * FROM "Department" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "id"', (r) => map.department(plainRow(r))),
      participants: of('SELECT * FROM "Participant" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "joinedAt", "id"', (r) => map.participant(plainRow(r))),
      stages: of('SELECT * FROM "Stage" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "createdAt", "id"', (r) => map.stage(plainRow(r))),
      channels: of('SELECT * FROM "Channel" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "id"', (r) => map.channel(plainRow(r))),
      touchpoints: of('SELECT * FROM "Touchpoint" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "id"', (r) => map.touchpoint(plainRow(r))),
      unusedCells: of('SELECT "stageId", "channelId" FROM "UnusedCell" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "stageId", "channelId"',
        (r) => plainRow<{ stageId: string; channelId: string }>(r)),
      observations: of('SELECT * FROM "Observation" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "id"', (r) => map.observation(observationRow(r))),
      votes: of('SELECT * FROM "Vote" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "id"', (r) => map.vote(plainRow(r))),
      voteReveals: of('SELECT "step", "revealedAt" FROM "VoteReveal" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "revealedAt", "step"', (r) => map.voteReveal(voteRevealRow(r))),
      emotions: of('SELECT "stageId", "participantId", "score" FROM "EmotionRating" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "stageId", "participantId"', (r) => plainRow(r)),
      solutions: this.solutionsOf(workshopId),
      solutionRatings: this.ratingsOf(workshopId),
      roadmapItems: of('SELECT * FROM "RoadmapItem" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "rank", "departmentId", "solutionId"', (r) => map.roadmapItem(plainRow(r))),
    };
  }

  async loadBallot(workshopId: string, userId: string): Promise<BallotData | null> {
    return (await this.loadBallots(workshopId, [userId]))?.[0] ?? null;
  }

  /** loadBallot for several people at once (ballots.ts): what every ballot shows is read once. */
  async loadBallots(workshopId: string, userIds: readonly string[]): Promise<BallotData[] | null> {
    const workshop = await this.getWorkshop(workshopId);
    if (!workshop) return null;
    // Every list below is scoped by the workshop, itself checked to be of this workspace just above.
    const of = <R>(sql: string, mapRow: (r: SqlRow) => R, ...more: unknown[]): R[] => this.sql.all(sql, workshopId, this.workspaceId, ...more).map(mapRow);
    const voteReveals = of('SELECT "step", "revealedAt" FROM "VoteReveal" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "revealedAt", "step"', (r) => map.voteReveal(voteRevealRow(r)));
    const participants = of(
      'SELECT * FROM "Participant" WHERE "workshopId" = ? AND "workspaceId" = ? AND "userId" IN (SELECT "value" FROM json_each(?)) ORDER BY "joinedAt", "id"',
      (r) => map.participant(plainRow(r)), JSON.stringify(userIds),
    );
    const step = workshop.step;
    const tallied = workshop.votesLive || voteReveals.some((r) => r.step === step);
    const voteOf = (r: SqlRow) => map.vote(plainRow(r));
    const votes = !isVotingStep(step) ? []
      : tallied ? of('SELECT * FROM "Vote" WHERE "workshopId" = ? AND "workspaceId" = ? AND "step" = ? ORDER BY "createdAt", "id"', voteOf, step)
        : participants.length ? of(
          'SELECT * FROM "Vote" WHERE "workshopId" = ? AND "workspaceId" = ? AND "step" = ? AND "participantId" IN (SELECT "value" FROM json_each(?)) ORDER BY "createdAt", "id"',
          voteOf, step, JSON.stringify(participants.map((p) => p.id)),
        ) : [];
    const solutionsStep = step === 'solutions';
    const stepState = await this.getStepState(workshopId, step);
    return ballotsOf({
      workshop, voteReveals, participants, votes, stepStates: stepState ? [stepState] : [],
      stages: of('SELECT * FROM "Stage" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "createdAt", "id"', (r) => map.stage(plainRow(r))),
      channels: of('SELECT * FROM "Channel" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "id"', (r) => map.channel(plainRow(r))),
      touchpoints: of('SELECT * FROM "Touchpoint" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "id"', (r) => map.touchpoint(plainRow(r))),
      observations: of('SELECT * FROM "Observation" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "id"', (r) => map.observation(observationRow(r))),
      departments: solutionsStep ? of('SELECT * FROM "Department" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "id"', (r) => map.department(plainRow(r))) : [],
      solutions: solutionsStep ? this.solutionsOf(workshopId) : [],
      solutionRatings: solutionsStep ? this.ratingsOf(workshopId) : [],
    }, userIds);
  }

  /** A workshop's solutions with their addresses, in loadWorkshop's order. */
  private solutionsOf(workshopId: string): SolutionRecord[] {
    const addresses = new Map<string, { observationId: string }[]>();
    for (const a of this.sql.all<{ solutionId: string; observationId: string }>(
      `SELECT so."solutionId", so."observationId" FROM "SolutionObservation" so JOIN "Solution" s ON s."id" = so."solutionId"
        JOIN "Observation" o ON o."id" = so."observationId"
        WHERE s."workshopId" = ? AND s."workspaceId" = ? AND so."workspaceId" = s."workspaceId" ORDER BY o."createdAt", o."id"`,
      workshopId, this.workspaceId,
    )) {
      addresses.set(a.solutionId, [...(addresses.get(a.solutionId) ?? []), { observationId: a.observationId }]);
    }
    return this.sql.all('SELECT * FROM "Solution" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "id"', workshopId, this.workspaceId).map((r) => {
      const solution = solutionRow(r);
      return map.solution({ ...solution, addresses: addresses.get(solution.id) ?? [] });
    });
  }

  private ratingsOf(workshopId: string): WorkshopData['solutionRatings'] {
    return this.sql.all<WorkshopData['solutionRatings'][number]>(
      `SELECT r."solutionId", r."participantId", r."impact", r."effort" FROM "SolutionRating" r JOIN "Solution" s ON s."id" = r."solutionId"
        WHERE s."workshopId" = ? AND s."workspaceId" = ? AND r."workspaceId" = s."workspaceId" ORDER BY r."solutionId", r."participantId"`,
      workshopId, this.workspaceId,
    );
  }

  async listWorkshops(): Promise<WorkshopRecord[]> {
    return this.sql.all('SELECT * FROM "Workshop" WHERE "workspaceId" = ? ORDER BY "createdAt" DESC, "id" DESC', this.workspaceId)
      .map((r) => this.seen(map.workshop(workshopRow(r))));
  }

  async stagesWithKeyMoment(keyMomentId: string): Promise<StageRecord[]> {
    return this.sql.all('SELECT * FROM "Stage" WHERE "keyMomentId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "id"', keyMomentId, this.workspaceId)
      .map((r) => map.stage(plainRow(r)));
  }

  /**
   * UPDATE of the columns a patch sets (undefined ones are left alone), scoped to the workspace; throws
   * `missing()` when the row is not in the workspace, empty patch included.
   */
  private update(table: string, id: string, patch: Record<string, unknown>, allowed: readonly string[], missing: () => Error): void {
    const columns = allowed.filter((column) => patch[column] !== undefined);
    const found = columns.length === 0
      ? this.sql.get(`SELECT 1 FROM "${table}" WHERE "id" = ? AND "workspaceId" = ?`, id, this.workspaceId) !== undefined
      : this.sql.run(
        `UPDATE "${table}" SET ${columns.map((column) => `"${column}" = ?`).join(', ')} WHERE "id" = ? AND "workspaceId" = ?`,
        ...columns.map((column) => patch[column]), id, this.workspaceId,
      ) === 1;
    if (!found) throw missing();
  }

  /** A solution's addresses, in the order of their observations. */
  private addressesOf(solutionId: string): { observationId: string }[] {
    return this.sql.all<{ observationId: string }>(
      `SELECT so."observationId" FROM "SolutionObservation" so JOIN "Observation" o ON o."id" = so."observationId"
        WHERE so."solutionId" = ? AND so."workspaceId" = ? ORDER BY o."createdAt", o."id"`,
      solutionId, this.workspaceId,
    );
  }

  private seen(workshop: WorkshopRecord): WorkshopRecord {
    this.workshops.add(workshop.id);
    return workshop;
  }

  private exists(sql: string, ...params: unknown[]): boolean {
    return this.sql.get<{ found: number }>(sql, ...params)!.found === 1;
  }

  /**
   * Every write under a workshop is made only under a workshop of this workspace — above all rows keyed by
   * their workshop alone (persona, goal, deadlines), which an upsert would otherwise find in another one.
   */
  private assertWorkshop(workshopId: string): void {
    if (this.workshops.has(workshopId)) return;
    if (!this.sql.get('SELECT 1 FROM "Workshop" WHERE "id" = ? AND "workspaceId" = ?', workshopId, this.workspaceId)) throw refusal('errors.workshopNotFound');
    this.workshops.add(workshopId);
  }
}

function refusal(code: ErrorCode): DomainError {
  return new DomainError(code);
}

/** A department name already taken in its workshop (the unique index) is the engine's own refusal. */
function departmentName<T>(name: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('errors.departmentExists', { name });
    throw error;
  }
}
