// Generates font-widths.ts: the advance widths of the fonts the PNG is rendered with, so that the SVG
// layout can measure text without loading a font at render time. Run after changing fonts:
//   node --import tsx src/render/text/generate-widths.ts
// A tiny TrueType reader (cmap formats 4 and 12 + hmtx) is enough: we only need per-character advances.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FONT_FILES } from '../fonts.js';

interface Font {
  buf: Buffer;
  /** Offset of each table, by tag. */
  tables: Map<string, number>;
  unitsPerEm: number;
  /** Advance of glyph g, in font units. */
  advance(g: number): number;
  /** Glyph of a code point, 0 when the font has none. */
  glyph(cp: number): number;
  /** Every code point with a glyph, from the full-repertoire cmap (emoji font). */
  codepoints(): Map<number, number>;
  glyphCount: number;
}

function readFont(path: string): Font {
  const buf = readFileSync(path);
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const head = tables.get('head')!;
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const hhea = tables.get('hhea')!;
  const numberOfHMetrics = buf.readUInt16BE(hhea + 34);
  const glyphCount = buf.readUInt16BE(tables.get('maxp')! + 4);
  const hmtx = tables.get('hmtx')!;
  const cmap = tables.get('cmap')!;
  // Windows Unicode subtables: full repertoire (3,10, format 12) when present, else BMP (3,1, format 4).
  let bmp = -1;
  let full = -1;
  for (let i = 0; i < buf.readUInt16BE(cmap + 2); i++) {
    const rec = cmap + 4 + i * 8;
    const [platform, encoding] = [buf.readUInt16BE(rec), buf.readUInt16BE(rec + 2)];
    const sub = cmap + buf.readUInt32BE(rec + 4);
    if (platform === 3 && encoding === 1 && buf.readUInt16BE(sub) === 4) bmp = sub;
    if (platform === 3 && encoding === 10 && buf.readUInt16BE(sub) === 12) full = sub;
  }
  if (bmp < 0 && full < 0) throw new Error(`${path}: no Windows Unicode cmap`);
  const format4 = (sub: number, cp: number): number => {
    if (cp > 0xffff) return 0;
    const segX2 = buf.readUInt16BE(sub + 6);
    const ends = sub + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const offsets = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      if (buf.readUInt16BE(ends + s * 2) < cp) continue;
      const start = buf.readUInt16BE(starts + s * 2);
      if (start > cp) return 0;
      const delta = buf.readInt16BE(deltas + s * 2);
      const ro = buf.readUInt16BE(offsets + s * 2);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(offsets + s * 2 + ro + (cp - start) * 2);
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const groups = (): [start: number, end: number, glyph: number][] =>
    full < 0 ? [] : Array.from({ length: buf.readUInt32BE(full + 12) }, (_, i) => {
      const rec = full + 16 + i * 12;
      return [buf.readUInt32BE(rec), buf.readUInt32BE(rec + 4), buf.readUInt32BE(rec + 8)];
    });
  const format12 = (cp: number): number => {
    const group = groups().find(([start, end]) => cp >= start && cp <= end);
    return group ? group[2] + cp - group[0] : 0;
  };
  return {
    buf,
    tables,
    unitsPerEm,
    glyphCount,
    advance: (g) => buf.readUInt16BE(hmtx + Math.min(g, numberOfHMetrics - 1) * 4),
    glyph: (cp) => (full >= 0 ? format12(cp) : format4(bmp, cp)),
    codepoints: () => new Map(groups().flatMap(([start, end, glyph]) =>
      Array.from({ length: end - start + 1 }, (_, i): [number, number] => [start + i, glyph + i]))),
  };
}

const thousandths = (font: Font, units: number) => Math.round((units / font.unitsPerEm) * 1000);

// Latin (with French accents and œ), general punctuation, currency, and the symbol blocks (letterlike,
// arrows, maths, technical, shapes, miscellaneous symbols, dingbats…) where DejaVu has glyphs. These
// tables also say which characters the text fonts draw; other pictographs go to the emoji font.
const RANGES: [number, number][] = [[0x20, 0x24f], [0x2000, 0x206f], [0x20a0, 0x20bf], [0x2100, 0x2bff]];
const codepoints = RANGES.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));

function table(primaryPath: string, fallbackPath: string): Map<number, number> {
  const [primary, fallback] = [readFont(primaryPath), readFont(fallbackPath)];
  const out = new Map<number, number>();
  for (const cp of codepoints) {
    const font = primary.glyph(cp) ? primary : fallback.glyph(cp) ? fallback : undefined;
    if (font) out.set(cp, thousandths(font, font.advance(font.glyph(cp))));
  }
  return out;
}

/** Noto Emoji gives every visible glyph (single emoji or ligated sequence) one advance; keep the widest. */
function emojiAdvance(paths: string[]): number {
  let widest = 0;
  for (const font of paths.map(readFont)) {
    for (let g = 1; g < font.glyphCount; g++) widest = Math.max(widest, font.advance(g) / font.unitsPerEm);
  }
  return Math.ceil(widest * 1000);
}

/**
 * The emoji sequences the emoji font draws as one glyph: its ligatures (GSUB lookup type 4, also behind
 * an extension lookup, type 7), read back from glyphs to code points. Sequences with a skin tone are
 * left out: Noto Emoji draws them like the plain emoji, and the PNG drops skin tones before drawing.
 */
function emojiSequences(path: string): string[] {
  const font = readFont(path);
  const { buf } = font;
  const u16 = (o: number) => buf.readUInt16BE(o);
  const toCodepoint = new Map<number, number>();
  for (const [cp, g] of font.codepoints()) if (!toCodepoint.has(g)) toCodepoint.set(g, cp);
  const coverage = (o: number): number[] => u16(o) === 1
    ? Array.from({ length: u16(o + 2) }, (_, i) => u16(o + 4 + i * 2))
    : Array.from({ length: u16(o + 2) }, (_, i) => o + 4 + i * 6).flatMap((r) => Array.from({ length: u16(r + 2) - u16(r) + 1 }, (_, k) => u16(r) + k));
  const gsub = font.tables.get('GSUB')!;
  const lookups = gsub + u16(gsub + 8);
  const sequences = new Set<string>();
  for (let l = 0; l < u16(lookups); l++) {
    const lookup = lookups + u16(lookups + 2 + l * 2);
    for (let s = 0; s < u16(lookup + 4); s++) {
      let sub = lookup + u16(lookup + 6 + s * 2);
      let type = u16(lookup);
      if (type === 7) [type, sub] = [u16(sub + 2), sub + buf.readUInt32BE(sub + 4)];
      if (type !== 4) continue;
      const firsts = coverage(sub + u16(sub + 2));
      for (let i = 0; i < u16(sub + 4); i++) {
        const set = sub + u16(sub + 6 + i * 2);
        for (let j = 0; j < u16(set); j++) {
          const lig = set + u16(set + 2 + j * 2);
          const glyphs = [firsts[i]!, ...Array.from({ length: u16(lig + 2) - 1 }, (_, k) => u16(lig + 4 + k * 2))];
          const cps = glyphs.map((g) => toCodepoint.get(g));
          if (cps.every((cp) => cp !== undefined)) sequences.add(String.fromCodePoint(...(cps as number[])));
        }
      }
    }
  }
  return [...sequences].filter((seq) => !/\p{Emoji_Modifier}/u.test(seq)).sort();
}

/** Consecutive code points as one run, [first code point, width, width…], to keep the file small. */
function encode(t: Map<number, number>): string {
  const runs: number[][] = [];
  let previous = -2;
  for (const [cp, w] of t) {
    if (cp === previous + 1) runs[runs.length - 1]!.push(w);
    else runs.push([cp, w]);
    previous = cp;
  }
  return JSON.stringify(runs);
}

const regular = table(FONT_FILES.regular, FONT_FILES.fallbackRegular);
const bold = table(FONT_FILES.bold, FONT_FILES.fallbackBold);
const emoji = emojiAdvance([FONT_FILES.emojiRegular, FONT_FILES.emojiBold]);
const sequences = emojiSequences(FONT_FILES.emojiRegular);
const hex = (seq: string) => Array.from(seq, (c) => c.codePointAt(0)!.toString(16)).join('.');
const out = `// GENERATED by generate-widths.ts from the Inter TTF files (fallback DejaVu Sans) and Noto Emoji: advance
// widths in thousandths of an em. Do not edit by hand.
const table = (runs: number[][]): ReadonlyMap<number, number> =>
  new Map(runs.flatMap(([first, ...widths]) => widths.map((w, i): [number, number] => [first! + i, w])));

/** Per code point, for the characters the text fonts draw. */
export const REGULAR: ReadonlyMap<number, number> = table(${encode(regular)});
export const BOLD: ReadonlyMap<number, number> = table(${encode(bold)});
/** Advance of any glyph of the emoji font, regular or bold. */
export const EMOJI_ADVANCE = ${emoji};
/** Emoji sequences the emoji font draws as one glyph (code points in hex, without skin tones). */
export const EMOJI_SEQUENCES: ReadonlySet<string> = new Set(
  '${sequences.map(hex).join(' ')}'
    .split(' ').map((seq) => String.fromCodePoint(...seq.split('.').map((h) => parseInt(h, 16)))));
`;
writeFileSync(fileURLToPath(new URL('./font-widths.ts', import.meta.url)), out);
console.log(`wrote ${regular.size} regular and ${bold.size} bold widths; emoji advance ${emoji}, ${sequences.length} emoji sequences`);
