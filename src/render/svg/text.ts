// Emitting text: every user string is cleaned, wrapped to its box and escaped here, and the box width
// is written as data-fit so tests can check that no line overflows (under measure.ts's model).
import { wrap, ellipsize } from '../text/wrap.js';
import type { Weight } from '../text/measure.js';
import { clean, esc } from './escape.js';
import { COLOR, SIZE } from './theme.js';

export interface TextOptions {
  size?: number;
  weight?: Weight;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
  maxLines?: number;
  /** Extra attributes, already escaped. */
  attrs?: string;
}

export interface TextBlock {
  svg: string;
  lines: number;
  height: number;
}

const r1 = (n: number) => Number(n.toFixed(1));

export const lineHeight = (size: number) => size * SIZE.line;

/** Text wrapped into `width`; `y` is the top of the block. */
export function textBlock(text: string, x: number, y: number, width: number, o: TextOptions = {}): TextBlock {
  const size = o.size ?? SIZE.text;
  const weight = o.weight ?? 'regular';
  const { lines } = wrap(clean(text), { width, size, maxLines: o.maxLines ?? 3, weight });
  if (lines.length === 0) return { svg: '', lines: 0, height: 0 };
  const lh = lineHeight(size);
  const baseline = y + size * 0.95;
  const tx = o.anchor === 'middle' ? x + width / 2 : o.anchor === 'end' ? x + width : x;
  const spans = lines
    .map((l, i) => `<tspan x="${r1(tx)}" y="${r1(baseline + i * lh)}">${esc(l)}</tspan>`)
    .join('');
  const svg = `<text font-size="${size}"${weight === 'bold' ? ' font-weight="700"' : ''} fill="${o.fill ?? COLOR.ink}"` +
    `${o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : ''} data-fit="${r1(width)}"${o.attrs ? ' ' + o.attrs : ''}>${spans}</text>`;
  return { svg, lines: lines.length, height: lines.length * lh };
}

/** One line shortened with an ellipsis; `y` is the baseline. */
export function textLine(text: string, x: number, y: number, width: number, o: TextOptions = {}): string {
  const size = o.size ?? SIZE.text;
  const weight = o.weight ?? 'regular';
  const line = ellipsize(clean(text), width, size, weight);
  const tx = o.anchor === 'middle' ? x + width / 2 : o.anchor === 'end' ? x + width : x;
  return `<text x="${r1(tx)}" y="${r1(y)}" font-size="${size}"${weight === 'bold' ? ' font-weight="700"' : ''} fill="${o.fill ?? COLOR.ink}"` +
    `${o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : ''} data-fit="${r1(width)}"${o.attrs ? ' ' + o.attrs : ''}>${esc(line)}</text>`;
}

/** Height a wrapped text would take, without emitting it (for layout passes). */
export function measureBlock(text: string, width: number, o: TextOptions = {}): number {
  const size = o.size ?? SIZE.text;
  const { lines } = wrap(clean(text), { width, size, maxLines: o.maxLines ?? 3, weight: o.weight ?? 'regular' });
  return lines.length * lineHeight(size);
}
