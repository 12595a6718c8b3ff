// Text measurement without a font engine: the sum of the per-character advances of the font resvg
// will use (font-widths.ts), plus a small margin because resvg may shape slightly differently. Emoji
// count as the glyphs Noto Emoji draws for them (emoji.ts). Characters no bundled font has (CJK…)
// count as a full em, which over- rather than under-estimates.
import { emojiGlyphs, fontRuns } from './emoji.js';
import { BOLD, EMOJI_ADVANCE, REGULAR } from './font-widths.js';

export type Weight = 'regular' | 'bold';

/** Safety margin over the advance sum: we'd rather wrap a word early than overflow a cell. */
const MARGIN = 1.04;
const UNKNOWN = 1000;
const COMBINING = /\p{M}/u;

function textUnits(text: string, table: ReadonlyMap<number, number>): number {
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (COMBINING.test(ch) || cp === 0xfe0e || cp === 0xfe0f || cp === 0x200d) continue; // zero-width joiners and marks
    units += table.get(cp) ?? UNKNOWN;
  }
  return units;
}

/** The advance sum as resvg lays the text out, without the margin. */
export function advance(text: string, size: number, weight: Weight = 'regular'): number {
  const table = weight === 'bold' ? BOLD : REGULAR;
  let units = 0;
  for (const run of fontRuns(text)) units += run.emoji ? emojiGlyphs(run.text) * EMOJI_ADVANCE : textUnits(run.text, table);
  return (units / 1000) * size;
}

export function textWidth(text: string, size: number, weight: Weight = 'regular'): number {
  return advance(text, size, weight) * MARGIN;
}
