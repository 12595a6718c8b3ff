// The whole map, top to bottom: header, macro-phase bands, stages, the channels × stages matrix, the
// observations per stage, the emotion curve, then (target journey) the current journey it was started from
// stage by stage when given (journeys.ts) and the chosen solutions, the key-moment comparisons when given,
// and the legend. Each section reports its height, so the canvas fits content.
// A part of the map (options.part, see parts.ts) is the same picture for a run of stages: the solutions
// and key moments that concern those stages, stage numbers as in the whole journey.
import type { KeyMomentComparison, ObservationView, StageView, WorkshopSnapshot } from '../../core/snapshot.js';
import { compareJourneys } from '../../core/journeys.js';
import type { Language } from '../../core/vocabulary.js';
import { translator } from '../../i18n/index.js';
import { formatDate, makeContext, type Section, type StageRange } from './context.js';
import { emotionCurve } from './curve.js';
import { esc } from './escape.js';
import { channelRows, phaseBands, stageHeaders } from './grid.js';
import { header } from './header.js';
import { keyMomentBlock, PANEL_W } from './key-moment.js';
import { journeysSection } from './journeys.js';
import { keyMomentLegend, legend } from './legend.js';
import { observationsRow } from './observations.js';
import { solutionIndex, type SolutionIndex } from './solutions-index.js';
import { solutionsSection } from './solutions.js';
import { textLine } from './text.js';
import { COLOR, SIZE } from './theme.js';
import { FONT_STACK } from '../fonts.js';
import { emojiChunks } from './emoji.js';

export interface MapOptions {
  comparisons?: KeyMomentComparison[];
  /** The date printed on the map; defaults to the workshop's closing date, else today. */
  now?: Date;
  /** Draw only these stages (one part of a long journey); the whole journey by default. */
  part?: StageRange;
  /**
   * On a target journey's map, the current journey it was started from (Workshop.sourceWorkshopId): drawn
   * side by side, stage by stage (see journeys.ts). Ignored on a current journey's map.
   */
  current?: WorkshopSnapshot;
}

/** The chosen solutions that address something at the stages drawn (their labels stay those of the whole map). */
function forStages(index: SolutionIndex, observations: ObservationView[], stageIds: Set<string>): SolutionIndex {
  const here = new Set(observations.filter((o) => stageIds.has(o.stageId)).map((o) => o.id));
  return { ...index, chosen: index.chosen.filter((c) => c.solution.addresses.some((id) => here.has(id))) };
}

function document(width: number, height: number, body: string, title: string, attrs: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${FONT_STACK}" ${attrs}>` +
    `<title>${esc(title)}</title><rect width="100%" height="100%" fill="${COLOR.white}"/>${emojiChunks(body)}</svg>\n`;
}

/** Missing touchpoints among the stages drawn: empty cells not marked unused. */
function missingCells(snapshot: WorkshopSnapshot, stages: StageView[]): number {
  const filled = new Set([...snapshot.touchpoints, ...snapshot.unusedCells].map((c) => `${c.channelId}|${c.stageId}`));
  return stages.reduce((n, s) => n + snapshot.channels.filter((ch) => !filled.has(`${ch.id}|${s.id}`)).length, 0);
}

/** A part shows the comparison of a key moment it holds; the last part, one that no stage holds. */
function comparisonHere(c: KeyMomentComparison, stages: StageView[], part: StageRange): boolean {
  const at = stages.findIndex((s) => s.keyMomentId === c.keyMomentId);
  return at < 0 ? part.end >= stages.length : at >= part.start && at < part.end;
}

export function renderMapSvg(snapshot: WorkshopSnapshot, options: MapOptions = {}): string {
  const now = options.now ?? snapshot.workshop.closedAt ?? new Date();
  const journeys = options.current && snapshot.workshop.journey === 'target' ? compareJourneys(snapshot, options.current) : undefined;
  const ctx = makeContext(snapshot, now, options.part, journeys);
  const stageIds = new Set(ctx.stages.map((s) => s.id));
  const index = options.part ? forStages(solutionIndex(snapshot), snapshot.observations, stageIds) : solutionIndex(snapshot);
  const comparisons = (options.comparisons ?? []).filter((c) => !options.part || comparisonHere(c, snapshot.stages, options.part));
  const target = snapshot.workshop.journey === 'target';
  const sections: string[] = [];
  let y = SIZE.pad;
  const add = (s: Section, after = 0) => { sections.push(s.svg); y += s.height + after; };

  add(header(ctx, y));
  if (ctx.stages.length === 0) {
    add({ svg: textLine(ctx.t('render:grid.noStages'), SIZE.pad, y + 20, ctx.width - 2 * SIZE.pad, { size: 15, fill: COLOR.muted }), height: 40 });
  } else {
    add(phaseBands(ctx, y));
    add(stageHeaders(ctx, y));
    if (snapshot.channels.length === 0) {
      add({ svg: textLine(ctx.t('render:grid.noChannels'), ctx.cols.left, y + 20, ctx.cols.right - ctx.cols.left, { size: 13, fill: COLOR.muted }), height: 36 });
    } else add(channelRows(ctx, y));
    add(observationsRow(ctx, y, index), 8);
    add(emotionCurve(ctx, y), 16);
    if (ctx.journeys) add(journeysSection(ctx, y), 8);
  }
  // A part without solutions of its own says nothing rather than "none yet".
  if ((target && !options.part) || index.chosen.length > 0) add(solutionsSection(ctx, y, index), 8);
  for (const c of comparisons) add(keyMomentBlock(c, ctx.t, ctx.language, SIZE.pad, y, ctx.width - 2 * SIZE.pad), 8);
  sections.push(`<line x1="${SIZE.pad}" x2="${ctx.width - SIZE.pad}" y1="${y}" y2="${y}" stroke="${COLOR.line}"/>`);
  y += 12;
  add(legend(ctx, y, {
    addressed: index.chosen.length > 0, keyMoment: ctx.stages.some((s) => s.keyMomentId) || comparisons.length > 0,
    gaps: missingCells(snapshot, ctx.stages), unused: snapshot.unusedCells.some((u) => stageIds.has(u.stageId)),
    before: journeys?.stages.some((c) => stageIds.has(c.stageId) && c.before) ?? false,
  }));
  add({ svg: textLine(ctx.t('render:footer', { date: formatDate(now, ctx.language) }), SIZE.pad, y + 14, ctx.width - 2 * SIZE.pad, { size: 11, fill: COLOR.faint, anchor: 'end' }), height: 20 });
  y += SIZE.pad - 16;
  return document(ctx.width, y, sections.join(''), snapshot.workshop.title,
    `data-workshop-id="${esc(snapshot.workshop.id)}" data-language="${ctx.language}" data-journey="${snapshot.workshop.journey}" data-basis="${snapshot.workshop.basis}" data-stages="${snapshot.stages.length}" data-channels="${snapshot.channels.length}"` +
    (options.part ? ` data-part-start="${ctx.first}" data-part-end="${ctx.first + ctx.stages.length}"` : ''));
}

/** One key moment across journeys, as its own picture (e.g. to post in a thread). */
export function renderKeyMomentSvg(comparison: KeyMomentComparison, language: Language): string {
  const t = translator(language);
  const perRow = Math.min(3, Math.max(1, comparison.journeys.length));
  const width = SIZE.pad * 2 + perRow * PANEL_W + (perRow - 1) * 16;
  const block = keyMomentBlock(comparison, t, language, SIZE.pad, SIZE.pad, width - 2 * SIZE.pad);
  // The picture travels alone (posted in a thread), so it carries the legend of its marks.
  const top = SIZE.pad + block.height + 4;
  const rule = `<line x1="${SIZE.pad}" x2="${width - SIZE.pad}" y1="${top}" y2="${top}" stroke="${COLOR.line}"/>`;
  const key = keyMomentLegend(t, SIZE.pad, width - SIZE.pad, top + 10);
  return document(width, top + 10 + key.height + SIZE.pad - 16, block.svg + rule + key.svg, t('render:keyMoment.title', { label: comparison.label }),
    `data-language="${language}"`);
}
