// Step 4 — Evaluate: irritants, enchantments and ruptures on touchpoints or stages, moments of truth,
// dot voting with a budget per participant per step and a cap per item, and an emotion score per stage
// that draws the emotion curve.
import type { CommandOf } from './commands.js';
import { changed, type Effect, type HandlerResult, type WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import type { EmotionRecord, ObservationRecord, StageRecord, VoteRecord, VoteTarget, WorkshopData } from './records.js';
import type { DepartmentEmotion, EmotionPoint, ObservationView, RankedObservation } from './snapshot.js';
import { stepIndex, type Step, type VotingStep } from './vocabulary.js';
import type { VoteResult, VoteRules } from './store.js';
import { checkAccess, checkAuthor } from './workflow.js';

/** Where an observation goes: a stage, or a touchpoint (whose stage it takes, and must agree with). */
async function placeOf(ctx: WorkshopContext, stageId: string | undefined | null, touchpointId: string | undefined | null): Promise<StageRecord> {
  let id = stageId;
  if (touchpointId) {
    const touchpoint = await ctx.tx.getTouchpoint(touchpointId);
    if (!touchpoint || touchpoint.workshopId !== ctx.workshop.id) refuse('errors.touchpointNotFound');
    if (id && id !== touchpoint.stageId) refuse('errors.touchpointStageMismatch');
    id = touchpoint.stageId;
  }
  const stage = id ? await ctx.tx.getStage(id) : null;
  if (!stage || stage.workshopId !== ctx.workshop.id) refuse('errors.stageNotFound');
  return stage;
}

export async function addObservation(ctx: WorkshopContext, c: CommandOf<'addObservation'>): Promise<HandlerResult<{ observationId: string }>> {
  const stage = await placeOf(ctx, c.stageId, c.touchpointId);
  const author = await ctx.participant();
  const observation = await ctx.tx.createObservation(ctx.workshop.id, {
    stageId: stage.id, touchpointId: c.touchpointId ?? null, kind: c.kind, text: c.text, momentOfTruth: c.momentOfTruth, authorId: author.id,
  });
  return { result: { observationId: observation.id }, effects: [changed(ctx.workshop.id)] };
}

async function findObservation(ctx: WorkshopContext, observationId: string): Promise<ObservationRecord> {
  const observation = await ctx.tx.getObservation(observationId);
  if (!observation || observation.workshopId !== ctx.workshop.id) refuse('errors.observationNotFound');
  return observation;
}

export async function flagMomentOfTruth(ctx: WorkshopContext, c: CommandOf<'flagMomentOfTruth'>): Promise<HandlerResult> {
  await findObservation(ctx, c.observationId);
  await ctx.participant();
  await ctx.tx.setMomentOfTruth(c.observationId, c.value);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/** The observation an author or the facilitator may fix; refused to anyone else. */
async function fixableObservation(ctx: WorkshopContext, observationId: string): Promise<ObservationRecord> {
  const observation = await findObservation(ctx, observationId);
  checkAuthor(ctx.existingParticipant, observation.authorId, 'errors.notYourObservation');
  return observation;
}

export async function editObservation(ctx: WorkshopContext, c: CommandOf<'editObservation'>): Promise<HandlerResult> {
  await fixableObservation(ctx, c.observationId);
  await ctx.tx.updateObservation(c.observationId, { kind: c.kind, text: c.text, momentOfTruth: c.momentOfTruth });
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/** Moves an observation to another stage, or to one of a stage's touchpoints; its votes and links stay with it. */
export async function moveObservation(ctx: WorkshopContext, c: CommandOf<'moveObservation'>): Promise<HandlerResult> {
  await fixableObservation(ctx, c.observationId);
  const stage = await placeOf(ctx, c.stageId, c.touchpointId);
  await ctx.tx.updateObservation(c.observationId, { stageId: stage.id, touchpointId: c.touchpointId ?? null });
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/**
 * Removes an observation. Its votes go back to their voters: a participant's budget is what is left after
 * the votes that exist, so deleting them restores it. Solutions that addressed it stay, without the link:
 * they were proposed, rated and voted on for their own sake, and may address other observations.
 */
export async function removeObservation(ctx: WorkshopContext, c: CommandOf<'removeObservation'>): Promise<HandlerResult<{ votesReturned: number; solutionsUnlinked: number }>> {
  await fixableObservation(ctx, c.observationId);
  const data = await ctx.tx.loadWorkshop(ctx.workshop.id);
  const votes = data?.votes.filter((v) => v.observationId === c.observationId) ?? [];
  const solutionsUnlinked = data?.solutions.filter((s) => s.addresses.includes(c.observationId)).length ?? 0;
  await ctx.tx.deleteObservation(c.observationId);
  return { result: { votesReturned: votes.length, solutionsUnlinked }, effects: [changed(ctx.workshop.id), ...votesReturned(ctx, data, votes)] };
}

/**
 * Whom to tell that their votes came back: the voters, when the votes were given in the current step (they
 * can vote again); votes of a step that is over only counted for a ranking that is done.
 */
export function votesReturned(ctx: WorkshopContext, data: WorkshopData | null, votes: VoteRecord[]): Effect[] {
  const step = ctx.workshop.step;
  if (step !== 'evaluation' && step !== 'solutions') return [];
  const voters = new Set(votes.filter((v) => v.step === step).map((v) => v.participantId));
  const userIds = (data?.participants ?? []).filter((p) => voters.has(p.id)).map((p) => p.userId);
  return userIds.length ? [{ kind: 'votesReturned', workshopId: ctx.workshop.id, step, userIds }] : [];
}

/** The voting step a target belongs to: observations are voted on while evaluating, solutions after. */
export function stepOfTarget(target: VoteTarget): VotingStep {
  return 'observationId' in target ? 'evaluation' : 'solutions';
}

/** Refuses a vote outside its step. Pure. */
export function checkVotingStep(current: Step, target: VoteTarget): VotingStep {
  if (current !== 'evaluation' && current !== 'solutions') refuse('errors.notVotingStep');
  const step = stepOfTarget(target);
  if (step !== current) refuse('errors.voteTargetWrongStep', { step });
  return step;
}

/** Refuses a vote over the participant's budget for the step or over the cap for one item. Pure. */
export function decideVote(v: { budget: number; cap: number; used: number; onItem: number }): { remaining: number } {
  // `count` makes the messages plural the i18next way ("all 3 of your votes", "already voted for this one").
  if (v.used >= v.budget) refuse('errors.voteBudgetExhausted', { count: v.budget });
  if (v.onItem >= v.cap) refuse('errors.voteItemCapReached', { count: v.cap });
  return { remaining: v.budget - v.used - 1 };
}

async function checkTarget(ctx: WorkshopContext, target: VoteTarget): Promise<void> {
  if ('observationId' in target) {
    await findObservation(ctx, target.observationId);
  } else {
    const solution = await ctx.tx.getSolution(target.solutionId);
    if (!solution || solution.workshopId !== ctx.workshop.id) refuse('errors.solutionNotFound');
  }
}

/** The rules of one vote, applied by the store inside its transaction (see Store.castVote). Pure. */
export function voteRules(workshopId: string, target: VoteTarget): VoteRules {
  return {
    admit(workshop, participant) {
      if (!workshop) refuse('errors.workshopNotFound');
      checkAccess('vote', workshop, participant);
      if (workshop.timerEnded) refuse('errors.timerEnded');
      return checkVotingStep(workshop.step, target);
    },
    joining: (headedDepartmentId) => (headedDepartmentId ? { role: 'head', departmentId: headedDepartmentId } : { role: 'participant', departmentId: null }),
    decide(facts) {
      if (!facts.targetFound) refuse('observationId' in target ? 'errors.observationNotFound' : 'errors.solutionNotFound');
      const { remaining } = decideVote(facts);
      return { remaining, onItem: facts.onItem + 1 };
    },
    record: (result) => JSON.stringify(voteOutcome(workshopId, result)),
  };
}

/** A vote's outcome, the same whether it is answered now or replayed to a re-delivery. */
export function voteOutcome(workshopId: string, result: VoteResult) {
  return { ok: true as const, type: 'vote' as const, result, warnings: [], effects: [changed(workshopId)], replayed: false };
}

export async function unvote(ctx: WorkshopContext, c: CommandOf<'unvote'>): Promise<HandlerResult<{ remaining: number }>> {
  const step = checkVotingStep(ctx.workshop.step, c.target);
  const voter = await ctx.participant();
  await ctx.tx.lockVoter(voter.id);
  await checkTarget(ctx, c.target);
  if (!(await ctx.tx.deleteVote(voter.id, c.target))) refuse('errors.voteNotFound');
  const used = await ctx.tx.countVotes(voter.id, step);
  return { result: { remaining: ctx.workshop.voteBudget - used }, effects: [changed(ctx.workshop.id)] };
}

/**
 * Whether each voting step's tallies may be shown. Secret by default, so that whoever votes last is not
 * steered by the others' choices; the facilitator reveals a step's (or moving past it does), or the
 * workshop shows them live. Pure.
 */
export function talliesShown(data: Pick<WorkshopData, 'workshop' | 'voteReveals'>): Record<VotingStep, boolean> {
  const shown = (step: VotingStep): boolean => data.workshop.votesLive || data.voteReveals.some((r) => r.step === step);
  return { evaluation: shown('evaluation'), solutions: shown('solutions') };
}

/** Refuses revealing a voting step the workshop has not reached. Pure. */
export function checkReveal(current: Step, step: VotingStep): void {
  if (stepIndex(current) < stepIndex(step)) refuse('errors.stepNotReached', { step, current });
}

/** Reveals a voting step's tallies to everyone; revealing them again changes nothing. */
export async function revealVotes(ctx: WorkshopContext, c: CommandOf<'revealVotes'>): Promise<HandlerResult<{ revealed: boolean }>> {
  checkReveal(ctx.workshop.step, c.step);
  const revealed = await ctx.tx.revealVotes(ctx.workshop.id, c.step, ctx.now);
  return { result: { revealed }, effects: revealed ? [changed(ctx.workshop.id)] : [] };
}

export async function rateEmotion(ctx: WorkshopContext, c: CommandOf<'rateEmotion'>): Promise<HandlerResult> {
  const stage = await ctx.tx.getStage(c.stageId);
  if (!stage || stage.workshopId !== ctx.workshop.id) refuse('errors.stageNotFound');
  const rater = await ctx.participant();
  await ctx.tx.setEmotion(ctx.workshop.id, stage.id, rater.id, c.score);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function stats(scores: number[]): { mean: number | null; spread: number; min: number | null; max: number | null } {
  if (scores.length === 0) return { mean: null, spread: 0, min: null, max: null };
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const variance = scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length;
  return { mean: round2(mean), spread: round2(Math.sqrt(variance)), min: Math.min(...scores), max: Math.max(...scores) };
}

/**
 * The emotion curve: per stage, the mean of the ratings, their spread, and the mean per department.
 * `departmentOf` maps a participant to their department (null when they have none). Pure.
 */
export function emotionCurve(stageIds: string[], ratings: EmotionRecord[], departmentOf: (participantId: string) => string | null): EmotionPoint[] {
  return stageIds.map((stageId) => {
    const here = ratings.filter((r) => r.stageId === stageId);
    const groups = new Map<string | null, number[]>();
    for (const r of here) {
      const dept = departmentOf(r.participantId);
      groups.set(dept, [...(groups.get(dept) ?? []), r.score]);
    }
    const byDepartment: DepartmentEmotion[] = [...groups].map(([departmentId, scores]) => ({
      departmentId, mean: stats(scores).mean ?? 0, count: scores.length,
    }));
    const named = byDepartment.filter((d) => d.departmentId !== null).map((d) => d.mean);
    const disagreement = named.length >= 2 ? round2(Math.max(...named) - Math.min(...named)) : 0;
    return { stageId, ...stats(here.map((r) => r.score)), count: here.length, byDepartment, disagreement };
  });
}

/** Observations ranked by votes; moments of truth first among equals, then oldest first. Pure. */
export function rankObservations(observations: ObservationView[], createdAt: (id: string) => number): RankedObservation[] {
  return [...observations]
    .sort((a, b) => b.votes - a.votes || Number(b.momentOfTruth) - Number(a.momentOfTruth) || createdAt(a.id) - createdAt(b.id))
    .map((o, i) => ({ ...o, rank: i + 1 }));
}
