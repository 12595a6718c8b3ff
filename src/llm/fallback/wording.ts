// How the built-in method quotes participants' words inside its own sentences: as one clause (no line breaks,
// no final full stop before the sentence's own), shortened at a word when a limit requires it, listed the way
// each language lists ("A, B and C", « A, B et C »).
import { cleanText } from '../../core/commands.js';
import type { Language } from '../../core/vocabulary.js';

const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

/** A note as a clause to quote: one line, without the punctuation that ends it ("Too slow!" → "Too slow"). */
export function clause(text: string): string {
  return cleanText(text).replace(/\s*\n\s*/g, ' ').replace(/[\s.!?;:,…]+$/u, '');
}

/** At most `max` characters, cut after a whole word and marked with "…" when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 2) return text.slice(0, Math.max(0, max));
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/u, '')}…`;
}

const lists = new Map<Language, Intl.ListFormat>();

/** "A, B and C" / « A, B et C ». */
export function list(language: Language, items: readonly string[]): string {
  let f = lists.get(language);
  if (!f) lists.set(language, (f = new Intl.ListFormat(LOCALES[language], { style: 'long', type: 'conjunction' })));
  return f.format(items);
}

const numbers = new Map<Language, Intl.NumberFormat>();

/** An emotion rating with its sign, as the map shows it: "+2", "−1", "0", « +1,5 ». */
export function signed(language: Language, value: number): string {
  let f = numbers.get(language);
  if (!f) numbers.set(language, (f = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1 })));
  const text = f.format(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}
