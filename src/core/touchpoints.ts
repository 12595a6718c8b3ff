// Step 3 — Touchpoints: the crossing of a stage and a channel. The channels × stages matrix shows
// what happens where; its empty cells are missing touchpoints.
import type { CommandOf } from './commands.js';
import { changed, type HandlerResult, type WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import { LIMITS } from './limits.js';
import type { ChannelRecord, StageRecord } from './records.js';
import type { CellRef, ChannelView, MatrixCell, StageView, TouchpointMatrix, TouchpointView } from './snapshot.js';

/** Channel names are matched without regard to case or accents: "Site web" and "site Web" are one channel. */
export function channelKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

/** The workshop's channel of that name (see channelKey), created when there is none yet. */
export async function channelNamed(ctx: WorkshopContext, name: string): Promise<ChannelRecord> {
  const channels = await ctx.tx.listChannels(ctx.workshop.id);
  const found = channels.find((ch) => channelKey(ch.name) === channelKey(name));
  if (found) return found;
  if (channels.length >= LIMITS.channels) refuse('errors.invalidCommand', { field: 'channel', reason: 'validation.tooMany', max: LIMITS.channels });
  return ctx.tx.createChannel(ctx.workshop.id, name, channels.length);
}

export async function addTouchpoint(ctx: WorkshopContext, c: CommandOf<'addTouchpoint'>): Promise<HandlerResult<{ touchpointId: string; channelId: string }>> {
  const stage = await ctx.tx.getStage(c.stageId);
  if (!stage || stage.workshopId !== ctx.workshop.id) refuse('errors.stageNotFound');
  const author = await ctx.participant();
  const channel = await channelNamed(ctx, c.channel);
  const touchpoint = await ctx.tx.createTouchpoint(ctx.workshop.id, { stageId: stage.id, channelId: channel.id, description: c.description, authorId: author.id });
  // A touchpoint where the channel was marked not used proves it is used after all.
  await ctx.tx.markCellUsed(stage.id, channel.id);
  return { result: { touchpointId: touchpoint.id, channelId: channel.id }, effects: [changed(ctx.workshop.id)] };
}

export async function removeTouchpoint(ctx: WorkshopContext, c: CommandOf<'removeTouchpoint'>): Promise<HandlerResult> {
  const touchpoint = await ctx.tx.getTouchpoint(c.touchpointId);
  if (!touchpoint || touchpoint.workshopId !== ctx.workshop.id) refuse('errors.touchpointNotFound');
  await ctx.participant();
  await ctx.tx.deleteTouchpoint(touchpoint.id);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/** The stage and channel of a cell, both checked to be of this workshop. */
async function cellOf(ctx: WorkshopContext, stageId: string, channelId: string): Promise<{ stage: StageRecord; channel: ChannelRecord }> {
  const stage = await ctx.tx.getStage(stageId);
  if (!stage || stage.workshopId !== ctx.workshop.id) refuse('errors.stageNotFound');
  const channel = (await ctx.tx.listChannels(ctx.workshop.id)).find((ch) => ch.id === channelId);
  if (!channel) refuse('errors.channelNotFound');
  return { stage, channel };
}

/**
 * Marks a cell "not used on this channel": the channel plays no part at that stage, so the empty cell is
 * not a missing touchpoint. A cell with touchpoints is plainly used and is refused.
 */
export async function markCellUnused(ctx: WorkshopContext, c: CommandOf<'markCellUnused'>): Promise<HandlerResult> {
  const { stage, channel } = await cellOf(ctx, c.stageId, c.channelId);
  const data = await ctx.tx.loadWorkshop(ctx.workshop.id);
  if (data?.touchpoints.some((t) => t.stageId === stage.id && t.channelId === channel.id)) {
    refuse('errors.cellHasTouchpoints', { channel: channel.name, stage: stage.label });
  }
  await ctx.participant();
  await ctx.tx.markCellUnused(ctx.workshop.id, stage.id, channel.id);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/** Takes the mark off: the empty cell is a missing touchpoint again. Unmarking an unmarked cell changes nothing. */
export async function markCellUsed(ctx: WorkshopContext, c: CommandOf<'markCellUsed'>): Promise<HandlerResult> {
  const { stage, channel } = await cellOf(ctx, c.stageId, c.channelId);
  await ctx.participant();
  const removed = await ctx.tx.markCellUsed(stage.id, channel.id);
  return { result: {}, effects: removed ? [changed(ctx.workshop.id)] : [] };
}

/** Channels × stages, every cell present; empty ones not marked unused are counted as missing. Pure. */
export function touchpointMatrix(stages: StageView[], channels: ChannelView[], touchpoints: TouchpointView[], unusedCells: readonly CellRef[] = []): TouchpointMatrix {
  const unused = new Set(unusedCells.map((u) => `${u.channelId}|${u.stageId}`));
  const byCell = new Map<string, TouchpointView[]>();
  for (const t of touchpoints) {
    const key = `${t.channelId}|${t.stageId}`;
    byCell.set(key, [...(byCell.get(key) ?? []), t]);
  }
  let emptyCells = 0;
  const rows: MatrixCell[][] = channels.map((ch) => stages.map((s) => {
    const cell = byCell.get(`${ch.id}|${s.id}`) ?? [];
    const isUnused = cell.length === 0 && unused.has(`${ch.id}|${s.id}`);
    if (cell.length === 0 && !isUnused) emptyCells += 1;
    return { stageId: s.id, channelId: ch.id, touchpoints: cell, unused: isUnused };
  }));
  return { stages, channels, rows, emptyCells };
}
