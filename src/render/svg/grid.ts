// The matrix: macro-phase bands, one column per stage (in position order, in the customer's words) and
// one row per channel. Each cell lists its touchpoints. An empty cell is one of two things: a channel the
// facilitator marked "not used" at that stage, drawn as a quiet blank, or a missing touchpoint — a finding
// of the workshop — drawn with a warm dashed outline and a gap mark, without words: on a big map dozens of
// "Missing touchpoint" labels would drown the few cells that matter (the legend names the mark).
import type { StageView, TouchpointView } from '../../core/snapshot.js';
import type { Phase } from '../../core/vocabulary.js';
import { wrap } from '../text/wrap.js';
import { clean, esc } from './escape.js';
import type { MapContext, Section } from './context.js';
import { keyMomentIcon, kindIcon, momentOfTruthIcon, warningIcon } from './icons.js';
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
  // A stage still in process wording says so under its label, as the stages step does in chat.
  const voiceH = stages.some((s) => s.voiceWarning) ? 18 : 0;
  const h = Math.max(0, ...heights) + 44 + voiceH;
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
    const voice = s.voiceWarning
      ? `<g data-role="voice-warning">${warningIcon(x + 17, top + h - 15, 12)}` +
        textLine(ctx.t('render:grid.notCustomerVoice'), x + 28, top + h - 11, w - 38, { size: 11, weight: 'bold', fill: COLOR.warn }) + '</g>'
      : '';
    return `<g data-stage-id="${esc(s.id)}" data-position="${s.position}" data-phase="${s.phase}" data-x="${x}" data-width="${w}"` +
      `${s.keyMomentId ? ` data-key-moment="${esc(s.keyMomentId)}"` : ''}${s.voiceWarning ? ' data-voice-warning="true"' : ''}>` +
      `<rect x="${x}" y="${top}" width="${w}" height="${h}" rx="8" fill="${COLOR.white}" stroke="${c.ink}" stroke-opacity="0.35"/>` +
      `<rect x="${x}" y="${top}" width="${w}" height="5" rx="2" fill="${c.ink}" fill-opacity="0.6"/>` +
      `<circle cx="${x + 20}" cy="${top + 17}" r="10" fill="${c.ink}"/>` +
      `<text x="${x + 20}" y="${top + 21.5}" font-size="12" font-weight="700" fill="#fff" text-anchor="middle">${ctx.first + i + 1}</text>` +
      markers.join('') + label.svg + voice + '</g>';
  });
  const left = textLine(ctx.t('render:grid.stages'), SIZE.pad, top + 22, SIZE.labelCol, { size: 13, weight: 'bold', fill: COLOR.muted });
  return { svg: `<g data-section="stages">${left}${out.join('')}</g>`, height: h + SIZE.gap };
}

interface CellLayout {
  /** The described touchpoints shown, as wrapped lines. */
  items: string[][];
  /** Described touchpoints left out for room ("+N more"). */
  hidden: number;
  /** Touchpoints without a description: counted in words rather than drawn as lone bullets. */
  undescribed: number;
  /** The words that count them, wrapped. */
  undescribedLines: string[];
  lines: number;
}

const CELL_SIZE = 12;
const UNDESCRIBED_SIZE = 11.5;
/** Lines a cell may take before the row stops growing for it; a row's cells then share its height. */
const CELL_MAX_LINES = 6;

/**
 * Lays out a cell within `maxLines`. Each touchpoint gets the lines its text needs while the budget
 * lasts, keeping one line for what follows (another touchpoint, "+N more", the undescribed count), so
 * text is cut with "…" only when the cell has no room left.
 */
function layoutCell(tps: TouchpointView[], width: number, maxLines: number, undescribedLabel: (count: number, alone: boolean) => string): CellLayout {
  const described = tps.filter((tp) => clean(tp.description).trim() !== '');
  const undescribed = tps.length - described.length;
  const undescribedLines = undescribed > 0
    ? wrap(clean(undescribedLabel(undescribed, described.length === 0)), { width: width + 8, size: UNDESCRIBED_SIZE, maxLines: 2 }).lines
    : [];
  const reserve = undescribedLines.length;
  const items: string[][] = [];
  let lines = 0;
  for (let i = 0; i < described.length; i++) {
    const remaining = maxLines - reserve - lines - (i < described.length - 1 ? 1 : 0);
    if (remaining <= 0) break;
    const w = wrap(clean(described[i]!.description), { width, size: CELL_SIZE, maxLines: remaining });
    items.push(w.lines);
    lines += w.lines.length;
  }
  const hidden = described.length - items.length;
  return { items, hidden, undescribed, undescribedLines, lines: lines + (hidden > 0 ? 1 : 0) + reserve };
}

/** A missing touchpoint's mark: a small dashed ring with a dot, in the warning colour. */
function gapMark(cx: number, cy: number, r: number): string {
  return `<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${r1(r)}" fill="none" stroke="${COLOR.gap}" stroke-width="1.6" stroke-dasharray="2.5 2"/>` +
    `<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${r1(r * 0.3)}" fill="${COLOR.gap}"/>`;
}

/** Drawing of an empty cell, shared with the legend. */
export function emptyCellShape(x: number, y: number, w: number, h: number, unused: boolean): string {
  if (unused) {
    return `<rect x="${r1(x)}" y="${r1(y)}" width="${r1(w)}" height="${r1(h)}" rx="6" fill="${COLOR.unused}"/>` +
      `<line x1="${r1(x + w / 2 - 8)}" x2="${r1(x + w / 2 + 8)}" y1="${r1(y + h / 2)}" y2="${r1(y + h / 2)}" stroke="${COLOR.faint}" stroke-width="1.5" stroke-linecap="round"/>`;
  }
  return `<rect x="${r1(x + 0.5)}" y="${r1(y + 0.5)}" width="${r1(w - 1)}" height="${r1(h - 1)}" rx="6" fill="${COLOR.gapBg}" stroke="${COLOR.gap}" stroke-opacity="0.7" stroke-dasharray="5 4"/>` +
    gapMark(x + w / 2, y + h / 2, Math.min(7, h / 2 - 3));
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
  const unused = new Set(ctx.snapshot.unusedCells.map((u) => `${u.channelId}|${u.stageId}`));
  const undescribed = (count: number, alone: boolean) => ctx.t(alone ? 'render:grid.undescribed' : 'render:grid.alsoUndescribed', { count });
  const out: string[] = [];
  let y = top;
  for (const ch of channels) {
    const tpsAt = (s: StageView) => byCell.get(`${ch.id}|${s.id}`) ?? [];
    const natural = stages.map((s) => layoutCell(tpsAt(s), innerW, CELL_MAX_LINES, undescribed));
    const labelH = wrap(clean(ch.name), { width: SIZE.labelCol - 20, size: 13, weight: 'bold', maxLines: 3 }).lines.length * lineHeight(13);
    const h = Math.max(46, labelH + 20, ...natural.map((c) => c.lines * lh + 18));
    // Second pass: every cell may use the whole row's height, so a long description is cut only when
    // the row has no room left for it.
    const room = Math.max(CELL_MAX_LINES, Math.floor((h - 18) / lh));
    const cells = stages.map((s) => layoutCell(tpsAt(s), innerW, room, undescribed));
    const row: string[] = [];
    row.push(`<rect x="${SIZE.pad}" y="${y}" width="${SIZE.labelCol}" height="${r1(h)}" rx="6" fill="${COLOR.panel}"/>`);
    row.push(textBlock(ch.name, SIZE.pad + 10, y + (h - labelH) / 2, SIZE.labelCol - 20, { size: 13, weight: 'bold', maxLines: 3, attrs: 'data-role="channel-label"' }).svg);
    cells.forEach((c, i) => {
      const x = ctx.cols.x(i);
      const stage = stages[i]!;
      const count = (byCell.get(`${ch.id}|${stage.id}`) ?? []).length;
      if (count === 0) {
        const isUnused = unused.has(`${ch.id}|${stage.id}`);
        row.push(`<g data-cell="${esc(stage.id)}|${esc(ch.id)}" data-touchpoints="0" ${isUnused ? 'data-unused="true"' : 'data-missing="true"'}>` +
          emptyCellShape(x, y, w, h, isUnused) + '</g>');
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
        ty += lh;
      }
      if (c.undescribed > 0) {
        parts.push(`<text font-size="${UNDESCRIBED_SIZE}" fill="${COLOR.muted}" data-fit="${innerW + 8}" data-role="undescribed" data-count="${c.undescribed}">` +
          c.undescribedLines.map((l, j) => `<tspan x="${x + 13}" y="${r1(ty + CELL_SIZE * 0.95 + j * lh)}">${esc(l)}</tspan>`).join('') + '</text>');
      }
      row.push(`<g data-cell="${esc(stage.id)}|${esc(ch.id)}" data-touchpoints="${count}">` +
        `<rect x="${x}" y="${r1(y)}" width="${w}" height="${r1(h)}" rx="6" fill="${COLOR.white}" stroke="${COLOR.line}"/>${parts.join('')}</g>`);
    });
    out.push(`<g data-channel-id="${esc(ch.id)}" data-position="${ch.position}">${row.join('')}</g>`);
    y += h + SIZE.gap;
  }
  return { svg: `<g data-section="grid">${out.join('')}</g>`, height: y - top };
}
