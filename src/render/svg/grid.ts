// The matrix: macro-phase bands, one column per stage (in position order, in the customer's words) and
// one row per channel. Each cell lists its touchpoints; an empty cell is drawn dashed and labelled, since
// a missing touchpoint is itself a finding of the workshop.
import type { StageView, TouchpointView } from '../../core/snapshot.js';
import type { Phase } from '../../core/vocabulary.js';
import { wrap } from '../text/wrap.js';
import { clean, esc } from './escape.js';
import type { MapContext, Section } from './context.js';
import { keyMomentIcon, kindIcon, momentOfTruthIcon } from './icons.js';
import { lineHeight, textBlock, textLine } from './text.js';
import { COLOR, PHASE_COLOR, SIZE } from './theme.js';

const r1 = (n: number) => Number(n.toFixed(1));

export function phaseBands(ctx: MapContext, top: number): Section {
  const { stages, first } = ctx;
  const runs: { phase: Phase; from: number; to: number }[] = [];
  stages.forEach((s, i) => {
    const last = runs[runs.length - 1];
    if (last && last.phase === s.phase) last.to = i;
    else runs.push({ phase: s.phase, from: i, to: i });
  });
  const h = 28;
  const svg = runs.map((r) => {
    const x = ctx.cols.x(r.from);
    const w = ctx.cols.x(r.to) + ctx.cols.width - x;
    const c = PHASE_COLOR[r.phase];
    return `<g data-phase="${r.phase}" data-from="${first + r.from}" data-to="${first + r.to}"><rect x="${x}" y="${top}" width="${w}" height="${h}" rx="6" fill="${c.fill}"/>` +
      textLine(ctx.t(`render:phase.${r.phase}`).toUpperCase(), x + 8, top + 18.5, w - 16, { size: 12, weight: 'bold', fill: c.ink, anchor: 'middle' }) + '</g>';
  });
  return { svg: `<g data-section="phases">${svg.join('')}</g>`, height: h + SIZE.gap };
}

export function stageHeaders(ctx: MapContext, top: number): Section {
  const { stages } = ctx;
  const { observations } = ctx.snapshot;
  const w = ctx.cols.width;
  const labelOpts = { size: 13.5, weight: 'bold' as const, maxLines: 4 };
  const heights = stages.map((s) => wrap(clean(s.label), { width: w - 20, ...labelOpts }).lines.length * lineHeight(13.5));
  const h = Math.max(0, ...heights) + 44;
  const out = stages.map((s: StageView, i) => {
    const x = ctx.cols.x(i);
    const c = PHASE_COLOR[s.phase];
    const obs = observations.filter((o) => o.stageId === s.id);
    const markers: string[] = [];
    let mx = x + w - 14;
    if (obs.some((o) => o.momentOfTruth)) { markers.push(momentOfTruthIcon(mx, top + 17, 13)); mx -= 20; }
    if (obs.some((o) => o.kind === 'rupture')) { markers.push(kindIcon('rupture', mx, top + 17, 12)); mx -= 20; }
    if (s.keyMomentId) { markers.push(keyMomentIcon(mx, top + 17, 13)); mx -= 20; }
    const label = textBlock(s.label, x + 10, top + 32, w - 20, { ...labelOpts, attrs: 'data-role="stage-label"' });
    return `<g data-stage-id="${esc(s.id)}" data-position="${s.position}" data-phase="${s.phase}" data-x="${x}" data-width="${w}"` +
      `${s.keyMomentId ? ` data-key-moment="${esc(s.keyMomentId)}"` : ''}>` +
      `<rect x="${x}" y="${top}" width="${w}" height="${h}" rx="8" fill="${COLOR.white}" stroke="${c.ink}" stroke-opacity="0.35"/>` +
      `<rect x="${x}" y="${top}" width="${w}" height="5" rx="2" fill="${c.ink}" fill-opacity="0.6"/>` +
      `<circle cx="${x + 20}" cy="${top + 17}" r="10" fill="${c.ink}"/>` +
      `<text x="${x + 20}" y="${top + 21.5}" font-size="12" font-weight="700" fill="#fff" text-anchor="middle">${ctx.first + i + 1}</text>` +
      markers.join('') + label.svg + '</g>';
  });
  const left = textLine(ctx.t('render:grid.stages'), SIZE.pad, top + 22, SIZE.labelCol, { size: 13, weight: 'bold', fill: COLOR.muted });
  return { svg: `<g data-section="stages">${left}${out.join('')}</g>`, height: h + SIZE.gap };
}

interface CellLayout {
  items: string[][];
  hidden: number;
  lines: number;
}

const CELL_SIZE = 12;
const CELL_MAX_LINES = 5;

function layoutCell(tps: TouchpointView[], width: number, moreLabel: (n: number) => string): CellLayout {
  const items: string[][] = [];
  let lines = 0;
  for (let i = 0; i < tps.length; i++) {
    const remaining = CELL_MAX_LINES - lines - (i < tps.length - 1 ? 1 : 0); // keep a line for "+N more"
    if (remaining <= 0) break;
    const w = wrap(clean(tps[i]!.description), { width, size: CELL_SIZE, maxLines: Math.min(3, remaining) });
    items.push(w.lines);
    lines += w.lines.length;
  }
  const hidden = tps.length - items.length;
  if (hidden > 0) { lines += 1; void moreLabel; }
  return { items, hidden, lines };
}

export function channelRows(ctx: MapContext, top: number): Section {
  const { stages } = ctx;
  const { channels, touchpoints } = ctx.snapshot;
  const w = ctx.cols.width;
  const innerW = w - 28;
  const lh = lineHeight(CELL_SIZE);
  const more = (n: number) => ctx.t('render:more', { count: n });
  const byCell = new Map<string, TouchpointView[]>();
  for (const tp of touchpoints) {
    const k = `${tp.channelId}|${tp.stageId}`;
    byCell.set(k, [...(byCell.get(k) ?? []), tp]);
  }
  const out: string[] = [];
  let y = top;
  for (const ch of channels) {
    const cells = stages.map((s) => layoutCell(byCell.get(`${ch.id}|${s.id}`) ?? [], innerW, more));
    const labelH = wrap(clean(ch.name), { width: SIZE.labelCol - 20, size: 13, weight: 'bold', maxLines: 3 }).lines.length * lineHeight(13);
    const h = Math.max(46, labelH + 20, ...cells.map((c) => c.lines * lh + 18));
    const row: string[] = [];
    row.push(`<rect x="${SIZE.pad}" y="${y}" width="${SIZE.labelCol}" height="${r1(h)}" rx="6" fill="${COLOR.panel}"/>`);
    row.push(textBlock(ch.name, SIZE.pad + 10, y + (h - labelH) / 2, SIZE.labelCol - 20, { size: 13, weight: 'bold', maxLines: 3, attrs: 'data-role="channel-label"' }).svg);
    cells.forEach((c, i) => {
      const x = ctx.cols.x(i);
      const stage = stages[i]!;
      const count = (byCell.get(`${ch.id}|${stage.id}`) ?? []).length;
      if (count === 0) {
        row.push(`<g data-cell="${esc(stage.id)}|${esc(ch.id)}" data-touchpoints="0" data-missing="true">` +
          `<rect x="${x + 0.5}" y="${r1(y + 0.5)}" width="${w - 1}" height="${r1(h - 1)}" rx="6" fill="#FBFBFC" stroke="#B3BAC7" stroke-dasharray="5 4"/>` +
          textBlock(ctx.t('render:grid.missing'), x + 10, y + h / 2 - lineHeight(11) / 2, w - 20, { size: 11, fill: COLOR.faint, anchor: 'middle', maxLines: 2 }).svg +
          '</g>');
        return;
      }
      const parts: string[] = [];
      let ty = y + 9;
      for (const lines of c.items) {
        parts.push(`<circle cx="${x + 13}" cy="${r1(ty + CELL_SIZE * 0.6)}" r="2.5" fill="${COLOR.muted}"/>`);
        parts.push(`<text font-size="${CELL_SIZE}" fill="${COLOR.ink}" data-fit="${innerW}">` +
          lines.map((l, j) => `<tspan x="${x + 21}" y="${r1(ty + CELL_SIZE * 0.95 + j * lh)}">${esc(l)}</tspan>`).join('') + '</text>');
        ty += lines.length * lh;
      }
      if (c.hidden > 0) {
        parts.push(textLine(more(c.hidden), x + 21, ty + CELL_SIZE * 0.95, innerW, { size: 11.5, weight: 'bold', fill: COLOR.muted }));
      }
      row.push(`<g data-cell="${esc(stage.id)}|${esc(ch.id)}" data-touchpoints="${count}">` +
        `<rect x="${x}" y="${r1(y)}" width="${w}" height="${r1(h)}" rx="6" fill="${COLOR.white}" stroke="${COLOR.line}"/>${parts.join('')}</g>`);
    });
    out.push(`<g data-channel-id="${esc(ch.id)}" data-position="${ch.position}">${row.join('')}</g>`);
    y += h + SIZE.gap;
  }
  return { svg: `<g data-section="grid">${out.join('')}</g>`, height: y - top };
}
