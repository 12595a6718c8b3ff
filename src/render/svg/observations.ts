// Per stage: the irritants, enchantments and breaks the team named, most-voted first. The top ones are
// written out with their votes; the rest are counted ("+N more") so a busy stage never overflows.
// Breaks sort before irritants at equal votes: they are where customers get lost.
import type { ObservationView } from '../../core/snapshot.js';
import type { ObservationKind } from '../../core/vocabulary.js';
import { wrap } from '../text/wrap.js';
import { textWidth } from '../text/measure.js';
import { clean, esc } from './escape.js';
import type { MapContext, Section } from './context.js';
import { checkIcon, kindIcon, momentOfTruthIcon } from './icons.js';
import { lineHeight, textLine } from './text.js';
import { COLOR, KIND_COLOR, SIZE } from './theme.js';
import type { SolutionIndex } from './solutions-index.js';

const TOP = 4;
const SIZE_OBS = 12;
const KIND_ORDER: Record<ObservationKind, number> = { rupture: 0, irritant: 1, enchantment: 2 };
const r1 = (n: number) => Number(n.toFixed(1));

export function rankObservations(obs: ObservationView[]): ObservationView[] {
  return [...obs].sort((a, b) => b.votes - a.votes || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || Number(b.momentOfTruth) - Number(a.momentOfTruth));
}

/** Breaks and moments of truth are set in bold so they stand out in the column. */
const emphasised = (o: ObservationView) => o.kind === 'rupture' || o.momentOfTruth;

interface Item { o: ObservationView; lines: string[]; truncated: boolean; labels: string[]; height: number }

/**
 * Lines an observation may take before its column stops growing for it: a break or a moment of truth, what
 * the map is read for, gets more before it is cut.
 */
const ITEM_MAX_LINES = 7;
const EMPHASISED_MAX_LINES = 10;

export function observationsRow(ctx: MapContext, top: number, index: SolutionIndex): Section {
  const { stages } = ctx;
  const { observations } = ctx.snapshot;
  const w = ctx.cols.width;
  const lh = lineHeight(SIZE_OBS);
  const layout = (o: ObservationView, maxLines: number): Item => {
    const pillW = textWidth(String(o.votes), 11, 'bold') + 12;
    const wrapped = wrap(clean(o.text), { width: w - 34 - pillW - 8, size: SIZE_OBS, maxLines, weight: emphasised(o) ? 'bold' : 'regular' });
    const labels = index.byObservation.get(o.id) ?? [];
    const icons = 1 + (o.momentOfTruth ? 1 : 0);
    const height = Math.max(wrapped.lines.length * lh, icons * 17 - 2) + (labels.length ? 18 : 0) + 10;
    return { o, lines: wrapped.lines, truncated: wrapped.truncated, labels, height };
  };
  const columnHeight = (items: Item[], ranked: ObservationView[]) =>
    34 + items.reduce((a, i) => a + i.height, 0) + (ranked.length > TOP ? 20 : 0) + (ranked.length === 0 ? 20 : 0);
  const columns = stages.map((s) => {
    const ranked = rankObservations(observations.filter((o) => o.stageId === s.id));
    const items = ranked.slice(0, TOP).map((o) => layout(o, emphasised(o) ? EMPHASISED_MAX_LINES : ITEM_MAX_LINES));
    return { s, ranked, items, height: columnHeight(items, ranked) };
  });
  const h = Math.max(60, ...columns.map((c) => c.height)) + 8;
  // A text still cut gets the room its column has left under the tallest one: "…" only when there is none.
  for (const c of columns) {
    c.items.forEach((it, k) => {
      const spare = Math.floor((h - 8 - columnHeight(c.items, c.ranked)) / lh);
      if (it.truncated && spare > 0) c.items[k] = layout(it.o, it.lines.length + spare);
    });
  }

  const out = columns.map((c, i) => {
    const x = ctx.cols.x(i);
    const parts: string[] = [`<rect x="${x}" y="${top}" width="${w}" height="${r1(h)}" rx="8" fill="${COLOR.panel}"/>`];
    // Summary: how many of each kind, whatever is shown below.
    let sx = x + 12;
    for (const kind of ['irritant', 'enchantment', 'rupture'] as const) {
      const n = c.ranked.filter((o) => o.kind === kind).length;
      if (n === 0) continue;
      parts.push(`<g data-summary="${kind}" data-count="${n}">${kindIcon(kind, sx + 6, top + 17, 12)}` +
        `<text x="${sx + 16}" y="${top + 21.5}" font-size="12.5" font-weight="700" fill="${KIND_COLOR[kind]}">${n}</text></g>`);
      sx += 22 + textWidth(String(n), 12.5, 'bold') + 10;
    }
    if (c.ranked.length === 0) {
      parts.push(textLine(ctx.t('render:observations.none'), x + 12, top + 21.5, w - 24, { size: 11.5, fill: COLOR.faint }));
    }
    let y = top + 34;
    for (const it of c.items) {
      const o = it.o;
      const pillW = textWidth(String(o.votes), 11, 'bold') + 12;
      const g: string[] = [];
      if (o.momentOfTruth) g.push(`<rect x="${x + 3}" y="${r1(y - 3)}" width="3" height="${r1(it.height - 6)}" rx="1.5" fill="${COLOR.warn}"/>`);
      g.push(kindIcon(o.kind, x + 17, y + 7.5, 12));
      if (o.momentOfTruth) g.push(momentOfTruthIcon(x + 17, y + 24, 12));
      const textW = w - 34 - pillW - 8;
      g.push(`<text font-size="${SIZE_OBS}" fill="${COLOR.ink}"${emphasised(o) ? ' font-weight="700"' : ''} data-fit="${r1(textW)}">` +
        it.lines.map((l, j) => `<tspan x="${x + 29}" y="${r1(y + SIZE_OBS * 0.95 + j * lh)}">${esc(l)}</tspan>`).join('') + '</text>');
      const px = x + w - 8 - pillW;
      g.push(`<rect x="${r1(px)}" y="${y}" width="${r1(pillW)}" height="17" rx="8.5" fill="${COLOR.white}" stroke="${KIND_COLOR[o.kind]}"/>` +
        `<text x="${r1(px + pillW / 2)}" y="${y + 12.5}" font-size="11" font-weight="700" fill="${KIND_COLOR[o.kind]}" text-anchor="middle" data-role="votes">${o.votes}</text>`);
      if (it.labels.length) {
        const ly = y + Math.max(it.lines.length * lh, (o.momentOfTruth ? 2 : 1) * 17 - 2) + 2;
        g.push(checkIcon(x + 35, ly + 7, 12));
        g.push(textLine(it.labels.join(', '), x + 45, ly + 11.5, w - 55, { size: 11, weight: 'bold', fill: COLOR.accent }));
      }
      parts.push(`<g data-observation-id="${esc(o.id)}" data-kind="${o.kind}" data-votes="${o.votes}" data-moment-of-truth="${o.momentOfTruth}"` +
        `${it.labels.length ? ` data-addressed-by="${esc(it.labels.join(' '))}"` : ''}>${g.join('')}</g>`);
      y += it.height;
    }
    const hidden = c.ranked.length - c.items.length;
    if (hidden > 0) {
      parts.push(textLine(ctx.t('render:more', { count: hidden }), x + 29, y + 10, w - 40, { size: 11.5, weight: 'bold', fill: COLOR.muted }));
    }
    return `<g data-stage-observations="${esc(c.s.id)}" data-count="${c.ranked.length}" data-hidden="${hidden}">${parts.join('')}</g>`;
  });
  const left = textBlock2(ctx.t('render:observations.title'), top);
  return { svg: `<g data-section="observations">${left}${out.join('')}</g>`, height: h + SIZE.gap };
}

function textBlock2(label: string, top: number): string {
  const lines = wrap(clean(label), { width: SIZE.labelCol - 10, size: 13, weight: 'bold', maxLines: 3 }).lines;
  return `<text font-size="13" font-weight="700" fill="${COLOR.muted}" data-fit="${SIZE.labelCol - 10}">` +
    lines.map((l, i) => `<tspan x="${SIZE.pad}" y="${r1(top + 22 + i * lineHeight(13))}">${esc(l)}</tspan>`).join('') + '</text>';
}
