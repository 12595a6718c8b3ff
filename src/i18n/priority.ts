// A roadmap item's priority told in words, with its figures: the one wording that heads' messages and
// the roadmap documents share, so a head reads in chat exactly what the Markdown and CSV files say.
import { priorityFactors, type PriorityInput } from '../core/priority.js';
import type { Language } from '../core/vocabulary.js';
import { translator } from './index.js';

/** Every figure people read (priority, impact, effort, factors) has one decimal at most, in every view. */
export function figure(language: Language, value: number): string {
  let f = formats.get(language);
  // Made on first use, not at load: a number format loads the locale's ICU data (some 6 MB), which an idle
  // server never needs.
  if (!f) formats.set(language, (f = new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 })));
  return f.format(value);
}
const formats = new Map<Language, Intl.NumberFormat>();

/** "Priority 50.6: value for effort 22.5 (impact 4.5 ÷ effort 2, × 10), × 1.5 for the team’s 1 vote, × 1.5 for a moment of truth." */
export function explainPriority(language: Language, item: PriorityInput): string {
  const t = translator(language);
  const f = priorityFactors(item);
  const n = (value: number) => figure(language, value);
  const parts = [
    t('priority.value', { value: n(f.valueForEffort), impact: n(item.impact), effort: n(item.effort) }),
    item.votes > 0 ? t('priority.votes', { count: item.votes, factor: n(f.voteFactor) }) : t('priority.noVotes'),
    ...(item.addressesMomentOfTruth ? [t('priority.momentOfTruth', { factor: n(f.momentOfTruthFactor) })] : []),
  ];
  return t('priority.why', { priority: n(f.priority), parts: parts.join(t('priority.separator')) });
}
