// The emotion curve on the method's −2…+2 scale: the mean per stage joined by a line (broken where a
// stage is unrated), a band of ± one standard deviation and a min–max whisker for the spread, the number
// of ratings under each stage, and a warning on the stages where departments disagree most — there the
// mean hides two different stories, which is worth a conversation.
import type { EmotionPoint } from '../../core/snapshot.js';
import { EMOTION_MAX, EMOTION_MIN } from '../../core/vocabulary.js';
import { esc } from './escape.js';
import { formatScore, type MapContext, type Section } from './context.js';
import { warningIcon } from './icons.js';
import { textBlock, textLine } from './text.js';
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

function colorFor(mean: number): string {
  return mean > 0.25 ? COLOR.positive : mean < -0.25 ? COLOR.negative : COLOR.neutral;
}

export function emotionCurve(ctx: MapContext, top: number): Section {
  const { stages } = ctx;
  const { emotion } = ctx.snapshot; // all stages: the disagreement flags rank the whole journey
  const { t, language } = ctx;
  const byStage = new Map(emotion.map((p) => [p.stageId, p]));
  const flagged = flaggedStages(emotion);
  // Room above the plot for the disagreement flags, or at least for the title: the top axis label is
  // right-aligned in the same column and would run into a long title (« Courbe émotionnelle »).
  const flagH = flagged.size > 0 ? 42 : 30;
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

  // Points, whiskers, labels.
  stages.forEach((s, i) => {
    const p = byStage.get(s.id);
    const x = cx(i);
    const colX = ctx.cols.x(i);
    const w = ctx.cols.width;
    if (flagged.has(s.id) && p) {
      const gap = p.disagreement.toFixed(1);
      parts.push(`<g data-disagreement-flag="${esc(s.id)}">${warningIcon(colX + 12, top + 12, 15)}` +
        textBlock(t('render:curve.disagree', { gap: language === 'fr' ? gap.replace('.', ',') : gap }), colX + 24, top + 2, w - 26, { size: 11, weight: 'bold', fill: COLOR.warn, maxLines: 2 }).svg + '</g>');
      for (const d of p.byDepartment) {
        parts.push(`<circle cx="${r1(x + 16)}" cy="${r1(y(clamp(d.mean)))}" r="3.5" fill="#fff" stroke="${COLOR.warn}" stroke-width="1.5" data-department-mean="${r1(d.mean)}"/>`);
      }
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
