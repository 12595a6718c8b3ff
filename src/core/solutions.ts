// Step 5 — Solutions and priorities: solutions to the top irritants and ruptures (and enchantments to
// reinforce), each rated for customer impact and effort, voted on, and owned by a department.
import type { CommandOf } from './commands.js';
import { changed, type HandlerResult, type WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import { votesReturned } from './evaluation.js';
import { priorityOf } from './priority.js';
import { checkOwnerChoice } from './ownership.js';
import { checkAuthor } from './workflow.js';
import type { ObservationRecord, SolutionRatingRecord, SolutionRecord, VoteRecord } from './records.js';
import type { SolutionView } from './snapshot.js';

/** The department must exist, and the actor be allowed to give the solution to it (see ownership.ts). */
async function checkOwner(ctx: WorkshopContext, owner: string | null, departmentId: string): Promise<void> {
  const departments = await ctx.tx.listDepartments(ctx.workshop.id);
  if (!departments.some((d) => d.id === departmentId)) refuse('errors.departmentNotFound');
  checkOwnerChoice({ userId: ctx.actor.userId, role: ctx.existingParticipant?.role ?? null }, departments, owner, departmentId);
}

async function findSolution(ctx: WorkshopContext, solutionId: string): Promise<SolutionRecord> {
  const solution = await ctx.tx.getSolution(solutionId);
  if (!solution || solution.workshopId !== ctx.workshop.id) refuse('errors.solutionNotFound');
  return solution;
}

export async function proposeSolution(ctx: WorkshopContext, c: CommandOf<'proposeSolution'>): Promise<HandlerResult<{ solutionId: string }>> {
  const addresses = [...new Set(c.addresses)];
  for (const observationId of addresses) {
    const observation = await ctx.tx.getObservation(observationId);
    if (!observation || observation.workshopId !== ctx.workshop.id) refuse('errors.solutionNeedsObservation');
  }
  if (c.departmentId) await checkOwner(ctx, null, c.departmentId);
  const author = await ctx.participant();
  const solution = await ctx.tx.createSolution(ctx.workshop.id, { text: c.text, departmentId: c.departmentId ?? null, authorId: author.id, addresses });
  return { result: { solutionId: solution.id }, effects: [changed(ctx.workshop.id)] };
}

export async function rateSolution(ctx: WorkshopContext, c: CommandOf<'rateSolution'>): Promise<HandlerResult> {
  await findSolution(ctx, c.solutionId);
  const rater = await ctx.participant();
  await ctx.tx.rateSolution(c.solutionId, rater.id, c.impact, c.effort);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

export async function assignDepartment(ctx: WorkshopContext, c: CommandOf<'assignDepartment'>): Promise<HandlerResult> {
  const solution = await findSolution(ctx, c.solutionId);
  await checkOwner(ctx, solution.departmentId, c.departmentId);
  await ctx.participant();
  await ctx.tx.setSolutionDepartment(c.solutionId, c.departmentId);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/** The solution its author or the facilitator may fix; refused to anyone else. */
async function fixableSolution(ctx: WorkshopContext, solutionId: string): Promise<SolutionRecord> {
  const solution = await findSolution(ctx, solutionId);
  checkAuthor(ctx.existingParticipant, solution.authorId, 'errors.notYourSolution');
  return solution;
}

/** Changes what a solution says and, when given, what it addresses; its ratings and votes stay. */
export async function editSolution(ctx: WorkshopContext, c: CommandOf<'editSolution'>): Promise<HandlerResult> {
  await fixableSolution(ctx, c.solutionId);
  const addresses = c.addresses ? [...new Set(c.addresses)] : undefined;
  for (const observationId of addresses ?? []) {
    const observation = await ctx.tx.getObservation(observationId);
    if (!observation || observation.workshopId !== ctx.workshop.id) refuse('errors.solutionNeedsObservation');
  }
  await ctx.tx.updateSolution(c.solutionId, { text: c.text, addresses });
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/** Removes a solution with its ratings and links; its votes go back to their voters (see removeObservation). */
export async function removeSolution(ctx: WorkshopContext, c: CommandOf<'removeSolution'>): Promise<HandlerResult<{ votesReturned: number }>> {
  await fixableSolution(ctx, c.solutionId);
  const before = await ctx.tx.loadWorkshop(ctx.workshop.id);
  const votes = before?.votes.filter((v) => v.solutionId === c.solutionId) ?? [];
  // In the roadmap step its roadmap item goes with it; the roadmap is stored afresh at closing, as after a new rating.
  await ctx.tx.deleteSolution(c.solutionId);
  return { result: { votesReturned: votes.length }, effects: [changed(ctx.workshop.id), ...votesReturned(ctx, before, votes)] };
}

const mean = (xs: number[]): number | null => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);

/** Solutions with their mean ratings, votes and priority. Pure. */
export function solutionViews(
  solutions: SolutionRecord[], ratings: SolutionRatingRecord[], votes: VoteRecord[], observations: ObservationRecord[], anonymous: boolean,
): SolutionView[] {
  const momentsOfTruth = new Set(observations.filter((o) => o.momentOfTruth).map((o) => o.id));
  return solutions.map((s) => {
    const own = ratings.filter((r) => r.solutionId === s.id);
    const impact = mean(own.map((r) => r.impact));
    const effort = mean(own.map((r) => r.effort));
    const voteCount = votes.filter((v) => v.solutionId === s.id).length;
    const addressesMomentOfTruth = s.addresses.some((id) => momentsOfTruth.has(id));
    return {
      id: s.id, text: s.text, departmentId: s.departmentId, impact, effort, ratings: own.length, votes: voteCount,
      addresses: s.addresses, addressesMomentOfTruth,
      priority: impact !== null && effort !== null ? priorityOf({ impact, effort, votes: voteCount, addressesMomentOfTruth }) : null,
      authorId: anonymous ? null : s.authorId,
    };
  });
}
