// The `assist` namespace (issue 13): a notice for every AssistNotice code of src/conversation/assistant.ts, in
// both languages, saying the suggestion comes from the simple built-in method — and everything the fallbacks
// write holds only its own language's glossary words (what people wrote aside), no raw key and no "(s)".
import { describe, expect, it } from 'vitest';
import type { AssistNotice } from '../../../src/conversation/assistant.js';
import { translator } from '../../../src/i18n/index.js';
import { narrativeFallback, solutionIdeasFallback } from '../../../src/llm/fallback/index.js';
import { foreignWords } from '../../helpers/glossary.js';

const NOTICES: AssistNotice[] = ['off', 'unavailable', 'invalid', 'budget'];
const METHOD = { en: 'simple built-in method', fr: 'méthode simple intégrée' } as const;

const PEOPLE = {
  en: { persona: 'Claire', goal: 'Furnish her flat', stage: 'I wait for my delivery', note: 'Long delivery delays', solution: 'Tracking link', department: 'Logistics' },
  fr: { persona: 'Claire', goal: 'Meubler son appartement', stage: 'J’attends ma livraison', note: 'Délais de livraison trop longs', solution: 'Lien de suivi', department: 'Logistique' },
} as const;

function written(language: 'en' | 'fr'): string[] {
  const p = PEOPLE[language];
  const t = translator(language);
  const kinds = ['irritant', 'rupture', 'enchantment'] as const;
  const ideas = solutionIdeasFallback({
    observations: kinds.map((kind, i) => ({ id: `o${i}`, text: p.note, kind, stage: p.stage, votes: 1 })),
    departments: [{ id: 'd1', text: p.department }],
    limit: 3,
  }, language).map((i) => i.text);
  const story = (n: number) => narrativeFallback({
    persona: p.persona,
    goal: p.goal,
    stages: [
      { id: 's1', text: p.stage, emotionBefore: -1, emotionAfter: 1 },
      { id: 's2', text: p.stage, emotionBefore: 1, emotionAfter: 0 },
      { id: 's3', text: p.stage, emotionBefore: 0, emotionAfter: 0 },
      { id: 's4', text: p.stage, emotionBefore: null, emotionAfter: null },
    ],
    solutions: Array.from({ length: n }, (_, i) => [
      { id: `x${i}`, text: p.solution, stageId: 's1', department: p.department },
      { id: `y${i}`, text: p.solution, stageId: null, department: null },
    ]).flat(),
    removed: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, text: p.note })),
  }, language).text;
  return [...NOTICES.map((n) => t(`assist:notice.${n}`)), ...ideas, story(1), story(2)];
}

describe.each(['en', 'fr'] as const)('the assist texts in %s', (language) => {
  it('have a notice for every reason the built-in method answered, naming it', () => {
    const t = translator(language);
    for (const notice of NOTICES) {
      const text = t(`assist:notice.${notice}`);
      expect(text, notice).not.toBe(`notice.${notice}`);
      expect(text, notice).toContain(METHOD[language]);
    }
  });

  it('hold no word of the other language, no raw key and no hand-made plural', () => {
    const mine = new Set(Object.values(PEOPLE[language]).flatMap((v) => v.toLowerCase().match(/[\p{L}’'-]+/gu) ?? []));
    const texts = written(language);
    expect(texts.length).toBeGreaterThan(6);
    for (const text of texts) {
      expect(foreignWords(text, language, mine), text).toEqual([]);
      expect(text).not.toMatch(/{{|assist:|\w\(s\)|notice\./);
    }
  });
});
