// The legend: every shape and mark the map uses, in words, so the map reads on its own when printed.
import type { Translate } from '../../i18n/index.js';
import type { MapContext, Section } from './context.js';
import { emptyCellShape } from './grid.js';
import { checkIcon, keyMomentIcon, kindIcon, momentOfTruthIcon, warningIcon } from './icons.js';
import { textWidth } from '../text/measure.js';
import { esc } from './escape.js';
import { COLOR, SIZE } from './theme.js';

type Item = [icon: (x: number, y: number) => string, label: string];

export interface LegendOptions {
  addressed: boolean;
  keyMoment: boolean;
  /** Missing touchpoints on the map (counted in the legend), and whether cells are marked not used. */
  gaps?: number;
  unused?: boolean;
  /** The current journey's curve is drawn under the target's. */
  before?: boolean;
}

export function legend(ctx: MapContext, top: number, opts: LegendOptions): Section {
  const { t } = ctx;
  const items: Item[] = [
    [(x, y) => kindIcon('irritant', x, y, 12), t('render:legend.irritant')],
    [(x, y) => kindIcon('enchantment', x, y, 12), t('render:legend.enchantment')],
    [(x, y) => kindIcon('rupture', x, y, 12), t('render:legend.rupture')],
    [(x, y) => momentOfTruthIcon(x, y, 13), t('render:legend.momentOfTruth')],
    [(x, y) => `<rect x="${x - 10}" y="${y - 8.5}" width="20" height="17" rx="8.5" fill="#fff" stroke="${COLOR.muted}"/><text x="${x}" y="${y + 4}" font-size="11" font-weight="700" fill="${COLOR.muted}" text-anchor="middle">3</text>`, t('render:votes', { count: 3 })],
    [(x, y) => emptyCellShape(x - 12, y - 8, 24, 16, false), opts.gaps ? t('render:legend.missingCount', { count: opts.gaps }) : t('render:legend.missing')],
    ...(opts.unused ? [[(x: number, y: number) => emptyCellShape(x - 12, y - 8, 24, 16, true), t('render:legend.unused')] as Item] : []),
    [(x, y) => `<rect x="${x - 10}" y="${y - 7}" width="20" height="14" rx="3" fill="${COLOR.band}" fill-opacity="0.15"/><line x1="${x - 10}" x2="${x + 10}" y1="${y}" y2="${y}" stroke="${COLOR.curve}" stroke-width="3"/>`, t('render:legend.spread')],
    [(x, y) => warningIcon(x, y, 15), t('render:legend.disagreement')],
    [(x, y) => `<circle cx="${x}" cy="${y}" r="4" fill="#fff" stroke="${COLOR.warn}" stroke-width="1.5"/>`, t('render:legend.departmentMean')],
  ];
  if (opts.addressed) items.push([(x, y) => checkIcon(x, y, 13), t('render:legend.addressed')]);
  if (opts.keyMoment) items.push([(x, y) => keyMomentIcon(x, y, 13), t('render:legend.keyMoment')]);
  if (opts.before) items.push([(x, y) => beforeLine(x, y), t('render:legend.before')]);
  return legendRows(t, SIZE.pad, ctx.width - SIZE.pad, top, items);
}

/** The current journey's curve as drawn under a target's: grey, dashed. */
export function beforeLine(x: number, y: number): string {
  return `<line x1="${x - 10}" x2="${x + 10}" y1="${y}" y2="${y}" stroke="${COLOR.faint}" stroke-width="2.5" stroke-dasharray="5 3"/>` +
    `<circle cx="${x}" cy="${y}" r="3.5" fill="#fff" stroke="${COLOR.faint}" stroke-width="1.5"/>`;
}

/** The key-moment picture's own legend: the marks its panels use. */
export function keyMomentLegend(t: Translate, left: number, right: number, top: number): Section {
  return legendRows(t, left, right, top, [
    [(x, y) => kindIcon('irritant', x, y, 12), t('render:legend.irritant')],
    [(x, y) => kindIcon('enchantment', x, y, 12), t('render:legend.enchantment')],
    [(x, y) => kindIcon('rupture', x, y, 12), t('render:legend.rupture')],
    [(x, y) => momentOfTruthIcon(x, y, 13), t('render:legend.momentOfTruth')],
    [(x, y) => `<rect x="${x - 10}" y="${y - 3}" width="20" height="6" rx="3" fill="${COLOR.line}"/><circle cx="${x + 3}" cy="${y}" r="5" fill="${COLOR.positive}" stroke="#fff" stroke-width="1.5"/>`, t('render:legend.gauge')],
  ]);
}

function legendRows(t: Translate, left: number, right: number, top: number, items: Item[]): Section {
  const title = t('render:legend.title').toUpperCase();
  const parts: string[] = [`<text x="${left}" y="${top + 20}" font-size="12" font-weight="700" fill="${COLOR.muted}">${esc(title)}</text>`];
  const startX = left + Math.max(90, textWidth(title, 12, 'bold') + 16);
  let x = startX;
  let y = top + 15;
  for (const [icon, label] of items) {
    const w = 28 + textWidth(label, 12) + 26;
    if (x + w > right && x > startX) { x = startX; y += 26; }
    parts.push(icon(x + 10, y) + `<text x="${x + 26}" y="${y + 4.5}" font-size="12" fill="${COLOR.ink}">${esc(label)}</text>`);
    x += w;
  }
  return { svg: `<g data-section="legend">${parts.join('')}</g>`, height: y - top + 26 };
}
