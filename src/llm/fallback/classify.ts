// A message written in the workshop's thread, classified without a model: which kind of contribution it reads
// as (from keywords, ./keywords.ts) and which stage it is about (from the stems it shares with the stages'
// labels). Its author is only offered the result, so an unclear message gets no offer at all (null) rather
// than a guess: a wrong offer is a message the author has to read and dismiss.
import type { ClassifyInput, ClassifyOutput, ContributionKind, TextItem } from '../../conversation/assistant.js';
import { cleanText } from '../../core/commands.js';
import { LIMITS } from '../../core/limits.js';
import type { Language } from '../../core/vocabulary.js';
import { KEYWORDS } from './keywords.js';
import { guessLanguage, isNegation, NEGATION, stem, stemSet, tokens } from './text.js';

interface Phrase {
  kind: ContributionKind;
  stems: string[];
}

const compiled = new Map<Language, Phrase[]>();

/** A language's keywords as stem sequences, longest first (a longer phrase uses its words up before a shorter one). */
function phrases(language: Language): Phrase[] {
  let list = compiled.get(language);
  if (!list) {
    list = Object.entries(KEYWORDS[language])
      .flatMap(([kind, words]) => words.map((w) => ({ kind: kind as ContributionKind, stems: tokens(w).map((t) => stem(t, language)) })))
      .sort((a, b) => b.stems.length - a.stems.length);
    compiled.set(language, list);
  }
  return list;
}

/** How many words before a keyword a negation turns it around: « pas très rapide », "not that great". */
const NEGATION_REACH = 3;

export type KindScores = Record<ContributionKind, number>;

/**
 * Keywords found in a message, counted per kind, in the language the message is written in (a French workshop
 * may get an English message). A negated enchantment ("not fast", « pas rapide ») counts as an irritant; a
 * negated irritant or break (« pas de problème », "didn't give up") counts for nothing.
 */
export function kindScores(message: string, workshop: Language): KindScores {
  const words = tokens(message);
  const language = guessLanguage(words, workshop);
  const stems = words.map((w) => stem(w, language));
  const used = stems.map(() => false);
  const scores: KindScores = { touchpoint: 0, irritant: 0, enchantment: 0, rupture: 0 };
  for (const phrase of phrases(language)) {
    const n = phrase.stems.length;
    for (let i = 0; i + n <= stems.length; i += 1) {
      if (!phrase.stems.every((s, k) => stems[i + k] === s && !used[i + k])) continue;
      for (let k = 0; k < n; k += 1) used[i + k] = true;
      const negated = words.slice(Math.max(0, i - NEGATION_REACH), i).some(isNegation);
      if (!negated) scores[phrase.kind] += 1;
      else if (phrase.kind === 'enchantment') scores.irritant += 1;
      else if (phrase.kind === 'touchpoint') scores.touchpoint += 1;
    }
  }
  return scores;
}

/**
 * The kind, when it is clear: a break as soon as the message says the customer gave up (it is the strongest
 * thing a note can say, and usually comes with complaints); otherwise irritant or enchantment, whichever has
 * more keywords — a tie between them is mixed feelings, not clear; a channel named with no feeling about it
 * is a touchpoint; nothing found is no contribution.
 */
export function clearKind(scores: KindScores): ContributionKind | null {
  if (scores.rupture > 0) return 'rupture';
  if (scores.irritant > scores.enchantment) return 'irritant';
  if (scores.enchantment > scores.irritant) return 'enchantment';
  if (scores.irritant > 0) return null; // as many of each: mixed feelings
  return scores.touchpoint > 0 ? 'touchpoint' : null;
}

/**
 * The stage, when it is clear: the one whose label shares the most stems with the message (in the workshop's
 * language, negations aside), provided it shares at least one and no other stage shares as many.
 */
export function clearStage(message: string, stages: readonly TextItem[], language: Language): string | null {
  const words = stemSet(message, language);
  words.delete(NEGATION);
  const shared = stages.map((s) => [...stemSet(s.text, language)].filter((x) => x !== NEGATION && words.has(x)).length);
  const best = Math.max(0, ...shared);
  if (best === 0 || shared.filter((n) => n === best).length > 1) return null;
  return stages[shared.indexOf(best)]!.id;
}

/**
 * The message as a contribution, or null. A message longer than the kind's limit is a discussion, not a note:
 * no offer, rather than cutting someone's words.
 */
export function classifyFallback(input: ClassifyInput, language: Language): ClassifyOutput {
  const text = cleanText(input.message);
  if (!text) return null;
  const kind = clearKind(kindScores(text, language));
  if (!kind) return null;
  if (text.length > (kind === 'touchpoint' ? LIMITS.touchpointDescription : LIMITS.observationText)) return null;
  const stageId = clearStage(text, input.stages, language);
  return stageId ? { kind, stageId, text } : null;
}
