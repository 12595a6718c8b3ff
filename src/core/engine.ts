// The engine: validates a command, applies it in one transaction with its delivery id, and answers
// queries. It decides nothing itself — each step's file holds its rules — it only wires them to storage.
import { CommandSchema, type Command, type CommandInput, type CommandOf, type CommandType } from './commands.js';
import { changed, type Actor, type Effect, type HandlerResult, type Warning, type WorkshopContext } from './context.js';
import { DomainError, isDomainError, refuse } from './errors.js';
import { advanceStep, closeWorkshop, deleteWorkshop, reopenStep } from './facilitation.js';
import { addDepartment, createWorkshop, editDepartment, editFraming, ensureParticipant, join, removeDepartment, setDeadline } from './framing.js';
import {
  addObservation, editObservation, flagMomentOfTruth, moveObservation, rateEmotion, removeObservation, revealVotes, unvote, voteOutcome, voteRules,
} from './evaluation.js';
import { mergeObservations, mergeTouchpoints } from './merge.js';
import { setNarrative } from './narrative.js';
import { setGoal, setPersona } from './persona.js';
import type { ParticipantRecord } from './records.js';
import { startTargetJourney } from './roadmap.js';
import { assignDepartment, editSolution, proposeSolution, rateSolution, removeSolution } from './solutions.js';
import { addStage, editStage, linkKeyMoment, removeStage, reorderStage } from './stages.js';
import type { JobRequest, Store, StoreTx, VoteResult } from './store.js';
import { addTouchpoint, markCellUnused, markCellUsed, removeTouchpoint } from './touchpoints.js';
import { checkTimerLock, endTimer, extendTimer, nudge, pauseTimer, resumeTimer, setTiming, startTimer, stopTimer } from './timing-commands.js';
import { checkAccess } from './workflow.js';
import { LIMITS } from './limits.js';

// createWorkshop has no workshop yet, and votes go through the store's own path (Store.castVote).
type WorkshopCommandType = Exclude<CommandType, 'createWorkshop' | 'vote'>;
type Handler<T extends WorkshopCommandType> = (ctx: WorkshopContext, c: Extract<Command, { type: T }>) => Promise<HandlerResult<object>>;

/** Exhaustive: a command without a handler fails to compile. */
const HANDLERS: { [T in WorkshopCommandType]: Handler<T> } = {
  editFraming, setDeadline, addDepartment, editDepartment, removeDepartment, join,
  setPersona, setGoal,
  addStage, editStage, reorderStage, removeStage, linkKeyMoment,
  addTouchpoint, removeTouchpoint, markCellUnused, markCellUsed, mergeTouchpoints,
  addObservation, flagMomentOfTruth, rateEmotion, unvote, revealVotes, editObservation, moveObservation, removeObservation, mergeObservations,
  proposeSolution, rateSolution, assignDepartment, editSolution, removeSolution,
  advanceStep, reopenStep, closeWorkshop, deleteWorkshop, startTargetJourney, setNarrative,
  setTiming, nudge, startTimer, pauseTimer, resumeTimer, extendTimer, stopTimer, endTimer,
};

export interface RefusalView {
  code: DomainError['code'];
  params: Record<string, string | number>;
}

export type Outcome<R = Record<string, unknown>> =
  | { ok: true; type: CommandType; result: R; warnings: Warning[]; effects: Effect[]; replayed: boolean }
  | { ok: false; type: CommandType | null; error: RefusalView };

/** All the commands of a batch applied, or the first refused one (by its index) and nothing applied. */
export type BatchOutcome =
  | { ok: true; outcomes: Extract<Outcome, { ok: true }>[]; replayed: boolean }
  | { ok: false; index: number; type: CommandType | null; error: RefusalView };

export interface ExecuteOptions {
  /** The platform's delivery / event id: a re-delivery with the same id is not applied again. */
  deliveryId?: string;
  /** Where the command came from, for the jobs that follow it (see JobPlanner). */
  origin?: JobOrigin;
  /** More jobs to record with the commands when they apply (what only the caller knows to do after them). */
  jobs?: readonly JobRequest[];
}

export interface Clock {
  now(): Date;
}

/**
 * Turns what commands changed into the jobs that must follow (refresh the workshop's messages, deliver the
 * map…). The conversation layer provides it; the engine records its jobs in the command's transaction.
 */
export type JobPlanner = (effects: readonly Effect[], actor: Actor, origin: JobOrigin | undefined) => JobRequest[];

/** Where a command came from (platform, conversation…): opaque to the engine, handed to the planner. */
export type JobOrigin = Readonly<Record<string, string | null>>;

export interface EngineOptions {
  clock?: Clock;
  plan?: JobPlanner;
}

export class Engine {
  private readonly clock: Clock;
  private readonly plan: JobPlanner;

  constructor(private readonly store: Store, options: EngineOptions = {}) {
    this.clock = options.clock ?? { now: () => new Date() };
    this.plan = options.plan ?? (() => []);
  }

  /** Validates and applies one command. Refusals come back as values, never half-applied. */
  async execute<R = Record<string, unknown>>(actor: Actor, input: CommandInput | unknown, options: ExecuteOptions = {}): Promise<Outcome<R>> {
    const parsed = parseCommand(input);
    if (!parsed.ok) return parsed.refusal;
    const command = parsed.command;
    if (!validDeliveryId(options.deliveryId)) return invalidDelivery(command.type);
    if (command.type === 'vote') return this.guard(command.type, async () => (await this.castVote(actor, command, options)) as unknown as Outcome<R>);
    const batch = await this.applyAll(actor, [command], options);
    return (batch.ok ? { ...batch.outcomes[0]!, replayed: batch.replayed } : { ok: false, type: batch.type, error: batch.error }) as Outcome<R>;
  }

  /**
   * Validates and applies several commands as one: all of them or none (a form that sets the persona and
   * the goal, say). Votes are not batched: they have their own path.
   */
  async executeAll(actor: Actor, inputs: readonly unknown[], options: ExecuteOptions = {}): Promise<BatchOutcome> {
    const commands: Command[] = [];
    for (const [index, input] of inputs.entries()) {
      const parsed = parseCommand(input);
      if (!parsed.ok) return { ok: false, index, type: parsed.refusal.type, error: parsed.refusal.error };
      if (parsed.command.type === 'vote') return { ok: false, index, type: 'vote', error: { code: 'errors.invalidCommand', params: { field: 'type', reason: 'validation.notAllowed' } } };
      commands.push(parsed.command);
    }
    if (!validDeliveryId(options.deliveryId)) return { ...invalidDelivery(commands[0]?.type ?? null), index: 0 };
    return this.applyAll(actor, commands, options);
  }

  private async applyAll(actor: Actor, commands: Command[], options: ExecuteOptions): Promise<BatchOutcome> {
    const { deliveryId } = options;
    let current = 0;
    const result = await this.guard(commands[0]?.type ?? null, () => this.store.transaction(actor.workspaceId, async (tx): Promise<BatchOutcome> => {
      if (deliveryId !== undefined) {
        const previous = await tx.claimDelivery(deliveryId);
        if (previous) return { ...(JSON.parse(previous.replay) as Extract<BatchOutcome, { ok: true }>), replayed: true };
      }
      const outcomes: Extract<Outcome, { ok: true }>[] = [];
      for (const [index, command] of commands.entries()) {
        current = index;
        const applied = await this.apply(tx, actor, command);
        outcomes.push({
          ok: true, type: command.type, result: applied.result as Record<string, unknown>, warnings: applied.warnings ?? [], effects: applied.effects ?? [], replayed: false,
        });
      }
      const batch: BatchOutcome = { ok: true, outcomes, replayed: false };
      const jobs = [...this.plan(outcomes.flatMap((o) => o.effects), actor, options.origin), ...(options.jobs ?? [])];
      if (jobs.length) await tx.enqueue(jobs);
      if (deliveryId !== undefined) await tx.completeDelivery(deliveryId, JSON.stringify(batch));
      return batch;
    }));
    // Inside the transaction only complete batches are returned: anything else is the refusal of command `current`.
    return result.ok ? result : { ok: false, index: current, type: commands[current]?.type ?? null, error: result.error };
  }

  /** Runs work that may be refused: a DomainError becomes a refusal value, anything else stays an error. */
  private async guard<T>(type: CommandType | null, work: () => Promise<T>): Promise<T | { ok: false; type: CommandType | null; error: RefusalView }> {
    try {
      return await work();
    } catch (error) {
      if (isDomainError(error)) return { ok: false, type, error: { code: error.code, params: error.params } };
      throw error;
    }
  }

  private async castVote(actor: Actor, command: CommandOf<'vote'>, options: ExecuteOptions): Promise<Outcome<VoteResult>> {
    const jobs = this.plan([changed(command.workshopId)], actor, options.origin);
    const request = { workshopId: command.workshopId, userId: actor.userId, displayName: actor.displayName ?? '', target: command.target, deliveryId: options.deliveryId, jobs };
    const cast = await this.store.castVote(actor.workspaceId, request, voteRules(command.workshopId, command.target));
    if ('replay' in cast) return { ...(JSON.parse(cast.replay) as ReturnType<typeof voteOutcome>), replayed: true };
    return voteOutcome(command.workshopId, cast);
  }

  private async apply(tx: StoreTx, actor: Actor, command: Command): Promise<HandlerResult<object>> {
    if (command.type === 'createWorkshop') return createWorkshop(tx, actor, command);
    if (command.type === 'vote') throw new Error('votes go through Store.castVote');
    const workshop = await tx.getWorkshop(command.workshopId);
    if (!workshop) refuse('errors.workshopNotFound');
    const existing = await tx.findParticipant(workshop.id, actor.userId);
    checkAccess(command.type, workshop, existing);
    await checkTimerLock(tx, command.type, workshop);
    let participant: ParticipantRecord | null = existing;
    const ctx: WorkshopContext = {
      tx, actor, workshop, existingParticipant: existing, now: this.clock.now(),
      participant: async () => (participant ??= await ensureParticipant(tx, workshop.id, actor)),
    };
    const handler = HANDLERS[command.type] as Handler<typeof command.type>;
    return handler(ctx, command as never);
  }
}

function parseCommand(input: unknown): { ok: true; command: Command } | { ok: false; refusal: Extract<Outcome, { ok: false }> } {
  const parsed = CommandSchema.safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };
  const type = typeof input === 'object' && input !== null && 'type' in input && typeof input.type === 'string' && input.type in HANDLERS_AND_CREATE
    ? (input.type as CommandType) : null;
  return { ok: false, refusal: { ok: false, type, error: { code: 'errors.invalidCommand', params: describeIssue(parsed.error.issues[0] as IssueLike | undefined) } } };
}

function validDeliveryId(deliveryId: string | undefined): boolean {
  return deliveryId === undefined || (deliveryId.length > 0 && deliveryId.length <= LIMITS.deliveryId);
}

function invalidDelivery(type: CommandType | null): { ok: false; type: CommandType | null; error: RefusalView } {
  return { ok: false, type, error: { code: 'errors.invalidCommand', params: { field: 'deliveryId', reason: 'validation.invalid' } } };
}

const HANDLERS_AND_CREATE: Record<string, true> = Object.fromEntries([...Object.keys(HANDLERS), 'createWorkshop', 'vote'].map((k) => [k, true]));

/** Turns a zod issue into message parameters: which field, and a reason key with its bound. */
type IssueLike = { code: string; path: PropertyKey[]; [k: string]: unknown };

function describeIssue(issue: IssueLike | undefined): Record<string, string | number> {
  if (!issue) return { field: '', reason: 'validation.invalid' };
  const field = issue.path.filter((p) => typeof p === 'string').join('.') || 'type';
  const n = (v: unknown): number => Number(v);
  switch (issue.code) {
    case 'too_big':
      return { field, reason: issue.origin === 'array' ? 'validation.tooMany' : issue.origin === 'string' ? 'validation.tooLong' : 'validation.tooHigh', max: n(issue.maximum) };
    case 'too_small':
      return issue.origin === 'string' && n(issue.minimum) === 1
        ? { field, reason: 'validation.required' }
        : { field, reason: issue.origin === 'array' ? 'validation.tooFew' : issue.origin === 'string' ? 'validation.tooShort' : 'validation.tooLow', min: n(issue.minimum) };
    case 'invalid_value':
    case 'invalid_union':
      return { field, reason: 'validation.notAllowed' };
    case 'invalid_type':
      return issue.input === undefined ? { field, reason: 'validation.required' } : { field, reason: 'validation.invalid' };
    default:
      return { field, reason: 'validation.invalid' };
  }
}
