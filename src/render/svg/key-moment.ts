// A key moment shared by several journeys, side by side: the same stage (the furniture store's pick-up)
// as lived in each journey, with its emotion on the −2…+2 scale and its top observations. This is where
// "the website promises five minutes, it takes an hour" becomes visible.
import type { KeyMomentComparison, KeyMomentJourney } from '../../core/snapshot.js';
import type { Language } from '../../core/vocabulary.js';
import { EMOTION_MAX, EMOTION_MIN } from '../../core/vocabulary.js';
import type { Translate } from '../../i18n/index.js';
import { esc } from './escape.js';
import { formatScore, type Section } from './context.js';
import { keyMomentIcon, kindIcon, momentOfTruthIcon } from './icons.js';
import { rankObservations } from './observations.js';
import { textBlock, textLine } from './text.js';
import { COLOR, KIND_COLOR } from './theme.js';

export const PANEL_W = 460;
const TOP_OBS = 4;
const r1 = (n: number) => Number(n.toFixed(1));

function journeyPanel(j: KeyMomentJourney, t: Translate, language: Language, x: number, y: number, w: number): Section {
  const parts: string[] = [];
  let cy = y + 14;
  parts.push(textLine(t(`render:journey.${j.journey}`).toUpperCase(), x + 16, cy + 10, w - 32, { size: 10.5, weight: 'bold', fill: COLOR.faint }));
  cy += 18;
  const title = textBlock(j.title, x + 16, cy, w - 32, { size: 15, weight: 'bold', maxLines: 2 });
  parts.push(title.svg);
  cy += title.height + 4;
  const stage = textBlock(j.stage.label, x + 16, cy, w - 32, { size: 12.5, fill: COLOR.muted, maxLines: 2 });
  parts.push(stage.svg);
  cy += stage.height + 12;
  // Emotion gauge: a −2…+2 track with the mean marked.
  const gx = x + 16;
  const gw = w - 32 - 90;
  const gpos = (v: number) => gx + ((v - EMOTION_MIN) / (EMOTION_MAX - EMOTION_MIN)) * gw;
  parts.push(`<rect x="${gx}" y="${cy + 8}" width="${gw}" height="6" rx="3" fill="${COLOR.line}"/>`);
  for (let v = EMOTION_MIN; v <= EMOTION_MAX; v++) parts.push(`<line x1="${r1(gpos(v))}" x2="${r1(gpos(v))}" y1="${cy + 4}" y2="${cy + 18}" stroke="#B3BAC7"/>`);
  const mean = j.emotion.mean;
  if (mean !== null) {
    const color = mean > 0.25 ? COLOR.positive : mean < -0.25 ? COLOR.negative : COLOR.neutral;
    parts.push(`<circle cx="${r1(gpos(mean))}" cy="${cy + 11}" r="8" fill="${color}" stroke="#fff" stroke-width="2" data-mean="${mean}" data-count="${j.emotion.count}"/>`);
    parts.push(`<text x="${gx + gw + 14}" y="${cy + 16}" font-size="17" font-weight="700" fill="${color}">${esc(formatScore(mean, language))}</text>`);
  }
  cy += 26;
  parts.push(textLine(`${formatScore(EMOTION_MIN, language)} … ${formatScore(EMOTION_MAX, language)} · ${j.emotion.count > 0 ? t('render:curve.rated', { count: j.emotion.count }) : t('render:curve.notRated')}`,
    gx, cy + 10, w - 32, { size: 11, fill: COLOR.muted }));
  cy += 22;
  const ranked = rankObservations(j.observations);
  for (const o of ranked.slice(0, TOP_OBS)) {
    // Wrapped on up to three lines: a moment of truth cut after a few words says nothing.
    // The kind, then a moment of truth's mark beside it, as the legend shows them.
    const text = textBlock(o.text, x + 56, cy + 2.5, w - 56 - 62, { size: 12.5, weight: o.momentOfTruth || o.kind === 'rupture' ? 'bold' : 'regular', maxLines: 3 });
    parts.push(`<g data-observation-id="${esc(o.id)}" data-kind="${o.kind}" data-votes="${o.votes}" data-moment-of-truth="${o.momentOfTruth}">${kindIcon(o.kind, x + 24, cy + 8, 12)}` +
      (o.momentOfTruth ? momentOfTruthIcon(x + 41, cy + 8, 12) : '') + text.svg +
      // No "0 votes": before the vote (or while tallies are secret) a zero says nothing about the item.
      (o.votes > 0 ? `<text x="${x + w - 16}" y="${cy + 12.5}" font-size="11.5" font-weight="700" fill="${KIND_COLOR[o.kind]}" text-anchor="end">${esc(t('render:votes', { count: o.votes }))}</text>` : '') + '</g>');
    cy += text.height + 5;
  }
  if (ranked.length > TOP_OBS) {
    parts.push(textLine(t('render:more', { count: ranked.length - TOP_OBS }), x + 36, cy + 12, w - 52, { size: 11.5, weight: 'bold', fill: COLOR.muted }));
    cy += 21;
  }
  return { svg: parts.join(''), height: cy - y + 10 };
}

/** The comparison as a block of side-by-side panels at (x, y); `width` caps how many panels per row. */
export function keyMomentBlock(c: KeyMomentComparison, t: Translate, language: Language, x: number, y: number, width: number): Section {
  const parts: string[] = [];
  parts.push(keyMomentIcon(x + 8, y + 13, 15));
  parts.push(textLine(t('render:keyMoment.title', { label: c.label }), x + 24, y + 19, width - 24, { size: 17, weight: 'bold' }));
  parts.push(textLine(t('render:keyMoment.subtitle', { count: c.journeys.length }), x + 24, y + 39, width - 24, { size: 12, fill: COLOR.muted }));
  let cy = y + 52;
  const perRow = Math.max(1, Math.floor((width + 16) / (PANEL_W + 16)));
  for (let i = 0; i < c.journeys.length; i += perRow) {
    const row = c.journeys.slice(i, i + perRow);
    const panels = row.map((j, k) => ({ j, x: x + k * (PANEL_W + 16), p: journeyPanel(j, t, language, x + k * (PANEL_W + 16), cy, PANEL_W) }));
    const h = Math.max(...panels.map((p) => p.p.height));
    for (const { j, x: px, p } of panels) {
      parts.push(`<g data-journey-workshop="${esc(j.workshopId)}" data-stage-id="${esc(j.stage.id)}"><rect x="${px}" y="${cy}" width="${PANEL_W}" height="${r1(h)}" rx="10" fill="${COLOR.panel}"/>${p.svg}</g>`);
    }
    cy += h + 16;
  }
  return { svg: `<g data-key-moment-id="${esc(c.keyMomentId)}">${parts.join('')}</g>`, height: cy - y };
}
