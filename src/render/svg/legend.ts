// The legend: every shape and mark the map uses, in words, so the map reads on its own when printed.
import type { MapContext, Section } from './context.js';
import { checkIcon, keyMomentIcon, kindIcon, momentOfTruthIcon, warningIcon } from './icons.js';
import { textWidth } from '../text/measure.js';
import { esc } from './escape.js';
import { COLOR, SIZE } from './theme.js';

export function legend(ctx: MapContext, top: number, opts: { addressed: boolean; keyMoment: boolean }): Section {
  const { t } = ctx;
  type Item = [icon: (x: number, y: number) => string, label: string];
  const items: Item[] = [
    [(x, y) => kindIcon('irritant', x, y, 12), t('render:legend.irritant')],
    [(x, y) => kindIcon('enchantment', x, y, 12), t('render:legend.enchantment')],
    [(x, y) => kindIcon('rupture', x, y, 12), t('render:legend.rupture')],
    [(x, y) => momentOfTruthIcon(x, y, 13), t('render:legend.momentOfTruth')],
    [(x, y) => `<rect x="${x - 10}" y="${y - 8.5}" width="20" height="17" rx="8.5" fill="#fff" stroke="${COLOR.muted}"/><text x="${x}" y="${y + 4}" font-size="11" font-weight="700" fill="${COLOR.muted}" text-anchor="middle">3</text>`, t('render:votes', { count: 3 })],
    [(x, y) => `<rect x="${x - 10}" y="${y - 8}" width="20" height="16" rx="3" fill="#FBFBFC" stroke="#B3BAC7" stroke-dasharray="4 3"/>`, t('render:legend.missing')],
    [(x, y) => `<rect x="${x - 10}" y="${y - 7}" width="20" height="14" rx="3" fill="${COLOR.band}" fill-opacity="0.15"/><line x1="${x - 10}" x2="${x + 10}" y1="${y}" y2="${y}" stroke="${COLOR.curve}" stroke-width="3"/>`, t('render:legend.spread')],
    [(x, y) => warningIcon(x, y, 15), t('render:legend.disagreement')],
    [(x, y) => `<circle cx="${x}" cy="${y}" r="4" fill="#fff" stroke="${COLOR.warn}" stroke-width="1.5"/>`, t('render:legend.departmentMean')],
  ];
  if (opts.addressed) items.push([(x, y) => checkIcon(x, y, 13), t('render:legend.addressed')]);
  if (opts.keyMoment) items.push([(x, y) => keyMomentIcon(x, y, 13), t('render:legend.keyMoment')]);

  const parts: string[] = [`<text x="${SIZE.pad}" y="${top + 20}" font-size="12" font-weight="700" fill="${COLOR.muted}">${esc(t('render:legend.title').toUpperCase())}</text>`];
  const startX = SIZE.pad + 90;
  let x = startX;
  let y = top + 15;
  for (const [icon, label] of items) {
    const w = 28 + textWidth(label, 12) + 26;
    if (x + w > ctx.width - SIZE.pad && x > startX) { x = startX; y += 26; }
    parts.push(icon(x + 10, y) + `<text x="${x + 26}" y="${y + 4.5}" font-size="12" fill="${COLOR.ink}">${esc(label)}</text>`);
    x += w;
  }
  return { svg: `<g data-section="legend">${parts.join('')}</g>`, height: y - top + 26 };
}
