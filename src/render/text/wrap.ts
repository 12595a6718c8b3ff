// Wrapping and shortening of user text to a box: by words, breaking a word only when it alone is wider
// than the box, and ending with an ellipsis when the lines run out. Every line returned fits `width`
// under the width model of measure.ts — tests hold the renderer to that.
import { textWidth, type Weight } from './measure.js';

export interface WrapOptions {
  width: number;
  size: number;
  maxLines: number;
  weight?: Weight;
}

export interface Wrapped {
  lines: string[];
  /** True when text was cut and an ellipsis added. */
  truncated: boolean;
}

const ELLIPSIS = '…';

/** Splits into grapheme clusters so a cut never lands inside an emoji or an accented letter. */
const graphemes = (s: string): string[] => Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s), (g) => g.segment);

/** The longest prefix of `text` that fits, with the ellipsis appended when `ellipsis`. */
function fitPrefix(text: string, o: WrapOptions, ellipsis: boolean): string {
  const parts = graphemes(text);
  const suffix = ellipsis ? ELLIPSIS : '';
  let lo = 0;
  let hi = parts.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const candidate = parts.slice(0, mid).join('').trimEnd() + suffix;
    if (textWidth(candidate, o.size, o.weight) <= o.width) lo = mid;
    else hi = mid - 1;
  }
  const head = parts.slice(0, lo).join('').trimEnd();
  return head + suffix;
}

export function wrap(text: string, o: WrapOptions): Wrapped {
  const fits = (s: string) => textWidth(s, o.size, o.weight) <= o.width;
  const words = text.split(/ +/).filter(Boolean); // callers pass clean() text: breaking spaces are plain ' '
  const lines: string[] = [];
  let current = '';
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    const candidate = current ? `${current} ${word}` : word;
    if (fits(candidate)) {
      current = candidate;
      i++;
      continue;
    }
    if (current) {
      lines.push(current);
      current = '';
    } else {
      // A single word wider than the box: break it.
      const head = fitPrefix(word, o, false) || graphemes(word)[0]!;
      lines.push(head);
      words[i] = word.slice(head.length);
      if (!words[i]) i++;
    }
    if (lines.length === o.maxLines) break;
  }
  if (lines.length < o.maxLines && current) {
    lines.push(current);
    current = '';
  }
  const truncated = i < words.length || current !== '';
  if (truncated && lines.length > 0) {
    const last = lines.length - 1;
    const rest = [lines[last]!, current, ...words.slice(i)].filter(Boolean).join(' ');
    lines[last] = fitPrefix(rest, o, true);
  }
  return { lines, truncated };
}

/** One line, shortened with an ellipsis if needed. */
export function ellipsize(text: string, width: number, size: number, weight: Weight = 'regular'): string {
  const flat = text.replace(/ +/g, ' ').trim();
  if (textWidth(flat, size, weight) <= width) return flat;
  return fitPrefix(flat, { width, size, maxLines: 1, weight }, true);
}
