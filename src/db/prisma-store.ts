// The engine's storage port (src/core/store.ts) on Prisma: what the application runs on PostgreSQL (see
// operator-store.ts for SQLite's). It works on SQLite too, where the tests check that it and SqliteStore
// read each other's rows. Every query names the transaction's workspace: rows of another workspace are
// invisible from here.
import type { NewWorkshop, Store, StoreTx, VoteRequest, VoteResult, VoteRules, WorkshopPatch } from '../core/store.js';
import type {
  ChannelRecord, DepartmentRecord, KeyMomentRecord, ObservationRecord, ParticipantRecord, RoadmapItemRecord, SolutionRecord,
  StageRecord, TouchpointRecord, VoteTarget, WorkshopData, WorkshopRecord, WorkspaceRecord, PersonaRecord,
} from '../core/records.js';
import type { Phase, Role, Step, VotingStep } from '../core/vocabulary.js';
import type { Db, OpenDatabase } from './client.js';
import type { OperatorStore, WorkshopListing } from './operator-store.js';
import { postgresVoteWriter } from './vote-writer-postgres.js';
import { sqliteVoteWriter } from './vote-writer-sqlite.js';
import { withConflictRetry } from './retry.js';
import type { Prisma } from './generated/sqlite/client.js';
import * as map from './rows.js';

type Tx = Prisma.TransactionClient;

export class PrismaStore implements Store, OperatorStore {
  private readonly db: Db;
  private readonly writeVote: (workspaceId: string, request: VoteRequest, rules: VoteRules) => Promise<{ replay: string } | VoteResult>;

  constructor(database: Pick<OpenDatabase, 'prisma' | 'raw'>, private readonly options: { transactionTimeoutMs?: number } = {}) {
    this.db = database.prisma;
    this.writeVote = database.raw.provider === 'sqlite' ? sqliteVoteWriter(database.raw.connection) : postgresVoteWriter(database.raw.pool);
  }

  castVote(workspaceId: string, request: VoteRequest, rules: VoteRules): Promise<{ replay: string } | VoteResult> {
    return withConflictRetry(() => this.writeVote(workspaceId, request, rules));
  }

  transaction<T>(workspaceId: string, work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return withConflictRetry(() => this.db.$transaction(
      (tx) => work(new PrismaStoreTx(tx, workspaceId)),
      { maxWait: 10_000, timeout: this.options.transactionTimeoutMs ?? 20_000 },
    ));
  }

  async workspaceOfWorkshop(workshopId: string): Promise<string | null> {
    return (await this.db.workshop.findUnique({ where: { id: workshopId }, select: { workspaceId: true } }))?.workspaceId ?? null;
  }

  async allWorkshops(): Promise<WorkshopListing[]> {
    const rows = await this.db.workshop.findMany({ include: { workspace: true }, orderBy: { createdAt: 'desc' } });
    return rows.map((r) => ({ id: r.id, title: r.title, step: r.step, status: r.status, platform: r.workspace.platform, externalId: r.workspace.externalId }));
  }

  async ensureWorkspace(platform: string, externalId: string, name = ''): Promise<WorkspaceRecord> {
    return withConflictRetry(async () => {
      const row = await this.db.workspace.upsert({
        where: { platform_externalId: { platform, externalId } },
        create: { platform, externalId, name },
        update: name ? { name } : {},
      });
      return { id: row.id, platform: row.platform, externalId: row.externalId, name: row.name };
    });
  }
}

class PrismaStoreTx implements StoreTx {
  constructor(private readonly tx: Tx, readonly workspaceId: string) {}

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
    await this.tx.processedDelivery.update({ where: { workspaceId_deliveryId: { workspaceId: this.workspaceId, deliveryId } }, data: { result } });
  }

  async createWorkshop(data: NewWorkshop): Promise<WorkshopRecord> {
    return map.workshop(await this.tx.workshop.create({ data: { ...data, ...this.ws } }));
  }

  async getWorkshop(workshopId: string): Promise<WorkshopRecord | null> {
    const row = await this.tx.workshop.findFirst({ where: { id: workshopId, ...this.ws } });
    return row ? map.workshop(row) : null;
  }

  async updateWorkshop(workshopId: string, expectedVersion: number, patch: WorkshopPatch): Promise<boolean> {
    const { count } = await this.tx.workshop.updateMany({
      where: { id: workshopId, version: expectedVersion, ...this.ws },
      data: { ...patch, version: { increment: 1 } },
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

  async setPersona(workshopId: string, persona: PersonaRecord): Promise<void> {
    await this.assertWorkshop(workshopId);
    await this.tx.persona.upsert({ where: { workshopId }, create: { workshopId, ...persona, ...this.ws }, update: persona });
  }

  async setGoal(workshopId: string, text: string): Promise<void> {
    await this.assertWorkshop(workshopId);
    await this.tx.goal.upsert({ where: { workshopId }, create: { workshopId, text, ...this.ws }, update: { text } });
  }

  async listDepartments(workshopId: string): Promise<DepartmentRecord[]> {
    return (await this.tx.department.findMany({ where: { workshopId, ...this.ws }, orderBy: { position: 'asc' } })).map(map.department);
  }

  async createDepartment(workshopId: string, name: string, headUserId: string | null, position: number): Promise<DepartmentRecord> {
    return map.department(await this.tx.department.create({ data: { workshopId, name, headUserId, position, ...this.ws } }));
  }

  async updateDepartment(departmentId: string, patch: { name?: string; headUserId?: string | null }): Promise<void> {
    const data = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    await this.tx.department.updateMany({ where: { id: departmentId, ...this.ws }, data });
  }

  async deleteDepartment(departmentId: string): Promise<void> {
    await this.tx.department.deleteMany({ where: { id: departmentId, ...this.ws } });
  }

  async departmentInUse(departmentId: string): Promise<boolean> {
    return (await this.tx.solution.count({ where: { departmentId, ...this.ws } })) > 0;
  }

  async findParticipant(workshopId: string, userId: string): Promise<ParticipantRecord | null> {
    const row = await this.tx.participant.findFirst({ where: { workshopId, userId, ...this.ws } });
    return row ? map.participant(row) : null;
  }

  async participationsOf(userId: string): Promise<ParticipantRecord[]> {
    return (await this.tx.participant.findMany({ where: { userId, ...this.ws } })).map(map.participant);
  }

  async createParticipant(workshopId: string, p: { userId: string; displayName: string; role: Role; departmentId: string | null }): Promise<ParticipantRecord> {
    return map.participant(await this.tx.participant.create({ data: { workshopId, ...p, ...this.ws } }));
  }

  async updateParticipant(participantId: string, patch: { displayName?: string; role?: Role; departmentId?: string | null }): Promise<void> {
    await this.tx.participant.updateMany({ where: { id: participantId, ...this.ws }, data: patch });
  }

  async listStages(workshopId: string): Promise<StageRecord[]> {
    return (await this.tx.stage.findMany({ where: { workshopId, ...this.ws }, orderBy: { position: 'asc' } })).map(map.stage);
  }

  async getStage(stageId: string): Promise<StageRecord | null> {
    const row = await this.tx.stage.findFirst({ where: { id: stageId, ...this.ws } });
    return row ? map.stage(row) : null;
  }

  async createStage(workshopId: string, s: { label: string; phase: Phase; position: number; authorId: string | null; sourceStageId?: string | null }): Promise<StageRecord> {
    return map.stage(await this.tx.stage.create({ data: { workshopId, ...s, ...this.ws } }));
  }

  async updateStage(stageId: string, patch: { label?: string; phase?: Phase; keyMomentId?: string | null }): Promise<void> {
    const data = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    await this.tx.stage.updateMany({ where: { id: stageId, ...this.ws }, data });
  }

  async setStageOrder(workshopId: string, orderedIds: string[]): Promise<void> {
    for (const [position, id] of orderedIds.entries()) {
      await this.tx.stage.updateMany({ where: { id, workshopId, ...this.ws }, data: { position } });
    }
  }

  async deleteStage(stageId: string): Promise<void> {
    await this.tx.stage.deleteMany({ where: { id: stageId, ...this.ws } });
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
    return (await this.tx.channel.findMany({ where: { workshopId, ...this.ws }, orderBy: { position: 'asc' } })).map(map.channel);
  }

  async createChannel(workshopId: string, name: string, position: number): Promise<ChannelRecord> {
    return map.channel(await this.tx.channel.create({ data: { workshopId, name, position, ...this.ws } }));
  }

  async getTouchpoint(touchpointId: string): Promise<TouchpointRecord | null> {
    const row = await this.tx.touchpoint.findFirst({ where: { id: touchpointId, ...this.ws } });
    return row ? map.touchpoint(row) : null;
  }

  async createTouchpoint(workshopId: string, t: { stageId: string; channelId: string; description: string; authorId: string | null; sourceTouchpointId?: string | null }): Promise<TouchpointRecord> {
    return map.touchpoint(await this.tx.touchpoint.create({ data: { workshopId, ...t, ...this.ws } }));
  }

  async deleteTouchpoint(touchpointId: string): Promise<void> {
    await this.tx.touchpoint.deleteMany({ where: { id: touchpointId, ...this.ws } });
  }

  async createObservation(workshopId: string, o: Omit<ObservationRecord, 'id' | 'workshopId' | 'createdAt'>): Promise<ObservationRecord> {
    return map.observation(await this.tx.observation.create({ data: { workshopId, ...o, ...this.ws } }));
  }

  async getObservation(observationId: string): Promise<ObservationRecord | null> {
    const row = await this.tx.observation.findFirst({ where: { id: observationId, ...this.ws } });
    return row ? map.observation(row) : null;
  }

  async setMomentOfTruth(observationId: string, value: boolean): Promise<void> {
    await this.tx.observation.updateMany({ where: { id: observationId, ...this.ws }, data: { momentOfTruth: value } });
  }

  async lockVoter(participantId: string): Promise<void> {
    await this.tx.participant.updateMany({ where: { id: participantId, ...this.ws }, data: { voteSeq: { increment: 1 } } });
  }

  async countVotes(participantId: string, step: VotingStep): Promise<number> {
    return this.tx.vote.count({ where: { participantId, step, ...this.ws } });
  }

  async deleteVote(participantId: string, target: VoteTarget): Promise<boolean> {
    const vote = await this.tx.vote.findFirst({ where: { participantId, ...target, ...this.ws }, select: { id: true } });
    if (!vote) return false;
    await this.tx.vote.delete({ where: { id: vote.id } });
    return true;
  }

  async setEmotion(workshopId: string, stageId: string, participantId: string, score: number): Promise<void> {
    await this.tx.emotionRating.upsert({
      where: { stageId_participantId: { stageId, participantId } },
      create: { workshopId, stageId, participantId, score, ...this.ws },
      update: { score },
    });
  }

  async createSolution(workshopId: string, s: { text: string; departmentId: string | null; authorId: string; addresses: string[] }): Promise<SolutionRecord> {
    const row = await this.tx.solution.create({
      data: { workshopId, text: s.text, departmentId: s.departmentId, authorId: s.authorId, ...this.ws, addresses: { create: s.addresses.map((observationId) => ({ observationId, ...this.ws })) } },
      include: { addresses: true },
    });
    return map.solution(row);
  }

  async getSolution(solutionId: string): Promise<SolutionRecord | null> {
    const row = await this.tx.solution.findFirst({ where: { id: solutionId, ...this.ws }, include: { addresses: true } });
    return row ? map.solution(row) : null;
  }

  async setSolutionDepartment(solutionId: string, departmentId: string): Promise<void> {
    await this.tx.solution.updateMany({ where: { id: solutionId, ...this.ws }, data: { departmentId } });
  }

  async rateSolution(solutionId: string, participantId: string, impact: number, effort: number): Promise<void> {
    await this.tx.solutionRating.upsert({
      where: { solutionId_participantId: { solutionId, participantId } },
      create: { solutionId, participantId, impact, effort, ...this.ws },
      update: { impact, effort },
    });
  }

  async replaceRoadmap(workshopId: string, items: RoadmapItemRecord[]): Promise<void> {
    await this.tx.roadmapItem.deleteMany({ where: { workshopId, ...this.ws } });
    for (const item of items) await this.tx.roadmapItem.create({ data: { workshopId, ...item, ...this.ws } });
  }

  async loadWorkshop(workshopId: string): Promise<WorkshopData | null> {
    // One query per table, one after another: with several relations included at once, Prisma sends their
    // queries together on the transaction's one connection, which node-postgres deprecates.
    const row = await this.tx.workshop.findFirst({ where: { id: workshopId, ...this.ws } });
    if (!row) return null;
    const where = { workshopId, ...this.ws };
    const persona = await this.tx.persona.findFirst({ where });
    const goal = await this.tx.goal.findFirst({ where });
    const deadlines = await this.tx.stepDeadline.findMany({ where });
    const stages = (await this.tx.stage.findMany({ where, orderBy: { position: 'asc' } })).map(map.stage);
    return {
      workshop: map.workshop(row),
      deadlines: deadlines.map((d) => ({ step: d.step as Step, dueAt: d.dueAt })),
      persona: persona ? map.persona(persona) : null,
      goal: goal?.text ?? null,
      departments: (await this.tx.department.findMany({ where, orderBy: { position: 'asc' } })).map(map.department),
      participants: (await this.tx.participant.findMany({ where, orderBy: { joinedAt: 'asc' } })).map(map.participant),
      stages,
      channels: (await this.tx.channel.findMany({ where, orderBy: { position: 'asc' } })).map(map.channel),
      touchpoints: (await this.tx.touchpoint.findMany({ where, orderBy: { createdAt: 'asc' } })).map(map.touchpoint),
      observations: (await this.tx.observation.findMany({ where, orderBy: { createdAt: 'asc' } })).map(map.observation),
      votes: (await this.tx.vote.findMany({ where })).map(map.vote),
      emotions: (await this.tx.emotionRating.findMany({ where })).map((e) => ({ stageId: e.stageId, participantId: e.participantId, score: e.score })),
      solutions: (await this.tx.solution.findMany({ where, include: { addresses: true }, orderBy: { createdAt: 'asc' } })).map(map.solution),
      solutionRatings: (await this.tx.solutionRating.findMany({ where: { solution: where, ...this.ws } })).map((r) => ({
        solutionId: r.solutionId, participantId: r.participantId, impact: r.impact, effort: r.effort,
      })),
      roadmapItems: (await this.tx.roadmapItem.findMany({ where, orderBy: { rank: 'asc' } })).map(map.roadmapItem),
    };
  }

  async listWorkshops(): Promise<WorkshopRecord[]> {
    return (await this.tx.workshop.findMany({ where: this.ws, orderBy: { createdAt: 'desc' } })).map(map.workshop);
  }

  async stagesWithKeyMoment(keyMomentId: string): Promise<StageRecord[]> {
    return (await this.tx.stage.findMany({ where: { keyMomentId, ...this.ws }, orderBy: { createdAt: 'asc' } })).map(map.stage);
  }

  /** Rows keyed by their workshop alone (persona, goal, deadlines) are written only under a workshop of this workspace. */
  private async assertWorkshop(workshopId: string): Promise<void> {
    await this.tx.workshop.findFirstOrThrow({ where: { id: workshopId, ...this.ws }, select: { id: true } });
  }
}
