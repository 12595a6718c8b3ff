// Step 3 — Touchpoints: the crossing of a stage and a channel. The channels × stages matrix shows
// what happens where; its empty cells are missing touchpoints.
import type { CommandOf } from './commands.js';
import { changed, type HandlerResult, type WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import { LIMITS } from './limits.js';
import type { ChannelRecord } from './records.js';
import type { ChannelView, MatrixCell, StageView, TouchpointMatrix, TouchpointView } from './snapshot.js';

/** Channel names are matched without regard to case or accents: "Site web" and "site Web" are one channel. */
export function channelKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

export async function addTouchpoint(ctx: WorkshopContext, c: CommandOf<'addTouchpoint'>): Promise<HandlerResult<{ touchpointId: string; channelId: string }>> {
  const stage = await ctx.tx.getStage(c.stageId);
  if (!stage || stage.workshopId !== ctx.workshop.id) refuse('errors.stageNotFound');
  const author = await ctx.participant();
  const channels = await ctx.tx.listChannels(ctx.workshop.id);
  let channel: ChannelRecord | undefined = channels.find((ch) => channelKey(ch.name) === channelKey(c.channel));
  if (!channel) {
    if (channels.length >= LIMITS.channels) refuse('errors.invalidCommand', { field: 'channel', reason: 'validation.tooMany', max: LIMITS.channels });
    channel = await ctx.tx.createChannel(ctx.workshop.id, c.channel, channels.length);
  }
  const touchpoint = await ctx.tx.createTouchpoint(ctx.workshop.id, { stageId: stage.id, channelId: channel.id, description: c.description, authorId: author.id });
  return { result: { touchpointId: touchpoint.id, channelId: channel.id }, effects: [changed(ctx.workshop.id)] };
}

export async function removeTouchpoint(ctx: WorkshopContext, c: CommandOf<'removeTouchpoint'>): Promise<HandlerResult> {
  const touchpoint = await ctx.tx.getTouchpoint(c.touchpointId);
  if (!touchpoint || touchpoint.workshopId !== ctx.workshop.id) refuse('errors.touchpointNotFound');
  await ctx.participant();
  await ctx.tx.deleteTouchpoint(touchpoint.id);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/** Channels × stages, every cell present, empty ones counted. Pure. */
export function touchpointMatrix(stages: StageView[], channels: ChannelView[], touchpoints: TouchpointView[]): TouchpointMatrix {
  const byCell = new Map<string, TouchpointView[]>();
  for (const t of touchpoints) {
    const key = `${t.channelId}|${t.stageId}`;
    byCell.set(key, [...(byCell.get(key) ?? []), t]);
  }
  let emptyCells = 0;
  const rows: MatrixCell[][] = channels.map((ch) => stages.map((s) => {
    const cell = byCell.get(`${ch.id}|${s.id}`) ?? [];
    if (cell.length === 0) emptyCells += 1;
    return { stageId: s.id, channelId: ch.id, touchpoints: cell };
  }));
  return { stages, channels, rows, emptyCells };
}
