// Step 5 — Solutions and priorities: solutions to the top irritants and ruptures (and enchantments to
// reinforce), each rated for customer impact and effort, voted on, and owned by a department.
import type { CommandOf } from './commands.js';
import { changed, type HandlerResult, type WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import { priorityOf } from './priority.js';
import type { ObservationRecord, SolutionRatingRecord, SolutionRecord, VoteRecord } from './records.js';
import type { SolutionView } from './snapshot.js';

async function assertDepartment(ctx: WorkshopContext, departmentId: string): Promise<void> {
  const departments = await ctx.tx.listDepartments(ctx.workshop.id);
  if (!departments.some((d) => d.id === departmentId)) refuse('errors.departmentNotFound');
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
  if (c.departmentId) await assertDepartment(ctx, c.departmentId);
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
  await findSolution(ctx, c.solutionId);
  await assertDepartment(ctx, c.departmentId);
  await ctx.participant();
  await ctx.tx.setSolutionDepartment(c.solutionId, c.departmentId);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
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
