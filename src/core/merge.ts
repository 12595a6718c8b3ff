// Merging near-duplicates: forty notes written by different people often say the same thing a few times. The
// facilitator folds such a group into the one item kept — observations of one kind at one stage, touchpoints
// of one stage — and whatever pointed at a merged item points at the kept one afterwards. This is how an AI
// suggestion of a merge is applied, by a click: the engine's ordinary rules, in the command's one transaction.
import type { CommandOf } from './commands.js';
import { changed, type HandlerResult, type WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import type { ObservationRecord, TouchpointRecord, VoteRecord, WorkshopData } from './records.js';
import type { TouchpointPatch } from './store.js';
import { votesReturned } from './evaluation.js';
import { channelNamed } from './touchpoints.js';

/**
 * Which votes on the merged items move to the kept one. Each voter's, in the order they were cast, while the
 * voter stays within the per-item cap on the kept item; the others go back to their voter. No vote is added,
 * so no budget can be exceeded. `votes` in the order they were cast. Pure.
 */
export function splitVotes(votes: readonly VoteRecord[], keepId: string, mergeIds: readonly string[], cap: number): { carried: VoteRecord[]; returned: VoteRecord[] } {
  const merged = new Set(mergeIds);
  const onKept = new Map<string, number>();
  for (const v of votes) if (v.observationId === keepId) onKept.set(v.participantId, (onKept.get(v.participantId) ?? 0) + 1);
  const carried: VoteRecord[] = [];
  const returned: VoteRecord[] = [];
  for (const v of votes) {
    if (v.observationId === null || !merged.has(v.observationId)) continue;
    const n = onKept.get(v.participantId) ?? 0;
    if (n < cap) {
      carried.push(v);
      onKept.set(v.participantId, n + 1);
    } else {
      returned.push(v);
    }
  }
  return { carried, returned };
}

async function loaded(ctx: WorkshopContext): Promise<WorkshopData> {
  return (await ctx.tx.loadWorkshop(ctx.workshop.id)) ?? refuse('errors.workshopNotFound');
}

/** The kept item and the merged ones, all of this workshop (an item of another one is not found here). */
function pick<T extends { id: string }>(items: readonly T[], keepId: string, mergeIds: readonly string[], missing: 'errors.observationNotFound' | 'errors.touchpointNotFound'): { keep: T; merged: T[] } {
  const byId = new Map(items.map((i) => [i.id, i]));
  const find = (id: string): T => byId.get(id) ?? refuse(missing);
  return { keep: find(keepId), merged: mergeIds.map(find) };
}

/**
 * Folds observations into one. They must be of one kind at one stage: an irritant is not an enchantment, and
 * the same words at another stage are about another moment. The kept one is a moment of truth if any was; it
 * addresses every solution any addressed; it takes the new text when one is given.
 */
export async function mergeObservations(ctx: WorkshopContext, c: CommandOf<'mergeObservations'>): Promise<HandlerResult<{ votesCarried: number; votesReturned: number }>> {
  const data = await loaded(ctx);
  const { keep, merged } = pick<ObservationRecord>(data.observations, c.keepId, c.mergeIds, 'errors.observationNotFound');
  for (const o of merged) {
    if (o.kind !== keep.kind) refuse('errors.mergeOtherKind');
    if (o.stageId !== keep.stageId) refuse('errors.mergeOtherStage');
  }
  const { carried, returned } = splitVotes(data.votes, keep.id, c.mergeIds, ctx.workshop.voteCap);
  if (carried.length) await ctx.tx.moveVotes(carried.map((v) => v.id), keep.id);
  await ctx.tx.linkSolutionsOf(c.mergeIds, keep.id);
  const momentOfTruth = !keep.momentOfTruth && merged.some((o) => o.momentOfTruth) ? true : undefined;
  if (c.text !== undefined || momentOfTruth) await ctx.tx.updateObservation(keep.id, { text: c.text, momentOfTruth });
  // The votes not carried over go with their observation: a voter's budget is what is left after the votes that exist.
  for (const id of c.mergeIds) await ctx.tx.deleteObservation(id);
  return {
    result: { votesCarried: carried.length, votesReturned: returned.length },
    effects: [changed(ctx.workshop.id), ...votesReturned(ctx, data, returned)],
  };
}

/**
 * Folds touchpoints of one stage into one; their observations move to it. The kept one may take another
 * channel (near-duplicates often differ by the channel's name: "Website", "Web site"), and keeps its
 * description unless a new one is given — an empty one takes the first merged touchpoint's that has any.
 */
export async function mergeTouchpoints(ctx: WorkshopContext, c: CommandOf<'mergeTouchpoints'>): Promise<HandlerResult<{ observationsMoved: number }>> {
  const data = await loaded(ctx);
  const { keep, merged } = pick<TouchpointRecord>(data.touchpoints, c.keepId, c.mergeIds, 'errors.touchpointNotFound');
  for (const t of merged) if (t.stageId !== keep.stageId) refuse('errors.mergeOtherStage');
  const mergedIds = new Set(c.mergeIds);
  const observationsMoved = data.observations.filter((o) => o.touchpointId !== null && mergedIds.has(o.touchpointId)).length;
  const patch: TouchpointPatch = {};
  if (c.channel !== undefined) {
    const channel = await channelNamed(ctx, c.channel);
    if (channel.id !== keep.channelId) patch.channelId = channel.id;
  }
  const description = c.description ?? (keep.description === '' ? merged.find((t) => t.description !== '')?.description : undefined);
  if (description !== undefined && description !== keep.description) patch.description = description;
  // A target journey's touchpoint keeps its link to the current journey's, if only a merged one had it.
  const source = keep.sourceTouchpointId ?? merged.find((t) => t.sourceTouchpointId !== null)?.sourceTouchpointId;
  if (source && source !== keep.sourceTouchpointId) patch.sourceTouchpointId = source;
  await ctx.tx.moveTouchpointReferences(c.mergeIds, keep.id);
  if (Object.keys(patch).length) await ctx.tx.updateTouchpoint(keep.id, patch);
  // A touchpoint where the channel was marked not used proves it is used after all.
  if (patch.channelId) await ctx.tx.markCellUsed(keep.stageId, patch.channelId);
  for (const id of c.mergeIds) await ctx.tx.deleteTouchpoint(id);
  return { result: { observationsMoved }, effects: [changed(ctx.workshop.id)] };
}
