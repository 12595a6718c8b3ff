// Which parts of a text the emoji font draws, and how many glyphs that takes. A run of text is either
// drawn by the text fonts (Inter, then DejaVu Sans) or by Noto Emoji, never a mix: resvg-js 2.6 shapes a
// text chunk with one font and borrows single glyphs from another font only when both shape the chunk
// into the same number of glyphs. Inter's arrow ligatures ("->") or an emoji sequence (👨‍👩‍👧, 🇫🇷, 1️⃣)
// break that rule, and resvg then draws empty boxes or drops the whole line. The SVG therefore gives each
// emoji run a chunk of its own (svg/emoji.ts).
import { EMOJI_SEQUENCES, REGULAR } from './font-widths.js';

export interface Run {
  text: string;
  emoji: boolean;
}

/** Cheap test on UTF-16 units: could `text` hold a pictograph, a flag, a keycap or an emoji joiner? */
const MAYBE = /[\u00a9\u00ae\u203c\u2049\u20e3\u2122\u2139\u2194-\u2bff\u3030\u303d\u3297\u3299\u200d\ufe0f\ud83c-\ud83e\udb40]/;

/**
 * One emoji as typed: a pictograph with its presentation selector, skin tone, zero-width-joined
 * companions and tag characters (🏴󠁧󠁢󠁳󠁣󠁴󠁿); a flag (two regional indicators); a keycap (1️⃣); a lone skin tone.
 */
const CLUSTER = /\p{Extended_Pictographic}[\ufe0e\ufe0f]?\p{Emoji_Modifier}?(?:\u200d\p{Extended_Pictographic}[\ufe0e\ufe0f]?\p{Emoji_Modifier}?)*(?:[\u{e0020}-\u{e007e}]+\u{e007f})?|\p{Regional_Indicator}{1,2}|[#*0-9]\ufe0f?\u20e3|\p{Emoji_Modifier}/gu;
const PRESENTATION = /\p{Emoji_Presentation}/u;

/**
 * Drawn by the emoji font: a sequence (joined, with a skin tone, a flag, a keycap, or asking for emoji
 * presentation with U+FE0F), a pictograph that is an emoji by default (🚚), or one the text fonts lack.
 * A pictograph that is text by default and that Inter or DejaVu draw (©, ™, ☀, ✔) stays text.
 */
function drawnAsEmoji(cluster: string): boolean {
  if (cluster.includes('\ufe0e')) return false;
  if (Array.from(cluster).length > 1) return true;
  return PRESENTATION.test(cluster) || !REGULAR.has(cluster.codePointAt(0)!);
}

/** What a monochrome emoji font has no use for: presentation selectors and skin tones. */
const STYLE = /[\ufe0e\ufe0f\p{Emoji_Modifier}]/gu;
/** What only holds a sequence together: joiners, the keycap mark, tag characters. */
const JOINERS = /[\u200d\u20e3\u{e0020}-\u{e007f}]/gu;

/**
 * One emoji as the PNG draws it with Noto Emoji: without presentation selectors and skin tones (the
 * font draws 👍🏽 like 👍, and fails to join ❤️‍🔥 while the U+FE0F is there); as one glyph when the font
 * has the sequence, else as its pictographs side by side (resvg would draw them on top of one another).
 */
function drawnEmoji(cluster: string): string {
  const plain = cluster.replace(STYLE, '') || cluster;
  if (Array.from(plain).length === 1 || EMOJI_SEQUENCES.has(plain)) return plain;
  return plain.replace(JOINERS, '') || plain;
}

/** An emoji run of fontRuns as the PNG draws it. */
export function drawnEmojiRun(run: string): string {
  return run.replace(CLUSTER, drawnEmoji);
}

/** Splits text into runs for the text fonts and runs for the emoji font; joined back, they give `text`. */
export function fontRuns(text: string): Run[] {
  if (!MAYBE.test(text)) return [{ text, emoji: false }];
  const runs: Run[] = [];
  const push = (part: string, emoji: boolean) => {
    if (!part) return;
    const last = runs[runs.length - 1];
    if (last && last.emoji === emoji) last.text += part;
    else runs.push({ text: part, emoji });
  };
  let at = 0;
  for (const m of text.matchAll(CLUSTER)) {
    push(text.slice(at, m.index), false);
    push(m[0], drawnAsEmoji(m[0]));
    at = m.index + m[0].length;
  }
  push(text.slice(at), false);
  return runs;
}

/** How many glyphs the emoji font draws for an emoji run of fontRuns. */
export function emojiGlyphs(run: string): number {
  return Array.from(drawnEmojiRun(run).matchAll(CLUSTER)).reduce((n, m) => n + drawnGlyphs(m[0]), 0);
}

/** A drawn emoji is one glyph when it is one code point or a sequence of the font, else its code points side by side (a flag the font lacks: two letters). */
function drawnGlyphs(drawn: string): number {
  return EMOJI_SEQUENCES.has(drawn) ? 1 : Array.from(drawn).length;
}
