// The facilitator's controls: advance to the next step when its entry condition holds, reopen an
// earlier step (also how a closed map is iterated on), close the workshop, delete it for good. Every change of step is
// checked against the workshop's version so two facilitators' clicks never overwrite each other.
import type { CommandOf } from './commands.js';
import type { Effect, HandlerResult, WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import { buildSnapshot, entryFacts } from './read-models.js';
import { roadmapRecords } from './roadmap.js';
import { isVotingStep } from './vocabulary.js';
import { clearTimer } from './timing-commands.js';
import { decideAdvance, decideReopen } from './workflow.js';

export async function advanceStep(ctx: WorkshopContext, c: CommandOf<'advanceStep'>): Promise<HandlerResult<{ step: string }>> {
  const w = ctx.workshop;
  if (c.expectedVersion !== undefined && c.expectedVersion !== w.version) refuse('errors.concurrentChange');
  await revealOnLeaving(ctx);
  const data = await ctx.tx.loadWorkshop(w.id);
  if (!data) refuse('errors.workshopNotFound');
  const next = decideAdvance(w, entryFacts(data));
  if (!(await ctx.tx.updateWorkshop(w.id, w.version, { step: next }))) refuse('errors.concurrentChange');
  // A live timer belongs to the step it ran on: moving on ends it (and lifts a run-out timer's lock).
  await clearTimer(ctx.tx, w.id, w.step);
  const effects: Effect[] = [{ kind: 'stepChanged', workshopId: w.id, from: w.step, to: next }];
  if (next === 'roadmap') {
    await ctx.tx.replaceRoadmap(w.id, roadmapRecords(buildSnapshot(data).roadmap, data.roadmapItems));
    effects.push({ kind: 'roadmapReady', workshopId: w.id });
  }
  return { result: { step: next }, effects };
}

/**
 * Leaving a voting step (moving on, or closing during it) reveals its tallies: what follows — the top
 * irritants, the roadmap, the map — is built on them. A reopened step stays revealed.
 */
async function revealOnLeaving(ctx: WorkshopContext): Promise<void> {
  const step = ctx.workshop.step;
  if (isVotingStep(step)) await ctx.tx.revealVotes(ctx.workshop.id, step, ctx.now);
}

export async function reopenStep(ctx: WorkshopContext, c: CommandOf<'reopenStep'>): Promise<HandlerResult<{ step: string }>> {
  const w = ctx.workshop;
  const step = decideReopen(w, c.step);
  if (!(await ctx.tx.updateWorkshop(w.id, w.version, { step, status: 'open', closedAt: null }))) refuse('errors.concurrentChange');
  // A reopened step starts without the timer it may have had; so does the step left.
  await clearTimer(ctx.tx, w.id, w.step);
  if (step !== w.step) await clearTimer(ctx.tx, w.id, step);
  return { result: { step }, effects: [{ kind: 'stepChanged', workshopId: w.id, from: w.step, to: step }] };
}

export async function closeWorkshop(ctx: WorkshopContext, _c: CommandOf<'closeWorkshop'>): Promise<HandlerResult> {
  const w = ctx.workshop;
  if (!(await ctx.tx.updateWorkshop(w.id, w.version, { status: 'closed', closedAt: ctx.now }))) refuse('errors.concurrentChange');
  await revealOnLeaving(ctx);
  if (w.step === 'roadmap') {
    // Ratings may have moved since the roadmap step opened: the roadmap sent at closing is the final one.
    const data = await ctx.tx.loadWorkshop(w.id);
    if (data) await ctx.tx.replaceRoadmap(w.id, roadmapRecords(buildSnapshot(data).roadmap, data.roadmapItems));
  }
  return { result: {}, effects: [{ kind: 'workshopClosed', workshopId: w.id }] };
}

/**
 * Deletes the workshop and everything it holds, for good: its rows, where it lives on its platform, its
 * deliveries and its scheduled jobs (the store removes them all in this transaction). A target journey
 * started from it stays, no longer linked to it. Export it first (`parcours export`) to keep a copy.
 */
export async function deleteWorkshop(ctx: WorkshopContext, _c: CommandOf<'deleteWorkshop'>): Promise<HandlerResult> {
  await ctx.tx.deleteWorkshop(ctx.workshop.id);
  // Nothing of the workshop in the result: it is kept for re-deliveries, and would outlive the workshop.
  return { result: {}, effects: [] };
}
