// Solution ideas without a model (issue 13, point 4): one "How might we…?" per observation, most voted first,
// tied to what it addresses, with a department only when the observation names exactly one.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/core/limits.js';
import { solutionIdeasFallback } from '../../../src/llm/fallback/index.js';

const en = {
  observations: [
    { id: 'o1', text: 'Long delivery delays.', kind: 'irritant' as const, stage: 'I wait for my delivery', votes: 2 },
    { id: 'o2', text: 'No answer from Customer Service!', kind: 'irritant' as const, stage: 'I ask a question', votes: 5 },
    { id: 'o3', text: 'The IT portal logs me out', kind: 'rupture' as const, stage: 'I order online', votes: 2 },
    { id: 'o4', text: 'The driver calls before coming', kind: 'enchantment' as const, stage: 'I wait for my delivery', votes: 1 },
  ],
  departments: [{ id: 'd1', text: 'Customer service' }, { id: 'd2', text: 'IT' }, { id: 'd3', text: 'Logistics' }],
  limit: 3,
};

describe('solutionIdeasFallback', () => {
  it('asks “How might we…?” for the most voted observations, up to the limit, in English', () => {
    expect(solutionIdeasFallback(en, 'en')).toEqual([
      { text: 'How might we put an end to “No answer from Customer Service”?', addressesId: 'o2', departmentId: 'd1' },
      { text: 'How might we put an end to “Long delivery delays”?', addressesId: 'o1', departmentId: null },
      { text: 'How might we keep customers from giving up over “The IT portal logs me out”?', addressesId: 'o3', departmentId: 'd2' },
    ]);
  });

  it('asks in French, and names a department by its stems (« logistique » in « Logistique »)', () => {
    const out = solutionIdeasFallback({
      observations: [
        { id: 'o1', text: 'Les délais de la logistique sont trop longs', kind: 'irritant', stage: 'J’attends ma livraison', votes: 3 },
        { id: 'o2', text: 'Le livreur appelle avant de passer', kind: 'enchantment', stage: 'J’attends ma livraison', votes: 4 },
        { id: 'o3', text: 'J’ai annulé ma commande', kind: 'rupture', stage: 'Je commande', votes: 0 },
      ],
      departments: [{ id: 'd1', text: 'Logistique' }, { id: 'd2', text: 'Ventes' }],
      limit: 5,
    }, 'fr');
    expect(out).toEqual([
      { text: 'Comment pourrions-nous offrir « Le livreur appelle avant de passer » à d’autres étapes du parcours ?', addressesId: 'o2', departmentId: null },
      { text: 'Comment pourrions-nous en finir avec « Les délais de la logistique sont trop longs » ?', addressesId: 'o1', departmentId: 'd1' },
      { text: 'Comment pourrions-nous éviter que les clients abandonnent à cause de « J’ai annulé ma commande » ?', addressesId: 'o3', departmentId: null },
    ]);
  });

  it('names no department when the text names none, or several', () => {
    const out = solutionIdeasFallback({ ...en, observations: [{ id: 'o9', text: 'Logistics and customer service blame each other', kind: 'irritant', stage: 'S', votes: 1 }], limit: 1 }, 'en');
    expect(out).toEqual([{ text: expect.stringContaining('blame each other') as string, addressesId: 'o9', departmentId: null }]);
    // "it" is no department called "IT".
    expect(solutionIdeasFallback({ ...en, observations: [{ id: 'o8', text: 'it takes ages', kind: 'irritant', stage: 'S', votes: 1 }] }, 'en')[0]?.departmentId).toBeNull();
  });

  it('fits a solution’s length limit, skips notes without words, and gives nothing for a limit of 0', () => {
    const long = `${'very long note '.repeat(40)}end`;
    const [idea] = solutionIdeasFallback({ ...en, observations: [{ id: 'o5', text: '…', kind: 'irritant', stage: 'S', votes: 9 }, { id: 'o6', text: long, kind: 'irritant', stage: 'S', votes: 1 }] }, 'en');
    expect(idea?.addressesId).toBe('o6');
    expect(idea!.text.length).toBeLessThanOrEqual(LIMITS.solutionText);
    expect(idea!.text).toMatch(/^How might we put an end to “very long note .*…”\?$/);
    expect(solutionIdeasFallback({ ...en, limit: 0 }, 'en')).toEqual([]);
  });
});
