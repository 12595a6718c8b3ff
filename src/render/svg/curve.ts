// The emotion curve on the method's −2…+2 scale: the mean per stage joined by a line (broken where a
// stage is unrated), a band of ± one standard deviation and a min–max whisker for the spread, the number
// of ratings under each stage, and a warning on the stages where departments disagree most — there the
// mean hides two different stories, which is worth a conversation.
import type { EmotionPoint } from '../../core/snapshot.js';
import { EMOTION_MAX, EMOTION_MIN } from '../../core/vocabulary.js';
import { clean, esc } from './escape.js';
import { formatScore, type MapContext, type Section } from './context.js';
import { warningIcon } from './icons.js';
import { measureBlock, textBlock, textLine } from './text.js';
import { textWidth } from '../text/measure.js';
import { wrap } from '../text/wrap.js';
import { COLOR, SIZE } from './theme.js';

export const PLOT_HEIGHT = 200;
/** A stage is flagged when its department means differ by at least this much, among the top three. */
const DISAGREEMENT_MIN = 1;
const DISAGREEMENT_TOP = 3;
/** …and never more than a quarter of the stages, or the warning stops meaning anything. */
const DISAGREEMENT_SHARE = 0.25;
const r1 = (n: number) => Number(n.toFixed(1));
const clamp = (v: number) => Math.max(EMOTION_MIN, Math.min(EMOTION_MAX, v));

export function flaggedStages(points: EmotionPoint[]): Set<string> {
  const ranked = points.filter((p) => p.disagreement >= DISAGREEMENT_MIN).sort((a, b) => b.disagreement - a.disagreement);
  const top = Math.min(DISAGREEMENT_TOP, Math.max(1, Math.ceil(points.length * DISAGREEMENT_SHARE)));
  return new Set(ranked.slice(0, top).map((p) => p.stageId));
}

export function colorFor(mean: number): string {
  return mean > 0.25 ? COLOR.positive : mean < -0.25 ? COLOR.negative : COLOR.neutral;
}

const DEPT_LABEL = 10.5;

/** "Logistics +1.0": which department, and its mean. */
function departmentLabel(ctx: MapContext, d: EmotionPoint['byDepartment'][number]): string {
  const name = ctx.snapshot.departments.find((x) => x.id === d.departmentId)?.name ?? ctx.t('render:curve.noDepartment');
  return `${name} ${formatScore(d.mean, ctx.language)}`;
}

/**
 * Each department's mean at a stage where they disagree: a ring at its score and the department's name
 * beside it, names pushed apart when means are close so none covers another. The names go right of the
 * point, towards the next stage, or left of it (`left`) when there is more room there; a name longer than
 * the room takes a second line rather than being cut.
 */
function departmentMeans(ctx: MapContext, p: EmotionPoint, x: number, edge: number, left: boolean, y: (v: number) => number, yTop: number, yBottom: number): string {
  const LABEL = DEPT_LABEL;
  const lh = LABEL * 1.15;
  const room = left ? x - 7 - edge : edge - x - 7;
  const means = [...p.byDepartment].sort((a, b) => b.mean - a.mean).map((d) => {
    const lines = wrap(clean(departmentLabel(ctx, d)), { width: room, size: LABEL, maxLines: 2 }).lines;
    // `top`: where the label's first line sits, centred on the ring.
    return { d, lines, cy: y(clamp(d.mean)), top: y(clamp(d.mean)) - (lines.length * lh) / 2 };
  });
  // Top-down then bottom-up, so labels keep their order and stay inside the plot.
  for (let k = 0; k < means.length; k++) means[k]!.top = Math.max(means[k]!.top, k === 0 ? yTop + 1 : means[k - 1]!.top + means[k - 1]!.lines.length * lh);
  for (let k = means.length - 1; k >= 0; k--) {
    const m = means[k]!;
    m.top = Math.min(m.top, (k === means.length - 1 ? yBottom - 1 : means[k + 1]!.top) - m.lines.length * lh);
  }
  const tx = left ? x - 7 : x + 7;
  return means.map(({ d, lines, cy, top }) =>
    `<g data-department-mean="${r1(d.mean)}" data-department-id="${esc(d.departmentId ?? '')}">` +
    `<circle cx="${r1(x)}" cy="${r1(cy)}" r="3.5" fill="#fff" stroke="${COLOR.warn}" stroke-width="1.5"/>` +
    `<text font-size="${LABEL}" fill="${COLOR.warn}" stroke="#fff" stroke-width="6" stroke-linejoin="round" paint-order="stroke"${left ? ' text-anchor="end"' : ''} data-fit="${r1(room)}" data-role="department-mean">` +
    lines.map((l, j) => `<tspan x="${r1(tx)}" y="${r1(top + LABEL * 0.9 + j * lh)}">${esc(l)}</tspan>`).join('') + '</text></g>').join('');
}

/**
 * The current journey's curve under a target's, grey and dashed, at the target stages that come from a
 * rated stage of it: the before and after of each stage read off one plot. The line runs on over a stage
 * new in the target (the current journey went straight on there) and breaks at an unrated one.
 */
function beforeCurve(ctx: MapContext, cx: (i: number) => number, y: (v: number) => number): string {
  const byStage = new Map(ctx.journeys!.stages.map((c) => [c.stageId, c]));
  const points = ctx.stages.map((s, i) => ({ i, isNew: !byStage.get(s.id)?.source, mean: byStage.get(s.id)?.before?.mean ?? null }));
  const parts: string[] = [];
  let run: string[] = [];
  const flush = () => { if (run.length > 1) parts.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${COLOR.faint}" stroke-width="2.5" stroke-dasharray="6 4" stroke-linejoin="round"/>`); run = []; };
  for (const p of points) {
    if (p.isNew) continue;
    if (p.mean === null) { flush(); continue; }
    run.push(`${r1(cx(p.i))},${r1(y(clamp(p.mean)))}`);
  }
  flush();
  for (const p of points) {
    if (p.mean === null) continue;
    parts.push(`<circle cx="${r1(cx(p.i))}" cy="${r1(y(clamp(p.mean)))}" r="4.5" fill="#fff" stroke="${COLOR.faint}" stroke-width="2" data-before-mean="${p.mean}" data-stage-id="${esc(ctx.stages[p.i]!.id)}"/>`);
  }
  return `<g data-role="before-curve">${parts.join('')}</g>`;
}

export function emotionCurve(ctx: MapContext, top: number): Section {
  const { stages } = ctx;
  const { emotion } = ctx.snapshot; // all stages: the disagreement flags rank the whole journey
  const { t, language } = ctx;
  const byStage = new Map(emotion.map((p) => [p.stageId, p]));
  const flagged = flaggedStages(emotion);
  const flagText = (p: EmotionPoint) => {
    const gap = p.disagreement.toFixed(1);
    return t('render:curve.disagree', { gap: language === 'fr' ? gap.replace('.', ',') : gap });
  };
  const flagOpts = { size: 11, weight: 'bold' as const, fill: COLOR.warn, maxLines: 3 };
  // Room above the plot for the disagreement flags (as many lines as the longest needs in its column), or
  // at least for the title: the top axis label is right-aligned in the same column and would run into a
  // long title (« Courbe émotionnelle »).
  const flagLines = Math.max(0, ...stages.map((s) => byStage.get(s.id)).filter((p): p is EmotionPoint => !!p && flagged.has(p.stageId))
    .map((p) => measureBlock(flagText(p), ctx.cols.width - 26, flagOpts)));
  const flagH = flagged.size > 0 ? Math.max(42, flagLines + 14) : 30;
  const yTop = top + flagH;
  const yBottom = yTop + PLOT_HEIGHT;
  const y = (v: number) => yTop + ((EMOTION_MAX - v) / (EMOTION_MAX - EMOTION_MIN)) * PLOT_HEIGHT;
  const cx = (i: number) => ctx.cols.x(i) + ctx.cols.width / 2;
  const parts: string[] = [];

  // Axis and grid.
  parts.push(textBlock(t('render:curve.title'), SIZE.pad, top + 4, SIZE.labelCol - 10, { size: 13, weight: 'bold', fill: COLOR.muted, maxLines: 2 }).svg);
  parts.push(`<rect x="${ctx.cols.left}" y="${yTop}" width="${ctx.cols.right - ctx.cols.left}" height="${PLOT_HEIGHT}" rx="6" fill="${COLOR.panel}"/>`);
  for (let v = EMOTION_MIN; v <= EMOTION_MAX; v++) {
    const gy = y(v);
    parts.push(`<line x1="${ctx.cols.left}" x2="${ctx.cols.right}" y1="${r1(gy)}" y2="${r1(gy)}" stroke="${v === 0 ? '#9AA3B2' : COLOR.line}"${v === 0 ? '' : ' stroke-dasharray="3 4"'}/>`);
    const word = v === EMOTION_MAX ? t('render:curve.top') : v === 0 ? t('render:curve.middle') : v === EMOTION_MIN ? t('render:curve.bottom') : '';
    const label = word ? `${word}  ${formatScore(v, language)}` : formatScore(v, language);
    parts.push(textLine(label, SIZE.pad, gy + 4.5, SIZE.labelCol - 4, { size: 11.5, fill: COLOR.muted, anchor: 'end' }));
  }

  // Spread band (± one standard deviation), per run of rated stages.
  const rated = stages.map((s, i) => ({ i, p: byStage.get(s.id) })).filter((r): r is { i: number; p: EmotionPoint & { mean: number } } => r.p?.mean != null);
  const runs: (typeof rated)[] = [];
  rated.forEach((r, k) => {
    if (k > 0 && rated[k - 1]!.i === r.i - 1) runs[runs.length - 1]!.push(r);
    else runs.push([r]);
  });
  for (const run of runs) {
    const upper = run.map((r) => `${r1(cx(r.i))},${r1(y(clamp(r.p.mean + r.p.spread)))}`);
    const lower = run.map((r) => `${r1(cx(r.i))},${r1(y(clamp(r.p.mean - r.p.spread)))}`).reverse();
    if (run.length === 1) {
      const r = run[0]!;
      parts.push(`<rect x="${r1(cx(r.i) - 14)}" y="${r1(y(clamp(r.p.mean + r.p.spread)))}" width="28" height="${r1(y(clamp(r.p.mean - r.p.spread)) - y(clamp(r.p.mean + r.p.spread)))}" rx="4" fill="${COLOR.band}" fill-opacity="0.12"/>`);
    } else {
      parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${COLOR.band}" fill-opacity="0.12"/>`);
    }
    parts.push(`<polyline points="${run.map((r) => `${r1(cx(r.i))},${r1(y(r.p.mean))}`).join(' ')}" fill="none" stroke="${COLOR.curve}" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/>`);
  }

  if (ctx.journeys) parts.push(beforeCurve(ctx, cx, y));

  // Points, whiskers, labels.
  stages.forEach((s, i) => {
    const p = byStage.get(s.id);
    const x = cx(i);
    const colX = ctx.cols.x(i);
    const w = ctx.cols.width;
    if (flagged.has(s.id) && p) {
      parts.push(`<g data-disagreement-flag="${esc(s.id)}">${warningIcon(colX + 12, top + 12, 15)}` +
        textBlock(flagText(p), colX + 24, top + 2, w - 26, flagOpts).svg + '</g>');
      // Names run on towards the next stage's score label (or the canvas edge after the last stage), not cut at
      // the column; when that is too short, they go left, towards the previous stage, rings and all.
      const right = i < stages.length - 1 ? cx(i + 1) - 52 : ctx.width - 12;
      const leftEdge = i > 0 ? cx(i - 1) + 12 : SIZE.pad + SIZE.labelCol;
      const widest = Math.max(...p.byDepartment.map((d) => textWidth(departmentLabel(ctx, d), DEPT_LABEL)));
      const roomRight = right - (x + 23);
      const left = widest > roomRight && (x - 23) - leftEdge > roomRight;
      parts.push(left
        ? departmentMeans(ctx, p, x - 16, leftEdge, true, y, yTop, yBottom)
        : departmentMeans(ctx, p, x + 16, right, false, y, yTop, yBottom));
    }
    const countLabel = p && p.count > 0 ? t('render:curve.rated', { count: p.count }) : t('render:curve.notRated');
    parts.push(textLine(countLabel, colX, yBottom + 18, w, { size: 11.5, fill: COLOR.muted, anchor: 'middle' }));
    if (!p || p.mean === null) {
      parts.push(`<circle cx="${r1(x)}" cy="${r1(y(0))}" r="5" fill="#fff" stroke="${COLOR.faint}" stroke-dasharray="2 2" data-stage-id="${esc(s.id)}" data-count="0"/>`);
      return;
    }
    const py = y(p.mean);
    if (p.min !== null && p.max !== null && p.max > p.min) {
      parts.push(`<line x1="${r1(x)}" x2="${r1(x)}" y1="${r1(y(p.max))}" y2="${r1(y(p.min))}" stroke="${COLOR.curve}" stroke-opacity="0.45" stroke-width="1.5"/>` +
        `<line x1="${r1(x - 5)}" x2="${r1(x + 5)}" y1="${r1(y(p.max))}" y2="${r1(y(p.max))}" stroke="${COLOR.curve}" stroke-opacity="0.45" stroke-width="1.5"/>` +
        `<line x1="${r1(x - 5)}" x2="${r1(x + 5)}" y1="${r1(y(p.min))}" y2="${r1(y(p.min))}" stroke="${COLOR.curve}" stroke-opacity="0.45" stroke-width="1.5"/>`);
    }
    parts.push(`<circle cx="${r1(x)}" cy="${r1(py)}" r="7" fill="${colorFor(p.mean)}" stroke="#fff" stroke-width="2.5"` +
      ` data-stage-id="${esc(s.id)}" data-mean="${p.mean}" data-count="${p.count}" data-spread="${p.spread}" data-disagreement="${p.disagreement}"/>`);
    // Value label to the left of the point, lifted off the curve: above it when the curve comes in from
    // below (or flat), below it when the curve comes in from above; kept inside the plot.
    const before = ctx.snapshot.stages[ctx.first + i - 1]; // in a part, the first stage follows the previous part's last
    const previous = before ? byStage.get(before.id)?.mean ?? null : null;
    const above = previous === null || previous <= p.mean;
    const ly = Math.min(yBottom - 6, Math.max(yTop + 14, above ? py - 9 : py + 17));
    parts.push(`<text x="${r1(x - 13)}" y="${r1(ly)}" font-size="12.5" font-weight="700" fill="${colorFor(p.mean)}" stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke" text-anchor="end">${esc(formatScore(p.mean, language))}</text>`);
  });

  return {
    svg: `<g data-section="curve" data-y-top="${r1(y(EMOTION_MAX))}" data-y-bottom="${r1(y(EMOTION_MIN))}">${parts.join('')}</g>`,
    height: yBottom + 28 - top,
  };
}
