// Prisma rows → the engine's records. The database stores the method's vocabularies as plain strings
// (SQLite has no enums); only the engine writes them, always from zod-checked values.
import type {
  ChannelRecord, DepartmentRecord, ObservationRecord, ParticipantRecord, PersonaRecord, RoadmapItemRecord, SolutionRecord, StageRecord,
  StepStateRecord, TouchpointRecord, VoteRecord, VoteRevealRecord, WorkshopRecord,
} from '../core/records.js';
import type * as P from './generated/sqlite/client.js';

export function workshop(r: P.Workshop): WorkshopRecord {
  return {
    id: r.id, workspaceId: r.workspaceId, title: r.title, scope: r.scope, language: r.language as WorkshopRecord['language'],
    mode: r.mode as WorkshopRecord['mode'], journey: r.journey as WorkshopRecord['journey'], basis: r.basis as WorkshopRecord['basis'],
    anonymous: r.anonymous, status: r.status as WorkshopRecord['status'], step: r.step as WorkshopRecord['step'],
    voteBudget: r.voteBudget, voteCap: r.voteCap, votesLive: r.votesLive, version: r.version, sourceWorkshopId: r.sourceWorkshopId,
    createdAt: r.createdAt, closedAt: r.closedAt,
    reminderHours: reminderHours(r.reminderHours), remindAnyTime: r.remindAnyTime, autoAdvance: r.autoAdvance,
    digestHour: r.digestHour, digestTimeZone: r.digestTimeZone, narrative: r.narrative, narrativeAt: r.narrativeAt,
  };
}

/** The stored "24,1" → [24, 1]; "" → no reminders. */
export function reminderHours(stored: string): number[] {
  return stored.split(',').map((h) => h.trim()).filter((h) => h !== '').map(Number).filter((h) => Number.isInteger(h));
}

/** [24, 1] → "24,1", as stored. */
export function storedReminderHours(hours: readonly number[]): string {
  return hours.join(',');
}

export function stepState(r: Pick<P.StepState, 'step' | 'lastNudgeAt' | 'timerEndsAt' | 'timerLeftMs' | 'timerEnded'>): StepStateRecord {
  return { step: r.step as StepStateRecord['step'], lastNudgeAt: r.lastNudgeAt, timerEndsAt: r.timerEndsAt, timerLeftMs: r.timerLeftMs, timerEnded: r.timerEnded };
}

export function persona(r: P.Persona): PersonaRecord {
  return { name: r.name, segment: r.segment, context: r.context, needs: r.needs, channelHabits: r.channelHabits, expertise: r.expertise, quote: r.quote };
}

export function department(r: P.Department): DepartmentRecord {
  return { id: r.id, workshopId: r.workshopId, name: r.name, headUserId: r.headUserId, position: r.position };
}

export function participant(r: P.Participant): ParticipantRecord {
  return { id: r.id, workshopId: r.workshopId, userId: r.userId, displayName: r.displayName, role: r.role as ParticipantRecord['role'], departmentId: r.departmentId };
}

export function stage(r: P.Stage): StageRecord {
  return {
    id: r.id, workshopId: r.workshopId, position: r.position, label: r.label, phase: r.phase as StageRecord['phase'],
    keyMomentId: r.keyMomentId, sourceStageId: r.sourceStageId, authorId: r.authorId,
  };
}

export function channel(r: P.Channel): ChannelRecord {
  return { id: r.id, workshopId: r.workshopId, name: r.name, position: r.position };
}

export function touchpoint(r: P.Touchpoint): TouchpointRecord {
  return {
    id: r.id, workshopId: r.workshopId, stageId: r.stageId, channelId: r.channelId, description: r.description,
    sourceTouchpointId: r.sourceTouchpointId, authorId: r.authorId,
  };
}

export function observation(r: P.Observation): ObservationRecord {
  return {
    id: r.id, workshopId: r.workshopId, stageId: r.stageId, touchpointId: r.touchpointId, kind: r.kind as ObservationRecord['kind'],
    text: r.text, momentOfTruth: r.momentOfTruth, authorId: r.authorId, createdAt: r.createdAt,
  };
}

export function vote(r: P.Vote): VoteRecord {
  return { id: r.id, participantId: r.participantId, step: r.step as VoteRecord['step'], observationId: r.observationId, solutionId: r.solutionId };
}

export function voteReveal(r: Pick<P.VoteReveal, 'step' | 'revealedAt'>): VoteRevealRecord {
  return { step: r.step as VoteRevealRecord['step'], revealedAt: r.revealedAt };
}

export function solution(r: P.Solution & { addresses: { observationId: string }[] }): SolutionRecord {
  return {
    id: r.id, workshopId: r.workshopId, text: r.text, departmentId: r.departmentId, authorId: r.authorId,
    addresses: r.addresses.map((a) => a.observationId), createdAt: r.createdAt,
  };
}

export function roadmapItem(r: P.RoadmapItem): RoadmapItemRecord {
  return { solutionId: r.solutionId, departmentId: r.departmentId, priority: r.priority, rank: r.rank, status: r.status as RoadmapItemRecord['status'] };
}

/**
 * A write named a row that the engine never lets a user name — a participant, a delivery id — and that row is
 * not in the transaction's workspace: a bug, not a refusal. Rows users do name (a stage, a department…) are
 * refused with the engine's coded DomainError instead (errors.stageNotFound…). Both stores throw these the same
 * way (test/db/store-contract.test.ts).
 */
export class MissingRowError extends Error {
  constructor(readonly table: 'Participant' | 'ProcessedDelivery', readonly id: string, readonly workspaceId: string) {
    super(`${table} ${id} not found in workspace ${workspaceId}`);
    this.name = 'MissingRowError';
  }
}
