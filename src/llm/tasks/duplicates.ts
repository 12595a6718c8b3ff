// Near-duplicates: items of one kind written by different people, grouped into merges. Every id is one of the
// items' (an enum), none appears twice across groups, and a group merges at least two distinct items.
import { z } from 'zod';
import type { DuplicatesInput, DuplicatesOutput } from '../../conversation/assistant.js';
import { LIMITS } from '../../core/limits.js';
import type { Language } from '../../core/vocabulary.js';
import { duplicatesFallback } from '../fallback/index.js';
import { idList, repeated, textProblem, type TaskSpec } from './task.js';

const answerSchema = (ids: [string, ...string[]]) => z.object({
  groups: z.array(z.object({
    keepId: z.enum(ids),
    mergeIds: z.array(z.enum(ids)),
    label: z.string().nullable(),
  })),
});
type Answer = z.infer<ReturnType<typeof answerSchema>>;

/** The method's word for each kind (docs/glossary.md), named in the prompt. */
const KIND_WORDS: Record<DuplicatesInput['kind'], Record<Language, string>> = {
  touchpoint: { en: 'touchpoints', fr: 'points de contact' },
  irritant: { en: 'irritants', fr: 'irritants' },
  enchantment: { en: 'enchantments', fr: 'enchantements' },
  rupture: { en: 'breaks', fr: 'ruptures' },
};

const maxLength = (input: DuplicatesInput) => (input.kind === 'touchpoint' ? LIMITS.touchpointDescription : LIMITS.observationText);

export const duplicatesTask: TaskSpec<'duplicates', DuplicatesInput, DuplicatesOutput, Answer> = {
  prompt: 'duplicates',
  variables: (input, language) => ({ kind: KIND_WORDS[input.kind][language], maxLength: maxLength(input) }),
  data: (input) => input.items.map((item) => ({ id: item.id, text: item.text })),
  schema: (input) => answerSchema(idList(input.items.map((item) => item.id))),
  check(answer, input) {
    for (const group of answer.groups) {
      if (group.mergeIds.length === 0 || group.mergeIds.includes(group.keepId)) return 'a group merges fewer than two distinct items';
      if (group.label !== null) {
        const problem = textProblem(group.label, maxLength(input), 'a merged label');
        if (problem) return problem;
      }
    }
    const twice = repeated(answer.groups.flatMap((g) => [g.keepId, ...g.mergeIds]));
    return twice.length ? 'an item is in two places' : null;
  },
  toOutput: (answer) => answer.groups.map((g) => ({ keepId: g.keepId, mergeIds: g.mergeIds, label: g.label?.trim() ?? null })),
  fallback: duplicatesFallback,
  nothingToAsk: (input) => (input.items.length < 2 ? [] : undefined),
};
