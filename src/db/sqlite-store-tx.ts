// The engine's storage port inside one transaction on the embedded SQLite file, straight on better-sqlite3
// (see sqlite-store.ts for why not through Prisma). Every statement names the transaction's workspace:
// rows of another workspace are invisible from here.
import type { NewWorkshop, StoreTx, WorkshopPatch } from '../core/store.js';
import type {
  ChannelRecord, DepartmentRecord, KeyMomentRecord, ObservationRecord, ParticipantRecord, PersonaRecord, RoadmapItemRecord,
  SolutionRecord, StageRecord, TouchpointRecord, VoteTarget, WorkshopData, WorkshopRecord,
} from '../core/records.js';
import type { Phase, Role, Step, VotingStep } from '../core/vocabulary.js';
import type * as P from './generated/sqlite/client.js';
import * as map from './rows.js';
import {
  deadlineRow, newId, observationRow, plainRow, solutionRow, sqliteTimestamp, workshopRow, type SqliteStatements, type SqlRow,
} from './sqlite-sql.js';

/** Columns a patch may set, per table: patches are typed, and this list keeps the SQL text from them. */
const WORKSHOP_PATCH: readonly (keyof WorkshopPatch)[] = [
  'title', 'scope', 'language', 'mode', 'basis', 'anonymous', 'voteBudget', 'voteCap', 'step', 'status', 'closedAt',
];

export class SqliteStoreTx implements StoreTx {
  constructor(private readonly sql: SqliteStatements, readonly workspaceId: string) {}

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
    this.sql.run('UPDATE "ProcessedDelivery" SET "result" = ? WHERE "workspaceId" = ? AND "deliveryId" = ?', result, this.workspaceId, deliveryId);
  }

  async createWorkshop(data: NewWorkshop): Promise<WorkshopRecord> {
    const now = sqliteTimestamp();
    const row = this.sql.get(
      `INSERT INTO "Workshop" ("id", "workspaceId", "title", "scope", "language", "mode", "journey", "basis", "anonymous", "voteBudget", "voteCap",
        "sourceWorkshopId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId(), this.workspaceId, data.title, data.scope, data.language, data.mode, data.journey, data.basis, data.anonymous, data.voteBudget,
      data.voteCap, data.sourceWorkshopId, now, now,
    );
    return map.workshop(workshopRow(row!));
  }

  async getWorkshop(workshopId: string): Promise<WorkshopRecord | null> {
    const row = this.sql.get('SELECT * FROM "Workshop" WHERE "id" = ? AND "workspaceId" = ?', workshopId, this.workspaceId);
    return row ? map.workshop(workshopRow(row)) : null;
  }

  async updateWorkshop(workshopId: string, expectedVersion: number, patch: WorkshopPatch): Promise<boolean> {
    const columns = WORKSHOP_PATCH.filter((column) => patch[column] !== undefined);
    const set = [...columns.map((column) => `"${column}" = ?`), '"version" = "version" + 1', '"updatedAt" = ?'].join(', ');
    return this.sql.run(
      `UPDATE "Workshop" SET ${set} WHERE "id" = ? AND "version" = ? AND "workspaceId" = ?`,
      ...columns.map((column) => patch[column]), sqliteTimestamp(), workshopId, expectedVersion, this.workspaceId,
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
    return this.sql.all('SELECT * FROM "Department" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "rowid"', workshopId, this.workspaceId)
      .map((r) => map.department(plainRow(r)));
  }

  async createDepartment(workshopId: string, name: string, headUserId: string | null, position: number): Promise<DepartmentRecord> {
    const row = this.sql.get(
      'INSERT INTO "Department" ("id", "workspaceId", "workshopId", "name", "headUserId", "position") VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
      newId(), this.workspaceId, workshopId, name, headUserId, position,
    );
    return map.department(plainRow(row!));
  }

  async updateDepartment(departmentId: string, patch: { name?: string; headUserId?: string | null }): Promise<void> {
    this.update('Department', departmentId, patch, ['name', 'headUserId']);
  }

  async deleteDepartment(departmentId: string): Promise<void> {
    this.sql.run('DELETE FROM "Department" WHERE "id" = ? AND "workspaceId" = ?', departmentId, this.workspaceId);
  }

  async departmentInUse(departmentId: string): Promise<boolean> {
    return this.exists('SELECT EXISTS (SELECT 1 FROM "Solution" WHERE "departmentId" = ? AND "workspaceId" = ?) AS "found"', departmentId, this.workspaceId);
  }

  async findParticipant(workshopId: string, userId: string): Promise<ParticipantRecord | null> {
    const row = this.sql.get('SELECT * FROM "Participant" WHERE "workshopId" = ? AND "userId" = ? AND "workspaceId" = ?', workshopId, userId, this.workspaceId);
    return row ? map.participant(plainRow(row)) : null;
  }

  async participationsOf(userId: string): Promise<ParticipantRecord[]> {
    return this.sql.all('SELECT * FROM "Participant" WHERE "userId" = ? AND "workspaceId" = ?', userId, this.workspaceId).map((r) => map.participant(plainRow(r)));
  }

  async createParticipant(workshopId: string, p: { userId: string; displayName: string; role: Role; departmentId: string | null }): Promise<ParticipantRecord> {
    const row = this.sql.get(
      `INSERT INTO "Participant" ("id", "workspaceId", "workshopId", "userId", "displayName", "role", "departmentId", "joinedAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId(), this.workspaceId, workshopId, p.userId, p.displayName, p.role, p.departmentId, sqliteTimestamp(),
    );
    return map.participant(plainRow(row!));
  }

  async updateParticipant(participantId: string, patch: { displayName?: string; role?: Role; departmentId?: string | null }): Promise<void> {
    this.update('Participant', participantId, patch, ['displayName', 'role', 'departmentId']);
  }

  async listStages(workshopId: string): Promise<StageRecord[]> {
    return this.sql.all('SELECT * FROM "Stage" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "rowid"', workshopId, this.workspaceId)
      .map((r) => map.stage(plainRow(r)));
  }

  async getStage(stageId: string): Promise<StageRecord | null> {
    const row = this.sql.get('SELECT * FROM "Stage" WHERE "id" = ? AND "workspaceId" = ?', stageId, this.workspaceId);
    return row ? map.stage(plainRow(row)) : null;
  }

  async createStage(workshopId: string, s: { label: string; phase: Phase; position: number; authorId: string | null; sourceStageId?: string | null }): Promise<StageRecord> {
    const row = this.sql.get(
      `INSERT INTO "Stage" ("id", "workspaceId", "workshopId", "position", "label", "phase", "sourceStageId", "authorId", "createdAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId(), this.workspaceId, workshopId, s.position, s.label, s.phase, s.sourceStageId ?? null, s.authorId, sqliteTimestamp(),
    );
    return map.stage(plainRow(row!));
  }

  async updateStage(stageId: string, patch: { label?: string; phase?: Phase; keyMomentId?: string | null }): Promise<void> {
    this.update('Stage', stageId, patch, ['label', 'phase', 'keyMomentId']);
  }

  async setStageOrder(workshopId: string, orderedIds: string[]): Promise<void> {
    for (const [position, id] of orderedIds.entries()) {
      this.sql.run('UPDATE "Stage" SET "position" = ? WHERE "id" = ? AND "workshopId" = ? AND "workspaceId" = ?', position, id, workshopId, this.workspaceId);
    }
  }

  async deleteStage(stageId: string): Promise<void> {
    this.sql.run('DELETE FROM "Stage" WHERE "id" = ? AND "workspaceId" = ?', stageId, this.workspaceId);
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
    return this.sql.all('SELECT * FROM "Channel" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "rowid"', workshopId, this.workspaceId)
      .map((r) => map.channel(plainRow(r)));
  }

  async createChannel(workshopId: string, name: string, position: number): Promise<ChannelRecord> {
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
    const row = this.sql.get(
      `INSERT INTO "Touchpoint" ("id", "workspaceId", "workshopId", "stageId", "channelId", "description", "sourceTouchpointId", "authorId", "createdAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      newId(), this.workspaceId, workshopId, t.stageId, t.channelId, t.description, t.sourceTouchpointId ?? null, t.authorId, sqliteTimestamp(),
    );
    return map.touchpoint(plainRow(row!));
  }

  async deleteTouchpoint(touchpointId: string): Promise<void> {
    this.sql.run('DELETE FROM "Touchpoint" WHERE "id" = ? AND "workspaceId" = ?', touchpointId, this.workspaceId);
  }

  async createObservation(workshopId: string, o: Omit<ObservationRecord, 'id' | 'workshopId' | 'createdAt'>): Promise<ObservationRecord> {
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
    this.sql.run('UPDATE "Observation" SET "momentOfTruth" = ? WHERE "id" = ? AND "workspaceId" = ?', value, observationId, this.workspaceId);
  }

  async lockVoter(participantId: string): Promise<void> {
    // The transaction already holds SQLite's write lock (BEGIN IMMEDIATE); the write keeps the port's meaning.
    this.sql.run('UPDATE "Participant" SET "voteSeq" = "voteSeq" + 1 WHERE "id" = ? AND "workspaceId" = ?', participantId, this.workspaceId);
  }

  async countVotes(participantId: string, step: VotingStep): Promise<number> {
    return this.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM "Vote" WHERE "participantId" = ? AND "step" = ? AND "workspaceId" = ?', participantId, step, this.workspaceId)!.n;
  }

  async deleteVote(participantId: string, target: VoteTarget): Promise<boolean> {
    const [column, targetId] = 'observationId' in target ? ['observationId', target.observationId] : ['solutionId', target.solutionId];
    const vote = this.sql.get<{ id: string }>(
      `SELECT "id" FROM "Vote" WHERE "participantId" = ? AND "${column}" = ? AND "workspaceId" = ? ORDER BY "rowid" LIMIT 1`,
      participantId, targetId, this.workspaceId,
    );
    if (!vote) return false;
    this.sql.run('DELETE FROM "Vote" WHERE "id" = ?', vote.id);
    return true;
  }

  async setEmotion(workshopId: string, stageId: string, participantId: string, score: number): Promise<void> {
    this.sql.run(
      `INSERT INTO "EmotionRating" ("id", "workspaceId", "workshopId", "stageId", "participantId", "score", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT ("stageId", "participantId") DO UPDATE SET "score" = excluded."score", "updatedAt" = excluded."updatedAt"`,
      newId(), this.workspaceId, workshopId, stageId, participantId, score, sqliteTimestamp(),
    );
  }

  async createSolution(workshopId: string, s: { text: string; departmentId: string | null; authorId: string; addresses: string[] }): Promise<SolutionRecord> {
    const row = this.sql.get(
      'INSERT INTO "Solution" ("id", "workspaceId", "workshopId", "text", "departmentId", "authorId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
      newId(), this.workspaceId, workshopId, s.text, s.departmentId, s.authorId, sqliteTimestamp(),
    );
    const solution = solutionRow(row!);
    for (const observationId of s.addresses) {
      this.sql.run('INSERT INTO "SolutionObservation" ("solutionId", "observationId", "workspaceId") VALUES (?, ?, ?)', solution.id, observationId, this.workspaceId);
    }
    return map.solution({ ...solution, addresses: s.addresses.map((observationId) => ({ observationId })) });
  }

  async getSolution(solutionId: string): Promise<SolutionRecord | null> {
    const row = this.sql.get('SELECT * FROM "Solution" WHERE "id" = ? AND "workspaceId" = ?', solutionId, this.workspaceId);
    if (!row) return null;
    const addresses = this.sql.all<{ observationId: string }>(
      'SELECT "observationId" FROM "SolutionObservation" WHERE "solutionId" = ? AND "workspaceId" = ? ORDER BY "rowid"', solutionId, this.workspaceId,
    );
    return map.solution({ ...solutionRow(row), addresses });
  }

  async setSolutionDepartment(solutionId: string, departmentId: string): Promise<void> {
    this.sql.run('UPDATE "Solution" SET "departmentId" = ? WHERE "id" = ? AND "workspaceId" = ?', departmentId, solutionId, this.workspaceId);
  }

  async rateSolution(solutionId: string, participantId: string, impact: number, effort: number): Promise<void> {
    this.sql.run(
      `INSERT INTO "SolutionRating" ("id", "workspaceId", "solutionId", "participantId", "impact", "effort", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT ("solutionId", "participantId") DO UPDATE SET "impact" = excluded."impact", "effort" = excluded."effort", "updatedAt" = excluded."updatedAt"`,
      newId(), this.workspaceId, solutionId, participantId, impact, effort, sqliteTimestamp(),
    );
  }

  async replaceRoadmap(workshopId: string, items: RoadmapItemRecord[]): Promise<void> {
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

  async loadWorkshop(workshopId: string): Promise<WorkshopData | null> {
    const workshop = await this.getWorkshop(workshopId);
    if (!workshop) return null;
    // Every list below is scoped by the workshop, itself checked to be of this workspace just above.
    const of = <R>(sql: string, mapRow: (r: SqlRow) => R): R[] => this.sql.all(sql, workshopId, this.workspaceId).map(mapRow);
    const persona = this.sql.get('SELECT * FROM "Persona" WHERE "workshopId" = ? AND "workspaceId" = ?', workshopId, this.workspaceId);
    const addresses = new Map<string, { observationId: string }[]>();
    for (const a of this.sql.all<{ solutionId: string; observationId: string }>(
      `SELECT so."solutionId", so."observationId" FROM "SolutionObservation" so JOIN "Solution" s ON s."id" = so."solutionId"
        WHERE s."workshopId" = ? AND s."workspaceId" = ? AND so."workspaceId" = s."workspaceId" ORDER BY so."rowid"`,
      workshopId, this.workspaceId,
    )) {
      addresses.set(a.solutionId, [...(addresses.get(a.solutionId) ?? []), { observationId: a.observationId }]);
    }
    return {
      workshop,
      deadlines: of('SELECT "step", "dueAt" FROM "StepDeadline" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "rowid"', (r) => r)
        .map((r) => { const d = deadlineRow(r); return { step: d.step as Step, dueAt: d.dueAt }; }),
      persona: persona ? map.persona(plainRow<P.Persona>(persona)) : null,
      goal: this.sql.get<{ text: string }>('SELECT "text" FROM "Goal" WHERE "workshopId" = ? AND "workspaceId" = ?', workshopId, this.workspaceId)?.text ?? null,
      departments: of('SELECT * FROM "Department" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "rowid"', (r) => map.department(plainRow(r))),
      participants: of('SELECT * FROM "Participant" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "joinedAt", "rowid"', (r) => map.participant(plainRow(r))),
      stages: of('SELECT * FROM "Stage" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "rowid"', (r) => map.stage(plainRow(r))),
      channels: of('SELECT * FROM "Channel" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "position", "rowid"', (r) => map.channel(plainRow(r))),
      touchpoints: of('SELECT * FROM "Touchpoint" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "rowid"', (r) => map.touchpoint(plainRow(r))),
      observations: of('SELECT * FROM "Observation" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "rowid"', (r) => map.observation(observationRow(r))),
      votes: of('SELECT * FROM "Vote" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "rowid"', (r) => map.vote(plainRow(r))),
      emotions: of('SELECT "stageId", "participantId", "score" FROM "EmotionRating" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "rowid"', (r) => plainRow(r)),
      solutions: of('SELECT * FROM "Solution" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "rowid"', (r) => {
        const solution = solutionRow(r);
        return map.solution({ ...solution, addresses: addresses.get(solution.id) ?? [] });
      }),
      solutionRatings: of(
        `SELECT r."solutionId", r."participantId", r."impact", r."effort" FROM "SolutionRating" r JOIN "Solution" s ON s."id" = r."solutionId"
          WHERE s."workshopId" = ? AND s."workspaceId" = ? AND r."workspaceId" = s."workspaceId" ORDER BY r."rowid"`,
        (r) => plainRow(r),
      ),
      roadmapItems: of('SELECT * FROM "RoadmapItem" WHERE "workshopId" = ? AND "workspaceId" = ? ORDER BY "rank", "rowid"', (r) => map.roadmapItem(plainRow(r))),
    };
  }

  async listWorkshops(): Promise<WorkshopRecord[]> {
    return this.sql.all('SELECT * FROM "Workshop" WHERE "workspaceId" = ? ORDER BY "createdAt" DESC, "rowid" DESC', this.workspaceId)
      .map((r) => map.workshop(workshopRow(r)));
  }

  async stagesWithKeyMoment(keyMomentId: string): Promise<StageRecord[]> {
    return this.sql.all('SELECT * FROM "Stage" WHERE "keyMomentId" = ? AND "workspaceId" = ? ORDER BY "createdAt", "rowid"', keyMomentId, this.workspaceId)
      .map((r) => map.stage(plainRow(r)));
  }

  /** UPDATE of the columns a patch sets (undefined ones are left alone), scoped to the workspace. */
  private update(table: string, id: string, patch: Record<string, unknown>, allowed: readonly string[]): void {
    const columns = allowed.filter((column) => patch[column] !== undefined);
    if (columns.length === 0) return;
    this.sql.run(
      `UPDATE "${table}" SET ${columns.map((column) => `"${column}" = ?`).join(', ')} WHERE "id" = ? AND "workspaceId" = ?`,
      ...columns.map((column) => patch[column]), id, this.workspaceId,
    );
  }

  private exists(sql: string, ...params: unknown[]): boolean {
    return this.sql.get<{ found: number }>(sql, ...params)!.found === 1;
  }

  /** Rows keyed by their workshop alone (persona, goal, deadlines) are written only under a workshop of this workspace. */
  private assertWorkshop(workshopId: string): void {
    if (!this.sql.get('SELECT 1 FROM "Workshop" WHERE "id" = ? AND "workspaceId" = ?', workshopId, this.workspaceId)) {
      throw new Error(`workshop ${workshopId} is not in workspace ${this.workspaceId}`);
    }
  }
}
