// Solution ideas without a model: for each observation to address, most voted first, a "How might we…?"
// question built from its own words — the design-thinking way of opening a problem up without pretending to
// know its answer, which a rule cannot. Each idea says what it addresses, and which department is likely to
// own it when the observation names one.
import type { SolutionIdea, SolutionIdeasInput, SolutionIdeasOutput, TextItem } from '../../conversation/assistant.js';
import { LIMITS } from '../../core/limits.js';
import type { Language } from '../../core/vocabulary.js';
import { translator } from '../../i18n/index.js';
import { stemSet } from './text.js';
import { clause, shorten } from './wording.js';

/**
 * Does a department's name appear in a text? Every stem of the name must be among the text's ("Customer
 * service" in "No answer from customer service"). A name with no content word to stem ("IT", a stop word in
 * English) must appear as written, capitals and all, so that "it" in every English sentence is not taken for it.
 */
function names(department: TextItem, text: string, language: Language): boolean {
  const own = stemSet(department.text, language);
  if (own.size === 0) {
    const name = department.text.trim();
    return name !== '' && new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text);
  }
  const words = stemSet(text, language);
  return [...own].every((s) => words.has(s));
}

/** The one department named in the text, or null when none is, or several are (no clear owner). */
export function namedDepartment(text: string, departments: readonly TextItem[], language: Language): string | null {
  const named = departments.filter((d) => names(d, text, language));
  return named.length === 1 ? named[0]!.id : null;
}

export function solutionIdeasFallback(input: SolutionIdeasInput, language: Language): SolutionIdeasOutput {
  const t = translator(language);
  const limit = Math.max(0, Math.floor(input.limit));
  // Stable: observations with as many votes keep the caller's order. A note with no words gives no question.
  const ranked = [...input.observations].filter((o) => clause(o.text) !== '').sort((a, b) => b.votes - a.votes).slice(0, limit);
  return ranked.map((o): SolutionIdea => {
    const key = `assist:idea.${o.kind}`;
    const words = clause(o.text);
    // The question must fit a solution's length limit: the observation's words are shortened if need be.
    const room = LIMITS.solutionText - t(key, { text: '' }).length;
    return { text: t(key, { text: shorten(words, room) }), addressesId: o.id, departmentId: namedDepartment(o.text, input.departments, language) };
  });
}
