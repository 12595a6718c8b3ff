// On a target journey's map, the current journey it was started from, stage by stage under the target's own
// columns: the emotion before and after, the irritants and breaks the target removes, those still there,
// and the solutions of the current journey's roadmap that change the stage (see core/journeys.ts). Rows
// line up across columns so each reads across the journey; a row nobody needs is left out.
import type { StageComparison } from '../../core/journeys.js';
import type { ObservationView, SolutionView } from '../../core/snapshot.js';
import { clean, esc } from './escape.js';
import type { MapContext, Section } from './context.js';
import { formatScore } from './context.js';
import { colorFor } from './curve.js';
import { checkIcon, kindIcon } from './icons.js';
import { lineHeight, measureBlock, textBlock, textLine } from './text.js';
import { wrap } from '../text/wrap.js';
import { textWidth } from '../text/measure.js';
import { COLOR, SIZE } from './theme.js';

const TEXT = 11.5;
const MAX_ITEMS = 3;
/** Lines an entry may take: the rows grow to show it whole rather than cut it. */
const MAX_LINES = 8;
const r1 = (n: number) => Number(n.toFixed(1));

type Entry = { icon: (x: number, y: number) => string; text: string; muted?: boolean; attrs: string };
type Row = { key: 'toRemove' | 'removed' | 'remaining' | 'solutions'; entries: (c: StageComparison) => Entry[] };

const obsEntry = (o: ObservationView, role: 'removed' | 'remaining' | 'to-remove'): Entry => ({
  icon: role === 'removed' ? (x, y) => checkIcon(x, y, 11, COLOR.positive) : (x, y) => kindIcon(o.kind, x, y, 11),
  text: o.text, muted: role === 'removed', attrs: `data-observation-id="${esc(o.id)}" data-${role}="true"`,
});

const arrow = (x: number, y: number) =>
  `<path d="M${r1(x - 5)} ${r1(y)}H${r1(x + 3)}M${r1(x)} ${r1(y - 3.5)}L${r1(x + 4)} ${r1(y)}L${r1(x)} ${r1(y + 3.5)}" fill="none" stroke="${COLOR.accent}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`;

const ROWS: Row[] = [
  { key: 'toRemove', entries: (c) => c.toRemove.map((o) => obsEntry(o, 'to-remove')) },
  { key: 'removed', entries: (c) => c.removed.map((o) => obsEntry(o, 'removed')) },
  { key: 'remaining', entries: (c) => c.remaining.map((o) => obsEntry(o, 'remaining')) },
  { key: 'solutions', entries: (c) => c.solutions.map((s: SolutionView) => ({ icon: arrow, text: s.text, attrs: `data-solution-id="${esc(s.id)}"` })) },
];

/** One row's cell: up to MAX_ITEMS entries wrapped to the column, then "+N more". */
function cell(ctx: MapContext, entries: Entry[], x: number, y: number, measureOnly: boolean): { svg: string; height: number } {
  const w = ctx.cols.width - 38;
  const lh = lineHeight(TEXT);
  const parts: string[] = [];
  let cy = y + 8;
  for (const e of entries.slice(0, MAX_ITEMS)) {
    const h = Math.max(lh, measureBlock(e.text, w, { size: TEXT, maxLines: MAX_LINES }));
    if (!measureOnly) {
      parts.push(`<g ${e.attrs}>${e.icon(x + 14, cy + 7)}` +
        textBlock(e.text, x + 26, cy, w, { size: TEXT, maxLines: MAX_LINES, fill: e.muted ? COLOR.muted : COLOR.ink }).svg + '</g>');
    }
    cy += h + 5;
  }
  if (entries.length > MAX_ITEMS) {
    if (!measureOnly) parts.push(textLine(ctx.t('render:more', { count: entries.length - MAX_ITEMS }), x + 26, cy + TEXT * 0.95, w, { size: TEXT, weight: 'bold', fill: COLOR.muted }));
    cy += lh + 5;
  }
  if (entries.length === 0 && !measureOnly) parts.push(textLine('—', x + 14, y + 8 + TEXT * 0.95, 20, { size: TEXT, fill: COLOR.faint }));
  return { svg: parts.join(''), height: Math.max(28, cy - y + 3) };
}

function rowLabel(label: string, y: number): string {
  const lines = wrap(clean(label), { width: SIZE.labelCol - 10, size: 12, weight: 'bold', maxLines: 3 }).lines;
  return `<text font-size="12" font-weight="700" fill="${COLOR.muted}" data-fit="${SIZE.labelCol - 10}">` +
    lines.map((l, i) => `<tspan x="${SIZE.pad}" y="${r1(y + 20 + i * lineHeight(12))}">${esc(l)}</tspan>`).join('') + '</text>';
}

export function journeysSection(ctx: MapContext, top: number): Section {
  const j = ctx.journeys!;
  const { t, language } = ctx;
  const byStage = new Map(j.stages.map((c) => [c.stageId, c]));
  const comparisons = ctx.stages.map((s) => byStage.get(s.id)!);
  const parts: string[] = [];
  const avail = ctx.width - 2 * SIZE.pad;
  parts.push(textLine(t('render:journeys.title'), SIZE.pad, top + 20, avail, { size: SIZE.heading, weight: 'bold' }));
  parts.push(textLine(t('render:journeys.subtitle', { title: j.current.title }), SIZE.pad, top + 40, avail, { size: 12.5, fill: COLOR.muted }));
  let y = top + 54;

  // Emotion before → after, or "new stage".
  const after = new Map(ctx.snapshot.emotion.map((e) => [e.stageId, e.mean]));
  parts.push(rowLabel(t('render:journeys.emotion'), y - 4));
  comparisons.forEach((c, i) => {
    const x = ctx.cols.x(i);
    const w = ctx.cols.width;
    const now = after.get(c.stageId) ?? null;
    parts.push(`<rect x="${x}" y="${y}" width="${w}" height="34" rx="8" fill="${COLOR.panel}"/>`);
    if (!c.source) {
      parts.push(textLine(t('render:journeys.newStage'), x + 12, y + 22, w - 24, { size: 12, weight: 'bold', fill: COLOR.accent, attrs: 'data-role="new-stage"' }));
      return;
    }
    const before = c.before?.mean ?? null;
    const score = (v: number | null) => (v === null ? t('render:curve.notRated') : formatScore(v, language));
    const fill = (v: number | null) => (v === null ? COLOR.muted : colorFor(v));
    // Before, an arrow, after: each in its own colour, so the change reads at a glance.
    const bx = x + 12;
    const ax = bx + textWidth(`${score(before)} `, 13, 'bold');
    const nx = ax + textWidth('\u2192 ', 13, 'bold');
    parts.push(`<g data-emotion-before="${before ?? ''}" data-emotion-after="${now ?? ''}">` +
      textLine(score(before), bx, y + 22, ax - bx, { size: 13, weight: 'bold', fill: fill(before) }) +
      textLine('\u2192', ax, y + 22, nx - ax, { size: 13, weight: 'bold', fill: COLOR.faint }) +
      textLine(score(now), nx, y + 22, Math.max(20, x + w - 12 - nx), { size: 13, weight: 'bold', fill: fill(now) }) + '</g>');
  });
  y += 34 + SIZE.gap;

  for (const row of ROWS) {
    const entries = comparisons.map((c) => row.entries(c));
    if (entries.every((e) => e.length === 0)) continue;
    const h = Math.max(...entries.map((e, i) => cell(ctx, e, ctx.cols.x(i), y, true).height));
    parts.push(rowLabel(t(`render:journeys.${row.key}`), y));
    entries.forEach((e, i) => {
      const x = ctx.cols.x(i);
      parts.push(`<g data-stage-${row.key}="${esc(comparisons[i]!.stageId)}" data-count="${e.length}"><rect x="${x}" y="${y}" width="${ctx.cols.width}" height="${r1(h)}" rx="8" fill="${COLOR.panel}"/>` +
        cell(ctx, e, x, y, false).svg + '</g>');
    });
    y += h + SIZE.gap;
  }

  // Only the whole map says what the target left out (a part shows its own stages).
  if (j.dropped.length > 0 && !ctx.part) {
    const list = j.dropped.map((s) => `${s.position + 1}. ${s.label}`).join(' · ');
    const block = textBlock(t('render:journeys.dropped', { count: j.dropped.length, stages: list }), SIZE.pad, y + 2, avail, { size: 12, fill: COLOR.muted, maxLines: 3, attrs: 'data-role="dropped"' });
    parts.push(block.svg);
    y += block.height + 8;
  }
  return { svg: `<g data-section="journeys" data-current-workshop="${esc(j.current.workshopId)}">${parts.join('')}</g>`, height: y - top + 4 };
}
