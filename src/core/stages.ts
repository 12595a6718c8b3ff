// Step 2 — Stages in the customer's voice, ordered, each in a macro-phase (before purchase / purchase /
// after purchase). A stage may be marked as the same key moment as a stage of another journey.
import type { CommandOf } from './commands.js';
import { changed, type HandlerResult, type Warning, type WorkshopContext } from './context.js';
import { isCustomerVoice } from './customer-voice.js';
import { refuse } from './errors.js';
import { isFacilitator } from './workflow.js';
import { LIMITS } from './limits.js';
import type { StageRecord } from './records.js';

function voiceWarnings(label: string): Warning[] {
  return isCustomerVoice(label) ? [] : [{ code: 'warnings.notCustomerVoice', params: { label } }];
}

/** Moves `id` to `position` (clamped) and returns the new order. Pure. */
export function moveTo(ids: string[], id: string, position: number): string[] {
  const rest = ids.filter((x) => x !== id);
  const at = Math.max(0, Math.min(position, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

async function findStage(ctx: WorkshopContext, stageId: string): Promise<StageRecord> {
  const stage = await ctx.tx.getStage(stageId);
  if (!stage || stage.workshopId !== ctx.workshop.id) refuse('errors.stageNotFound');
  return stage;
}

export async function addStage(ctx: WorkshopContext, c: CommandOf<'addStage'>): Promise<HandlerResult<{ stageId: string }>> {
  const author = await ctx.participant();
  const stages = await ctx.tx.listStages(ctx.workshop.id);
  if (stages.length >= LIMITS.stages) refuse('errors.invalidCommand', { field: 'stages', reason: 'validation.tooMany', max: LIMITS.stages });
  if (c.position !== undefined && c.position > stages.length) refuse('errors.positionOutOfRange', { max: stages.length + 1 });
  const stage = await ctx.tx.createStage(ctx.workshop.id, { label: c.label, phase: c.phase, position: stages.length, authorId: author.id });
  if (c.position !== undefined && c.position < stages.length) {
    await ctx.tx.setStageOrder(ctx.workshop.id, moveTo([...stages.map((s) => s.id), stage.id], stage.id, c.position));
  }
  return { result: { stageId: stage.id }, warnings: voiceWarnings(c.label), effects: [changed(ctx.workshop.id)] };
}

export async function editStage(ctx: WorkshopContext, c: CommandOf<'editStage'>): Promise<HandlerResult> {
  await findStage(ctx, c.stageId);
  await ctx.participant();
  await ctx.tx.updateStage(c.stageId, { label: c.label, phase: c.phase });
  return { result: {}, warnings: c.label ? voiceWarnings(c.label) : [], effects: [changed(ctx.workshop.id)] };
}

export async function reorderStage(ctx: WorkshopContext, c: CommandOf<'reorderStage'>): Promise<HandlerResult> {
  await findStage(ctx, c.stageId);
  const stages = await ctx.tx.listStages(ctx.workshop.id);
  if (c.position >= stages.length) refuse('errors.positionOutOfRange', { max: stages.length });
  await ctx.tx.setStageOrder(ctx.workshop.id, moveTo(stages.map((s) => s.id), c.stageId, c.position));
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

export async function removeStage(ctx: WorkshopContext, c: CommandOf<'removeStage'>): Promise<HandlerResult> {
  const stage = await findStage(ctx, c.stageId);
  // Removing a stage removes its touchpoints, observations and ratings: only the facilitator may do that.
  if (!isFacilitator(ctx.existingParticipant) && (await ctx.tx.stageHasContributions(stage.id))) {
    refuse('errors.stageHasContributions', { label: stage.label });
  }
  await ctx.tx.deleteStage(stage.id);
  const rest = (await ctx.tx.listStages(ctx.workshop.id)).map((s) => s.id);
  await ctx.tx.setStageOrder(ctx.workshop.id, rest);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/** Marks two stages of different journeys as the same key moment (the furniture store's pick-up). */
export async function linkKeyMoment(ctx: WorkshopContext, c: CommandOf<'linkKeyMoment'>): Promise<HandlerResult<{ keyMomentId: string }>> {
  const stage = await findStage(ctx, c.stageId);
  const other = await ctx.tx.getStage(c.otherStageId);
  if (!other) refuse('errors.stageNotFound');
  if (other.workshopId === stage.workshopId) refuse('errors.keyMomentSameWorkshop');
  if (stage.keyMomentId && other.keyMomentId && stage.keyMomentId !== other.keyMomentId) refuse('errors.keyMomentConflict');
  const keyMomentId = stage.keyMomentId ?? other.keyMomentId ?? (await ctx.tx.createKeyMoment(c.label ?? other.label)).id;
  await ctx.tx.updateStage(stage.id, { keyMomentId });
  await ctx.tx.updateStage(other.id, { keyMomentId });
  return { result: { keyMomentId }, effects: [changed(ctx.workshop.id), changed(other.workshopId)] };
}
