// The engine's storage port (src/core/store.ts) on Prisma: what the application runs on PostgreSQL (see
// operator-store.ts for SQLite's). It works on SQLite too, where the tests check that it and SqliteStore
// read each other's rows. Every query names the transaction's workspace: rows of another workspace are
// invisible from here.
//
// The same contract as SqliteStore's (test/db/store-contract.test.ts runs both):
// - every list has a total order, ties included (never the database's whim): workshops createdAt DESC, id DESC;
//   departments and channels position, id; stages position, createdAt, id (stagesWithKeyMoment createdAt, id);
//   participants joinedAt, id; touchpoints, observations, votes and solutions createdAt, id; a solution's
//   addresses by their observations' createdAt, id; deadlines dueAt, step; step states step; emotions stageId, participantId;
//   ratings solutionId, participantId; roadmap items rank, departmentId, solutionId. deleteVote removes the
//   oldest matching vote.
// - a write naming a row that is not in this workspace changes nothing and throws: the engine's coded refusal
//   (errors.workshopNotFound for any write under a workshop, errors.stageNotFound…), or MissingRowError for
//   participants and deliveries — never Prisma's P2025; a department name taken in the workshop is
//   errors.departmentExists.
import type {
  BallotData, JobRequest, NewWorkshop, ObservationPatch, Store, StoreTx, TouchpointPatch, VoteRequest, VoteResult, VoteRules, WorkshopPatch,
} from '../core/store.js';
import type {
  ChannelRecord, DepartmentRecord, KeyMomentRecord, ObservationRecord, ParticipantRecord, RoadmapItemRecord, SolutionRecord,
  StageRecord, StepStateRecord, TouchpointRecord, VoteTarget, WorkshopData, WorkshopRecord, WorkspaceRecord, PersonaRecord,
} from '../core/records.js';
import { isVotingStep, type Phase, type Role, type Step, type VotingStep } from '../core/vocabulary.js';
import { DomainError, refuse, type ErrorCode } from '../core/errors.js';
import type { Db, OpenDatabase } from './client.js';
import type { OperatorStore, WorkshopListing } from './operator-lookups.js';
import { postgresBallotReader } from './ballot-reader-postgres.js';
import { postgresWorkshopReader } from './workshop-reader-postgres.js';
import { postgresVoteWriter } from './vote-writer-postgres.js';
import { prepared } from './pg-prepared.js';
import { sqliteVoteWriter } from './vote-writer-sqlite.js';
import { isUniqueViolation, withConflictRetry } from './retry.js';
import type { Prisma } from './generated/sqlite/client.js';
import * as map from './rows.js';
import { MissingRowError } from './rows.js';
import { TxJobs, type JobOutbox } from './jobs/outbox.js';

type Tx = Prisma.TransactionClient;

const WORKSPACE_FIELDS = { id: true, platform: true, externalId: true, name: true, uninstalledAt: true } as const;

/** A solution's addresses in the order of their observations. */
const ADDRESS_ORDER: Prisma.SolutionObservationOrderByWithRelationInput[] = [{ observation: { createdAt: 'asc' } }, { observation: { id: 'asc' } }];

export class PrismaStore implements Store, OperatorStore {
  private readonly db: Db;
  private readonly writeVote: (workspaceId: string, request: VoteRequest, rules: VoteRules) => Promise<{ replay: string } | VoteResult>;
  /** PostgreSQL: the ballot in one statement on the driver; SQLite (tests): through a transaction of the client. */
  private readonly readBallot: ((workspaceId: string, workshopId: string, userId: string) => Promise<BallotData | null>) | null;
  private readonly readWorkshop: ((workspaceId: string, workshopId: string) => Promise<WorkshopData | null>) | null;
  /** PostgreSQL: ensureWorkspace's read (every request makes it) on the driver; null: through the client. */
  private readonly findWorkspace: ((platform: string, externalId: string) => Promise<(WorkspaceRecord & { uninstalledAt: Date | null }) | null>) | null;

  /** `options.jobs`: the job queue that StoreTx.enqueue and votes record jobs for (without one, recording jobs throws). */
  constructor(database: Pick<OpenDatabase, 'prisma' | 'raw'>, private readonly options: { transactionTimeoutMs?: number; jobs?: JobOutbox } = {}) {
    this.db = database.prisma;
    this.writeVote = database.raw.provider === 'sqlite'
      ? sqliteVoteWriter(database.raw.connection, options.jobs)
      : postgresVoteWriter(database.raw.pool, options.jobs);
    this.readBallot = database.raw.provider === 'sqlite' ? null : postgresBallotReader(database.raw.pool);
    this.readWorkshop = database.raw.provider === 'sqlite' ? null : postgresWorkshopReader(database.raw.pool);
    const pool = database.raw.provider === 'sqlite' ? null : database.raw.pool;
    this.findWorkspace = pool && (async (platform, externalId) => (await pool.query<WorkspaceRecord & { uninstalledAt: Date | null }>(
      prepared('SELECT "id", "platform", "externalId", "name", "uninstalledAt" FROM "Workspace" WHERE "platform" = $1 AND "externalId" = $2', [platform, externalId]),
    )).rows[0] ?? null);
  }

  loadBallot(workspaceId: string, workshopId: string, userId: string): Promise<BallotData | null> {
    const read = this.readBallot;
    return read ? withConflictRetry(() => read(workspaceId, workshopId, userId)) : this.transaction(workspaceId, (tx) => tx.loadBallot(workshopId, userId));
  }

  loadWorkshop(workspaceId: string, workshopId: string): Promise<WorkshopData | null> {
    const read = this.readWorkshop;
    return read ? withConflictRetry(() => read(workspaceId, workshopId)) : this.transaction(workspaceId, (tx) => tx.loadWorkshop(workshopId));
  }

  castVote(workspaceId: string, request: VoteRequest, rules: VoteRules): Promise<{ replay: string } | VoteResult> {
    return withConflictRetry(() => this.writeVote(workspaceId, request, rules));
  }

  transaction<T>(workspaceId: string, work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return withConflictRetry(async () => {
      const jobs = new TxJobs(this.options.jobs);
      const result = await this.db.$transaction(
        (tx) => work(new PrismaStoreTx(tx, workspaceId, jobs)),
        { maxWait: 10_000, timeout: this.options.transactionTimeoutMs ?? 20_000 },
      );
      jobs.committed();
      return result;
    });
  }

  async workspaceOfWorkshop(workshopId: string): Promise<string | null> {
    return (await this.db.workshop.findUnique({ where: { id: workshopId }, select: { workspaceId: true } }))?.workspaceId ?? null;
  }

  async allWorkshops(): Promise<WorkshopListing[]> {
    const rows = await this.db.workshop.findMany({ include: { workspace: true }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return rows.map((r) => ({ id: r.id, title: r.title, step: r.step, status: r.status, platform: r.workspace.platform, externalId: r.workspace.externalId }));
  }

  async ensureWorkspace(platform: string, externalId: string, name = ''): Promise<WorkspaceRecord> {
    return withConflictRetry(async () => {
      // Called on every request: a workspace known, installed and named as asked needs no write. On PostgreSQL
      // that read goes straight to the driver, as votes do: Prisma's client costs several times the statement.
      const found = this.findWorkspace ? await this.findWorkspace(platform, externalId)
        : await this.db.workspace.findUnique({ where: { platform_externalId: { platform, externalId } }, select: WORKSPACE_FIELDS });
      if (found && found.uninstalledAt === null && (!name || name === found.name)) {
        return { id: found.id, platform: found.platform, externalId: found.externalId, name: found.name };
      }
      // Someone using it shows the app is installed there: a removal recorded earlier no longer stands.
      const row = await this.db.workspace.upsert({
        where: { platform_externalId: { platform, externalId } },
        create: { platform, externalId, name },
        update: { ...(name ? { name } : {}), uninstalledAt: null },
      });
      return { id: row.id, platform: row.platform, externalId: row.externalId, name: row.name };
    });
  }

  async setUninstalled(platform: string, externalId: string, at: Date | null): Promise<string | null> {
    return withConflictRetry(async () => {
      const found = await this.db.workspace.findUnique({ where: { platform_externalId: { platform, externalId } }, select: { id: true } });
      if (!found) return null;
      await this.db.workspace.update({ where: { id: found.id }, data: { uninstalledAt: at } });
      return found.id;
    });
  }

  async purgeWorkspace(workspaceId: string, since: Date): Promise<boolean> {
    return withConflictRetry(() => this.db.$transaction(async (tx) => {
      const found = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { uninstalledAt: true } });
      if (!found?.uninstalledAt || found.uninstalledAt.getTime() !== since.getTime()) return false;
      const jobs = new TxJobs(this.options.jobs);
      await jobs.discard({ query: (text, params) => tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params) }, { workspaceId });
      // Every row of the workspace goes with it (ON DELETE CASCADE on every table).
      await tx.workspace.delete({ where: { id: workspaceId } });
      return true;
    }, { maxWait: 10_000, timeout: 120_000 }));
  }
}

class PrismaStoreTx implements StoreTx {
  /** Workshops seen in this workspace by this transaction: writes under them need not look them up again. */
  private readonly workshops = new Set<string>();

  constructor(private readonly tx: Tx, readonly workspaceId: string, private readonly jobs: TxJobs) {}

  async enqueue(jobs: readonly JobRequest[]): Promise<void> {
    // Through the interactive transaction's connection: the jobs commit or roll back with the command.
    await this.jobs.record({ query: (sql, params) => this.tx.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params) }, jobs);
  }

  private get ws() {
    return { workspaceId: this.workspaceId };
  }

  async claimDelivery(deliveryId: string): Promise<{ replay: string } | null> {
    // ON CONFLICT DO NOTHING, not a caught unique violation: on PostgreSQL a failed statement aborts the
    // transaction. A concurrent claim of the same id waits here until the first one commits.
    const inserted = await this.tx.$executeRaw`INSERT INTO "ProcessedDelivery" ("workspaceId", "deliveryId", "result") VALUES (${this.workspaceId}, ${deliveryId}, '') ON CONFLICT DO NOTHING`;
    if (inserted === 1) return null;
    const row = await this.tx.processedDelivery.findUniqueOrThrow({ where: { workspaceId_deliveryId: { workspaceId: this.workspaceId, deliveryId } } });
    return { replay: row.result };
  }

  async completeDelivery(deliveryId: string, result: string): Promise<void> {
    const { count } = await this.tx.processedDelivery.updateMany({ where: { deliveryId, ...this.ws }, data: { result } });
    if (count === 0) throw new MissingRowError('ProcessedDelivery', deliveryId, this.workspaceId);
  }

  async createWorkshop(data: NewWorkshop): Promise<WorkshopRecord> {
    return this.seen(map.workshop(await this.tx.workshop.create({ data: { ...data, ...this.ws } })));
  }

  async getWorkshop(workshopId: string): Promise<WorkshopRecord | null> {
    const row = await this.tx.workshop.findFirst({ where: { id: workshopId, ...this.ws } });
    return row ? this.seen(map.workshop(row)) : null;
  }

  async updateWorkshop(workshopId: string, expectedVersion: number, patch: WorkshopPatch): Promise<boolean> {
    const { count } = await this.tx.workshop.updateMany({
      where: { id: workshopId, version: expectedVersion, ...this.ws },
      data: { ...patch, reminderHours: patch.reminderHours && map.storedReminderHours(patch.reminderHours), version: { increment: 1 } },
    });
    return count === 1;
  }

  async setDeadline(workshopId: string, step: Step, dueAt: Date | null): Promise<void> {
    await this.assertWorkshop(workshopId);
    if (dueAt === null) {
      await this.tx.stepDeadline.deleteMany({ where: { workshopId, step, ...this.ws } });
    } else {
      await this.tx.stepDeadline.upsert({ where: { workshopId_step: { workshopId, step } }, create: { workshopId, step, dueAt, ...this.ws }, update: { dueAt } });
    }
  }

  async getStepState(workshopId: string, step: Step): Promise<StepStateRecord | null> {
    const row = await this.tx.stepState.findFirst({ where: { workshopId, step, ...this.ws } });
    return row ? map.stepState(row) : null;
  }

  async saveStepState(workshopId: string, state: StepStateRecord): Promise<void> {
    await this.assertWorkshop(workshopId);
    const { step, ...fields } = state;
    await this.tx.stepState.upsert({ where: { workshopId_step: { workshopId, step } }, create: { workshopId, step, ...fields, ...this.ws }, update: fields });
  }

  async setNarrative(workshopId: string, narrative: string | null, at: Date | null): Promise<void> {
    const { count } = await this.tx.workshop.updateMany({ where: { id: workshopId, ...this.ws }, data: { narrative, narrativeAt: at } });
    if (count === 0) throw refusal('errors.workshopNotFound');
  }

  async setPersona(workshopId: string, persona: PersonaRecord): Promise<void> {
    await this.assertWorkshop(workshopId);
    await this.tx.persona.upsert({ where: { workshopId }, create: { workshopId, ...persona, ...this.ws }, update: persona });
  }

  async setGoal(workshopId: string, text: string): Promise<void> {
    await this.assertWorkshop(workshopId);
    await this.tx.goal.upsert({ where: { workshopId }, create: { workshopId, text, ...this.ws }, update: { text } });
  }

  async listDepartments(workshopId: string): Promise<DepartmentRecord[]> {
    return (await this.tx.department.findMany({ where: { workshopId, ...this.ws }, orderBy: [{ position: 'asc' }, { id: 'asc' }] })).map(map.department);
  }

  async createDepartment(workshopId: string, name: string, headUserId: string | null, position: number): Promise<DepartmentRecord> {
    await this.assertWorkshop(workshopId);
    return map.department(await departmentName(name, () => this.tx.department.create({ data: { workshopId, name, headUserId, position, ...this.ws } })));
  }

  async updateDepartment(departmentId: string, patch: { name?: string; headUserId?: string | null }): Promise<void> {
    const where = { id: departmentId, ...this.ws };
    const data = defined(patch);
    const count = Object.keys(data).length === 0
      ? await this.tx.department.count({ where })
      : (await departmentName(patch.name ?? '', () => this.tx.department.updateMany({ where, data }))).count;
    if (count === 0) throw refusal('errors.departmentNotFound');
  }

  async deleteDepartment(departmentId: string): Promise<void> {
    if ((await this.tx.department.deleteMany({ where: { id: departmentId, ...this.ws } })).count === 0) throw refusal('errors.departmentNotFound');
  }

  async departmentInUse(departmentId: string): Promise<boolean> {
    return (await this.tx.solution.count({ where: { departmentId, ...this.ws } })) > 0;
  }

  async findParticipant(workshopId: string, userId: string): Promise<ParticipantRecord | null> {
    const row = await this.tx.participant.findFirst({ where: { workshopId, userId, ...this.ws } });
    return row ? map.participant(row) : null;
  }

  async participationsOf(userId: string): Promise<ParticipantRecord[]> {
    return (await this.tx.participant.findMany({ where: { userId, ...this.ws }, orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }] })).map(map.participant);
  }

  async createParticipant(workshopId: string, p: { userId: string; displayName: string; role: Role; departmentId: string | null }): Promise<ParticipantRecord> {
    await this.assertWorkshop(workshopId);
    return map.participant(await this.tx.participant.create({ data: { workshopId, ...p, ...this.ws } }));
  }

  async updateParticipant(participantId: string, patch: { displayName?: string; role?: Role; departmentId?: string | null }): Promise<void> {
    const where = { id: participantId, ...this.ws };
    const data = defined(patch);
    const count = Object.keys(data).length === 0 ? await this.tx.participant.count({ where }) : (await this.tx.participant.updateMany({ where, data })).count;
    if (count === 0) throw new MissingRowError('Participant', participantId, this.workspaceId);
  }

  async listStages(workshopId: string): Promise<StageRecord[]> {
    return (await this.tx.stage.findMany({ where: { workshopId, ...this.ws }, orderBy: STAGE_ORDER })).map(map.stage);
  }

  async getStage(stageId: string): Promise<StageRecord | null> {
    const row = await this.tx.stage.findFirst({ where: { id: stageId, ...this.ws } });
    return row ? map.stage(row) : null;
  }

  async createStage(workshopId: string, s: { label: string; phase: Phase; position: number; authorId: string | null; sourceStageId?: string | null }): Promise<StageRecord> {
    await this.assertWorkshop(workshopId);
    return map.stage(await this.tx.stage.create({ data: { workshopId, ...s, ...this.ws } }));
  }

  async updateStage(stageId: string, patch: { label?: string; phase?: Phase; keyMomentId?: string | null }): Promise<void> {
    const where = { id: stageId, ...this.ws };
    const data = defined(patch);
    const count = Object.keys(data).length === 0 ? await this.tx.stage.count({ where }) : (await this.tx.stage.updateMany({ where, data })).count;
    if (count === 0) throw refusal('errors.stageNotFound');
  }

  async setStageOrder(workshopId: string, orderedIds: string[]): Promise<void> {
    await this.assertWorkshop(workshopId);
    for (const [position, id] of orderedIds.entries()) {
      const { count } = await this.tx.stage.updateMany({ where: { id, workshopId, ...this.ws }, data: { position } });
      if (count === 0) throw refusal('errors.stageNotFound');
    }
  }

  async deleteStage(stageId: string): Promise<void> {
    if ((await this.tx.stage.deleteMany({ where: { id: stageId, ...this.ws } })).count === 0) throw refusal('errors.stageNotFound');
  }

  async stageHasContributions(stageId: string): Promise<boolean> {
    const where = { stageId, ...this.ws };
    const counts = [await this.tx.observation.count({ where }), await this.tx.emotionRating.count({ where }), await this.tx.touchpoint.count({ where })];
    return counts.some((n) => n > 0);
  }

  async createKeyMoment(label: string): Promise<KeyMomentRecord> {
    const row = await this.tx.keyMoment.create({ data: { label, ...this.ws } });
    return { id: row.id, label: row.label };
  }

  async getKeyMoment(id: string): Promise<KeyMomentRecord | null> {
    const row = await this.tx.keyMoment.findFirst({ where: { id, ...this.ws } });
    return row ? { id: row.id, label: row.label } : null;
  }

  async listChannels(workshopId: string): Promise<ChannelRecord[]> {
    return (await this.tx.channel.findMany({ where: { workshopId, ...this.ws }, orderBy: [{ position: 'asc' }, { id: 'asc' }] })).map(map.channel);
  }

  async createChannel(workshopId: string, name: string, position: number): Promise<ChannelRecord> {
    await this.assertWorkshop(workshopId);
    return map.channel(await this.tx.channel.create({ data: { workshopId, name, position, ...this.ws } }));
  }

  async getTouchpoint(touchpointId: string): Promise<TouchpointRecord | null> {
    const row = await this.tx.touchpoint.findFirst({ where: { id: touchpointId, ...this.ws } });
    return row ? map.touchpoint(row) : null;
  }

  async createTouchpoint(workshopId: string, t: { stageId: string; channelId: string; description: string; authorId: string | null; sourceTouchpointId?: string | null }): Promise<TouchpointRecord> {
    await this.assertWorkshop(workshopId);
    return map.touchpoint(await this.tx.touchpoint.create({ data: { workshopId, ...t, ...this.ws } }));
  }

  async deleteTouchpoint(touchpointId: string): Promise<void> {
    if ((await this.tx.touchpoint.deleteMany({ where: { id: touchpointId, ...this.ws } })).count === 0) throw refusal('errors.touchpointNotFound');
  }

  async updateTouchpoint(touchpointId: string, patch: TouchpointPatch): Promise<void> {
    const where = { id: touchpointId, ...this.ws };
    const data = defined(patch);
    const count = Object.keys(data).length === 0 ? await this.tx.touchpoint.count({ where }) : (await this.tx.touchpoint.updateMany({ where, data })).count;
    if (count === 0) throw refusal('errors.touchpointNotFound');
  }

  async moveTouchpointReferences(fromIds: readonly string[], toId: string): Promise<void> {
    if ((await this.tx.touchpoint.count({ where: { id: toId, ...this.ws } })) === 0) throw refusal('errors.touchpointNotFound');
    const from = { in: [...fromIds] };
    await this.tx.observation.updateMany({ where: { touchpointId: from, ...this.ws }, data: { touchpointId: toId } });
    await this.tx.touchpoint.updateMany({ where: { sourceTouchpointId: from, ...this.ws }, data: { sourceTouchpointId: toId } });
  }

  async markCellUnused(workshopId: string, stageId: string, channelId: string): Promise<void> {
    await this.assertWorkshop(workshopId);
    // The handler checked the stage and channel belong to this workshop; the key is theirs alone.
    await this.tx.unusedCell.upsert({
      where: { stageId_channelId: { stageId, channelId } },
      create: { workshopId, stageId, channelId, ...this.ws },
      update: {},
    });
  }

  async markCellUsed(stageId: string, channelId: string): Promise<boolean> {
    return (await this.tx.unusedCell.deleteMany({ where: { stageId, channelId, ...this.ws } })).count > 0;
  }

  async createObservation(workshopId: string, o: Omit<ObservationRecord, 'id' | 'workshopId' | 'createdAt'>): Promise<ObservationRecord> {
    await this.assertWorkshop(workshopId);
    return map.observation(await this.tx.observation.create({ data: { workshopId, ...o, ...this.ws } }));
  }

  async getObservation(observationId: string): Promise<ObservationRecord | null> {
    const row = await this.tx.observation.findFirst({ where: { id: observationId, ...this.ws } });
    return row ? map.observation(row) : null;
  }

  async setMomentOfTruth(observationId: string, value: boolean): Promise<void> {
    const { count } = await this.tx.observation.updateMany({ where: { id: observationId, ...this.ws }, data: { momentOfTruth: value } });
    if (count === 0) throw refusal('errors.observationNotFound');
  }

  async updateObservation(observationId: string, patch: ObservationPatch): Promise<void> {
    const where = { id: observationId, ...this.ws };
    const data = defined(patch);
    const count = Object.keys(data).length === 0 ? await this.tx.observation.count({ where }) : (await this.tx.observation.updateMany({ where, data })).count;
    if (count === 0) throw refusal('errors.observationNotFound');
  }

  async deleteObservation(observationId: string): Promise<void> {
    // Its votes and its links to solutions go with it (ON DELETE CASCADE).
    if ((await this.tx.observation.deleteMany({ where: { id: observationId, ...this.ws } })).count === 0) throw refusal('errors.observationNotFound');
  }

  async moveVotes(voteIds: readonly string[], observationId: string): Promise<void> {
    if ((await this.tx.observation.count({ where: { id: observationId, ...this.ws } })) === 0) throw refusal('errors.observationNotFound');
    for (const id of voteIds) {
      const { count } = await this.tx.vote.updateMany({ where: { id, observationId: { not: null }, ...this.ws }, data: { observationId } });
      if (count === 0) throw refusal('errors.voteNotFound');
    }
  }

  async linkSolutionsOf(fromIds: readonly string[], toId: string): Promise<void> {
    if ((await this.tx.observation.count({ where: { id: toId, ...this.ws } })) === 0) throw refusal('errors.observationNotFound');
    const linked = async (observationId: string | { in: string[] }) =>
      (await this.tx.solutionObservation.findMany({ where: { observationId, ...this.ws }, select: { solutionId: true } })).map((l) => l.solutionId);
    const already = new Set(await linked(toId));
    for (const solutionId of new Set(await linked({ in: [...fromIds] }))) {
      if (!already.has(solutionId)) await this.tx.solutionObservation.create({ data: { solutionId, observationId: toId, ...this.ws } });
    }
  }

  async lockVoter(participantId: string): Promise<void> {
    const { count } = await this.tx.participant.updateMany({ where: { id: participantId, ...this.ws }, data: { voteSeq: { increment: 1 } } });
    if (count === 0) throw new MissingRowError('Participant', participantId, this.workspaceId);
  }

  async countVotes(participantId: string, step: VotingStep): Promise<number> {
    return this.tx.vote.count({ where: { participantId, step, ...this.ws } });
  }

  async deleteVote(participantId: string, target: VoteTarget): Promise<boolean> {
    const vote = await this.tx.vote.findFirst({ where: { participantId, ...target, ...this.ws }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
    if (!vote) return false;
    await this.tx.vote.delete({ where: { id: vote.id } });
    return true;
  }

  async revealVotes(workshopId: string, step: VotingStep, at: Date): Promise<boolean> {
    await this.assertWorkshop(workshopId);
    const key = { workshopId_step: { workshopId, step } };
    if (await this.tx.voteReveal.findUnique({ where: key, select: { step: true } })) return false;
    // An upsert, not a create: a concurrent reveal of the same step must not fail this one.
    await this.tx.voteReveal.upsert({ where: key, create: { workshopId, step, revealedAt: at, ...this.ws }, update: {} });
    return true;
  }

  async setEmotion(workshopId: string, stageId: string, participantId: string, score: number): Promise<void> {
    // The upsert is keyed by stage and participant alone: checking the stage keeps it off another workspace's rating.
    await this.assertWorkshop(workshopId);
    if ((await this.tx.stage.count({ where: { id: stageId, workshopId, ...this.ws } })) === 0) throw refusal('errors.stageNotFound');
    await this.tx.emotionRating.upsert({
      where: { stageId_participantId: { stageId, participantId } },
      create: { workshopId, stageId, participantId, score, ...this.ws },
      update: { score },
    });
  }

  async createSolution(workshopId: string, s: { text: string; departmentId: string | null; authorId: string; addresses: string[] }): Promise<SolutionRecord> {
    await this.assertWorkshop(workshopId);
    const row = await this.tx.solution.create({
      data: { workshopId, text: s.text, departmentId: s.departmentId, authorId: s.authorId, ...this.ws, addresses: { create: s.addresses.map((observationId) => ({ observationId, ...this.ws })) } },
      include: { addresses: { orderBy: ADDRESS_ORDER } },
    });
    return map.solution(row);
  }

  async getSolution(solutionId: string): Promise<SolutionRecord | null> {
    const row = await this.tx.solution.findFirst({ where: { id: solutionId, ...this.ws }, include: { addresses: { orderBy: ADDRESS_ORDER } } });
    return row ? map.solution(row) : null;
  }

  async setSolutionDepartment(solutionId: string, departmentId: string): Promise<void> {
    const { count } = await this.tx.solution.updateMany({ where: { id: solutionId, ...this.ws }, data: { departmentId } });
    if (count === 0) throw refusal('errors.solutionNotFound');
  }

  async updateSolution(solutionId: string, patch: { text?: string; addresses?: string[] }): Promise<void> {
    const where = { id: solutionId, ...this.ws };
    const count = patch.text === undefined ? await this.tx.solution.count({ where }) : (await this.tx.solution.updateMany({ where, data: { text: patch.text } })).count;
    if (count === 0) throw refusal('errors.solutionNotFound');
    if (!patch.addresses) return;
    await this.tx.solutionObservation.deleteMany({ where: { solutionId, ...this.ws } });
    for (const observationId of patch.addresses) await this.tx.solutionObservation.create({ data: { solutionId, observationId, ...this.ws } });
  }

  async deleteSolution(solutionId: string): Promise<void> {
    // Its links, ratings, votes and roadmap item go with it (ON DELETE CASCADE).
    if ((await this.tx.solution.deleteMany({ where: { id: solutionId, ...this.ws } })).count === 0) throw refusal('errors.solutionNotFound');
  }

  async rateSolution(solutionId: string, participantId: string, impact: number, effort: number): Promise<void> {
    // The upsert is keyed by solution and participant alone: checking the solution keeps it off another workspace's rating.
    if ((await this.tx.solution.count({ where: { id: solutionId, ...this.ws } })) === 0) throw refusal('errors.solutionNotFound');
    await this.tx.solutionRating.upsert({
      where: { solutionId_participantId: { solutionId, participantId } },
      create: { solutionId, participantId, impact, effort, ...this.ws },
      update: { impact, effort },
    });
  }

  async replaceRoadmap(workshopId: string, items: RoadmapItemRecord[]): Promise<void> {
    await this.assertWorkshop(workshopId);
    await this.tx.roadmapItem.deleteMany({ where: { workshopId, ...this.ws } });
    for (const item of items) await this.tx.roadmapItem.create({ data: { workshopId, ...item, ...this.ws } });
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    const sql = { query: (text: string, params: readonly unknown[]) => this.tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params) };
    const keyMoments = (await this.tx.stage.findMany({ where: { ...this.ws, workshopId, keyMomentId: { not: null } }, select: { keyMomentId: true }, distinct: ['keyMomentId'] }))
      .map((r) => r.keyMomentId!);
    // A target journey's stages and touchpoints copied from it keep no link to rows that are gone (their
    // source columns have no foreign key to set them null).
    await this.tx.$executeRaw`UPDATE "Stage" SET "sourceStageId" = NULL WHERE "workspaceId" = ${this.workspaceId}
      AND "sourceStageId" IN (SELECT "id" FROM "Stage" WHERE "workshopId" = ${workshopId} AND "workspaceId" = ${this.workspaceId})`;
    await this.tx.$executeRaw`UPDATE "Touchpoint" SET "sourceTouchpointId" = NULL WHERE "workspaceId" = ${this.workspaceId}
      AND "sourceTouchpointId" IN (SELECT "id" FROM "Touchpoint" WHERE "workshopId" = ${workshopId} AND "workspaceId" = ${this.workspaceId})`;
    // Every table below the workshop goes with it (ON DELETE CASCADE); a target journey started from it is unlinked.
    if ((await this.tx.workshop.deleteMany({ where: { ...this.ws, id: workshopId } })).count === 0) refuse('errors.workshopNotFound');
    await this.jobs.discard(sql, { workspaceId: this.workspaceId, workshopId });
    // A re-delivery's recorded result names the workshop it created or changed: it goes too.
    await this.tx.processedDelivery.deleteMany({ where: { ...this.ws, result: { contains: workshopId } } });
    if (keyMoments.length) await this.tx.keyMoment.deleteMany({ where: { ...this.ws, id: { in: keyMoments }, stages: { none: {} } } });
    this.workshops.delete(workshopId);
  }

  async loadWorkshop(workshopId: string): Promise<WorkshopData | null> {
    // One query per table, one after another: with several relations included at once, Prisma sends their
    // queries together on the transaction's one connection, which node-postgres deprecates.
    const row = await this.tx.workshop.findFirst({ where: { id: workshopId, ...this.ws } });
    if (!row) return null;
    this.workshops.add(row.id);
    const where = { workshopId, ...this.ws };
    const persona = await this.tx.persona.findFirst({ where });
    const goal = await this.tx.goal.findFirst({ where });
    const deadlines = await this.tx.stepDeadline.findMany({ where, orderBy: [{ dueAt: 'asc' }, { step: 'asc' }] });
    const stages = (await this.tx.stage.findMany({ where, orderBy: STAGE_ORDER })).map(map.stage);
    return {
      workshop: map.workshop(row),
      deadlines: deadlines.map((d) => ({ step: d.step as Step, dueAt: d.dueAt })),
      stepStates: (await this.tx.stepState.findMany({ where, orderBy: [{ step: 'asc' }] })).map(map.stepState),
      persona: persona ? map.persona(persona) : null,
      goal: goal?.text ?? null,
      departments: (await this.tx.department.findMany({ where, orderBy: [{ position: 'asc' }, { id: 'asc' }] })).map(map.department),
      participants: (await this.tx.participant.findMany({ where, orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }] })).map(map.participant),
      stages,
      channels: (await this.tx.channel.findMany({ where, orderBy: [{ position: 'asc' }, { id: 'asc' }] })).map(map.channel),
      touchpoints: (await this.tx.touchpoint.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(map.touchpoint),
      unusedCells: (await this.tx.unusedCell.findMany({ where, orderBy: [{ stageId: 'asc' }, { channelId: 'asc' }], select: { stageId: true, channelId: true } })),
      observations: (await this.tx.observation.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(map.observation),
      votes: (await this.tx.vote.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(map.vote),
      voteReveals: (await this.tx.voteReveal.findMany({ where, orderBy: [{ revealedAt: 'asc' }, { step: 'asc' }] })).map(map.voteReveal),
      emotions: (await this.tx.emotionRating.findMany({ where, orderBy: [{ stageId: 'asc' }, { participantId: 'asc' }] }))
        .map((e) => ({ stageId: e.stageId, participantId: e.participantId, score: e.score })),
      solutions: (await this.tx.solution.findMany({ where, include: { addresses: { orderBy: ADDRESS_ORDER } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }))
        .map(map.solution),
      solutionRatings: (await this.tx.solutionRating.findMany({
        where: { solution: where, ...this.ws }, orderBy: [{ solutionId: 'asc' }, { participantId: 'asc' }],
      })).map((r) => ({
        solutionId: r.solutionId, participantId: r.participantId, impact: r.impact, effort: r.effort,
      })),
      roadmapItems: (await this.tx.roadmapItem.findMany({ where, orderBy: [{ rank: 'asc' }, { departmentId: 'asc' }, { solutionId: 'asc' }] })).map(map.roadmapItem),
    };
  }

  async loadBallot(workshopId: string, userId: string): Promise<BallotData | null> {
    // One query at a time, as loadWorkshop; the whole workshop's other tables are not read at all.
    const row = await this.tx.workshop.findFirst({ where: { id: workshopId, ...this.ws } });
    if (!row) return null;
    this.workshops.add(row.id);
    const workshop = map.workshop(row);
    const where = { workshopId, ...this.ws };
    const voteReveals = (await this.tx.voteReveal.findMany({ where, orderBy: [{ revealedAt: 'asc' }, { step: 'asc' }] })).map(map.voteReveal);
    const participants = (await this.tx.participant.findMany({ where: { ...where, userId }, orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }] })).map(map.participant);
    const step = workshop.step;
    const tallied = workshop.votesLive || voteReveals.some((r) => r.step === step);
    const me = participants[0];
    const votes = isVotingStep(step) && (tallied || me)
      ? (await this.tx.vote.findMany({ where: { ...where, step, ...(tallied ? {} : { participantId: me!.id }) }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(map.vote)
      : [];
    const solutionsStep = step === 'solutions';
    const stepState = await this.getStepState(workshopId, step);
    return {
      workshop, voteReveals, participants, votes, stepStates: stepState ? [stepState] : [],
      stages: (await this.tx.stage.findMany({ where, orderBy: STAGE_ORDER })).map(map.stage),
      channels: (await this.tx.channel.findMany({ where, orderBy: [{ position: 'asc' }, { id: 'asc' }] })).map(map.channel),
      touchpoints: (await this.tx.touchpoint.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(map.touchpoint),
      observations: (await this.tx.observation.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(map.observation),
      departments: solutionsStep ? (await this.tx.department.findMany({ where, orderBy: [{ position: 'asc' }, { id: 'asc' }] })).map(map.department) : [],
      solutions: solutionsStep
        ? (await this.tx.solution.findMany({ where, include: { addresses: { orderBy: ADDRESS_ORDER } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(map.solution)
        : [],
      solutionRatings: solutionsStep
        ? (await this.tx.solutionRating.findMany({ where: { solution: where, ...this.ws }, orderBy: [{ solutionId: 'asc' }, { participantId: 'asc' }] }))
          .map((r) => ({ solutionId: r.solutionId, participantId: r.participantId, impact: r.impact, effort: r.effort }))
        : [],
    };
  }

  async listWorkshops(): Promise<WorkshopRecord[]> {
    return (await this.tx.workshop.findMany({ where: this.ws, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })).map((r) => this.seen(map.workshop(r)));
  }

  async stagesWithKeyMoment(keyMomentId: string): Promise<StageRecord[]> {
    return (await this.tx.stage.findMany({ where: { keyMomentId, ...this.ws }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(map.stage);
  }

  /**
   * Every write under a workshop is made only under a workshop of this workspace — above all rows keyed by
   * their workshop alone (persona, goal, deadlines), which an upsert would otherwise find in another one.
   * Workshops this transaction already read or created are not looked up again.
   */
  private async assertWorkshop(workshopId: string): Promise<void> {
    if (this.workshops.has(workshopId)) return;
    if (!(await this.tx.workshop.findFirst({ where: { id: workshopId, ...this.ws }, select: { id: true } }))) throw refusal('errors.workshopNotFound');
    this.workshops.add(workshopId);
  }

  private seen(workshop: WorkshopRecord): WorkshopRecord {
    this.workshops.add(workshop.id);
    return workshop;
  }
}

const STAGE_ORDER: Prisma.StageOrderByWithRelationInput[] = [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }];

function refusal(code: ErrorCode): DomainError {
  return new DomainError(code);
}

/** The patch's set fields: undefined leaves a column alone. */
function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A department name already taken in its workshop (the unique index) is the engine's own refusal. On
 * PostgreSQL the failed statement has aborted the transaction, which the refusal rolls back.
 */
async function departmentName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('errors.departmentExists', { name });
    throw error;
  }
}
