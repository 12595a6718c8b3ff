// Words of participants' notes as the fallbacks compare them: lower case, split on anything that is not a
// letter or a digit (so the apostrophe of « l'attente » or "can't" splits too), stop words left out, the rest
// reduced to stems by the workshop language's stemmer (@orama/stemmers: Snowball's English and French).
//
// Mixed-language workshops happen (an English note in a French workshop): stop words of both languages are
// left out — a stray "the" or « le » is never content — but stems come from the workshop's language only, so
// two notes of the same workshop are always stemmed alike and remain comparable.
import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as frenchStem } from '@orama/stemmers/french';
import { eng, fra } from 'stopword';
import type { Language } from '../../core/vocabulary.js';

const STEMMERS: Record<Language, (word: string) => string> = { en: englishStem, fr: frenchStem };

/**
 * Words that only say "how much" or "can" — « trop », « très », "really", « je peux » — are left out with the
 * stop words: « Délais trop longs » and « Livraison très en retard » would differ by them otherwise. The
 * libraries' lists keep some (English "too", "very" and "can" are in; French « trop », « très », « peux » are not).
 */
const EXTRA_STOP_WORDS = [
  'trop', 'très', 'vraiment', 'assez', 'plutôt', 'tellement', 'si', 'peux', 'peut', 'pouvons', 'pouvez', 'peuvent', 'pouvoir', 'pu',
  'really', 'quite', 'so', 'rather', 'extremely', 'able',
];

/**
 * Negations, in either language, read as one word: "No tracking of my parcel" and "I cannot track my parcel"
 * say the same, as do « Pas de suivi » and « Je ne peux pas suivre ». Several of them are stop words for the
 * libraries, so they are recognised before stop words are left out. "t" is what "can't" and "doesn't" leave.
 */
const NEGATIONS = new Set(['no', 'not', 'never', 'cannot', 't', 'unable', 'impossible', 'ne', 'n', 'pas', 'jamais', 'aucun', 'aucune']);
export const NEGATION = '¬';

/**
 * Stems Snowball leaves apart although notes use them for one thing: its forms of one word (« attente » /
 * « attendre », « suivi » / « suivre », "delivery" / "delivered") and lateness, written "late" or "delay",
 * « retard » or « délai ». Kept short on purpose: each entry was needed by a pair of the tests' notes, and a
 * wider table of synonyms would start merging notes that only share a topic.
 */
const SAME_STEM: Record<Language, Record<string, string>> = {
  en: { late: 'delai', deliv: 'deliveri' },
  fr: { del: 'retard', tard: 'retard', tardiv: 'retard', tardif: 'retard', attendr: 'attent', attend: 'attent', attendu: 'attent', suivr: 'suiv', livr: 'livraison' },
};

const STOP_WORDS = new Set([...eng, ...fra, ...EXTRA_STOP_WORDS]);
const ENGLISH_STOP_WORDS = new Set(eng);
const FRENCH_STOP_WORDS = new Set(fra);

export function isNegation(word: string): boolean {
  return NEGATIONS.has(word);
}

/**
 * The language a message is most likely written in, from how many of each language's stop words it holds
 * ("the", "is" / « le », « est »): the workshop's language unless the other one has strictly more.
 */
export function guessLanguage(words: readonly string[], workshop: Language): Language {
  const en = words.filter((w) => ENGLISH_STOP_WORDS.has(w)).length;
  const fr = words.filter((w) => FRENCH_STOP_WORDS.has(w)).length;
  if (workshop === 'fr') return en > fr ? 'en' : 'fr';
  return fr > en ? 'fr' : 'en';
}

/** Lower case, Unicode-composed, accents kept (the French stemmer reads them). */
export function normalise(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase();
}

/** Every word of a text, in order, stop words included: "Can't wait" → can, t, wait. */
export function tokens(text: string): string[] {
  return normalise(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The words that carry content: negations as one marker, then stop words and single letters (« l' », « j' »)
 * left out.
 */
export function contentWords(words: readonly string[]): string[] {
  return words.map((w) => (NEGATIONS.has(w) ? NEGATION : w)).filter((w) => w === NEGATION || (w.length > 1 && !STOP_WORDS.has(w)));
}

export function stem(word: string, language: Language): string {
  if (word === NEGATION) return word;
  const s = STEMMERS[language](word);
  return SAME_STEM[language][s] ?? s;
}

/** The stems of a text's content words, in the given language, in order (repeats kept). */
export function stems(text: string, language: Language): string[] {
  return contentWords(tokens(text)).map((w) => stem(w, language));
}

/** The same, as a set: what near-duplicate detection and stage matching compare. */
export function stemSet(text: string, language: Language): Set<string> {
  return new Set(stems(text, language));
}
