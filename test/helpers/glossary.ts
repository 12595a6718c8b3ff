// The glossary's words (docs/glossary.md) as the tests of "one language per view" use them: for each
// language, the words only it uses, which must never show in a view of the other language.
import { readFileSync } from 'node:fs';
import type { Language } from '../../src/core/vocabulary.js';

/** The English and French columns of the glossary's tables, as words (notes in parentheses left out). */
export function glossaryWords(): Record<Language, Set<string>> {
  const md = readFileSync(new URL('../../docs/glossary.md', import.meta.url), 'utf8');
  const out = { en: new Set<string>(), fr: new Set<string>() };
  for (const row of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| concept') && !l.startsWith('|---'))) {
    const cells = row.split('|').map((c) => c.trim());
    const words = (cell: string | undefined) => (cell ?? '').replace(/\([^)]*\)/g, ' ').replace(/\*\*/g, '').toLowerCase().match(/[\p{L}’'-]{4,}/gu) ?? [];
    for (const w of words(cells[2])) out.en.add(w);
    for (const w of words(cells[3])) out.fr.add(w);
  }
  return out;
}

/**
 * Everyday words that both languages write in another sense than the glossary's: French « séance en direct »
 * and English "direct message"; French « point de contact » and English "a pain point".
 */
const SHARED = new Set(['direct', 'point']);

/** Words only one language uses (singular or plural): the ones that must never show in the other language's views. */
export function distinctive(): Record<Language, string[]> {
  const g = glossaryWords();
  const inOther = (w: string, other: Set<string>) => other.has(w) || other.has(`${w}s`) || other.has(w.replace(/s$/, '')) || SHARED.has(w);
  return { en: [...g.en].filter((w) => !inOther(w, g.fr)), fr: [...g.fr].filter((w) => !inOther(w, g.en)) };
}

/**
 * The other language's glossary words found in a text of `language`, leaving out what people wrote
 * (`ignore`: their words) and the product's name and commands, which are no word of either language.
 */
export function foreignWords(text: string, language: Language, ignore: Set<string> = new Set()): string[] {
  const lower = text.replace(/\/?Parcours\b|\/parcours\b|\bparcours (export|migrate|demo|list)\b/g, '').toLowerCase();
  return distinctive()[language === 'fr' ? 'en' : 'fr']
    .filter((w) => !ignore.has(w))
    .filter((w) => new RegExp(`(?<![\\p{L}’'-])${w}(?![\\p{L}’'-])`, 'u').test(lower));
}
