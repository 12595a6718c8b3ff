// The target journey's story without a model (issue 13, point 5): persona and goal, one sentence per stage in
// order (emotion before → after when both are known, the solutions there), the irritants gone — in the
// workshop's language, with i18next's plurals.
import { describe, expect, it } from 'vitest';
import { narrativeFallback } from '../../../src/llm/fallback/index.js';

describe('narrativeFallback', () => {
  it('tells the target journey in English', () => {
    const { text } = narrativeFallback({
      persona: 'Claire, 34',
      goal: 'Furnish her new flat.',
      stages: [
        { id: 's1', text: 'I look for a sofa', emotionBefore: -1, emotionAfter: 1 },
        { id: 's2', text: 'I wait for my delivery', emotionBefore: 1, emotionAfter: -1 },
        { id: 's3', text: 'I assemble my sofa', emotionBefore: 0, emotionAfter: 0 },
        { id: 's4', text: 'I recommend the shop', emotionBefore: null, emotionAfter: 2 },
      ],
      solutions: [
        { id: 'x1', text: 'Live stock on the website', stageId: 's1', department: 'IT' },
        { id: 'x2', text: 'Delivery slots by text', stageId: 's2', department: 'Logistics' },
        { id: 'x3', text: 'Tracking link', stageId: 's2', department: null },
        { id: 'x4', text: 'One contact person', stageId: null, department: null },
      ],
      removed: [{ id: 'o1', text: 'Long delivery delays' }, { id: 'o2', text: 'No answer by phone' }],
    }, 'en');
    expect(text).toBe([
      'In the target journey, Claire, 34 sets out to reach this goal: Furnish her new flat.',
      'At “I look for a sofa”, the emotion rises from −1 to +1, with the solution “Live stock on the website” (IT).',
      'At “I wait for my delivery”, the emotion falls from +1 to −1, with the solutions “Delivery slots by text” (Logistics) and “Tracking link”.',
      'At “I assemble my sofa”, the emotion stays at 0.',
      'The journey goes through “I recommend the shop”.',
      'Across the whole journey, the solution “One contact person” applies.',
      'The irritants “Long delivery delays” and “No answer by phone” are gone.',
    ].join(' '));
  });

  it('tells it in French, with French plurals and quotes', () => {
    const { text } = narrativeFallback({
      persona: 'Claire',
      goal: 'Meubler son appartement',
      stages: [
        { id: 'e1', text: 'Je cherche un canapé', emotionBefore: -2, emotionAfter: 1 },
        { id: 'e2', text: 'J’attends ma livraison', emotionBefore: null, emotionAfter: null },
      ],
      solutions: [
        { id: 'x1', text: 'Stock en direct sur le site', stageId: 'e1', department: 'Informatique' },
        { id: 'x2', text: 'Créneaux par SMS', stageId: 'e2', department: null },
        { id: 'x3', text: 'Lien de suivi', stageId: 'e2', department: 'Logistique' },
        { id: 'x4', text: 'Un seul interlocuteur', stageId: 'gone', department: null },
        { id: 'x5', text: 'Un site plus clair', stageId: null, department: null },
      ],
      removed: [{ id: 'o1', text: 'Délais de livraison trop longs' }],
    }, 'fr');
    expect(text).toBe([
      'Dans le parcours cible, Claire veut atteindre cet objectif : Meubler son appartement.',
      'À l’étape « Je cherche un canapé », l’émotion monte de −2 à +1, avec la solution « Stock en direct sur le site » (Informatique).',
      'Le parcours passe par l’étape « J’attends ma livraison », avec les solutions « Créneaux par SMS » et « Lien de suivi » (Logistique).',
      'Sur tout le parcours, les solutions « Un seul interlocuteur » et « Un site plus clair » s’appliquent.',
      'L’irritant « Délais de livraison trop longs » disparaît.',
    ].join(' '));
  });

  it('opens without a goal or a persona, and leaves out what is empty', () => {
    expect(narrativeFallback({ persona: 'Claire', goal: ' ', stages: [], solutions: [], removed: [] }, 'en').text).toBe('The target journey follows Claire.');
    expect(narrativeFallback({ persona: '', goal: '', stages: [{ id: 'e1', text: 'Je paie', emotionBefore: 1, emotionAfter: 2 }], solutions: [], removed: [] }, 'fr').text)
      .toBe('Voici le parcours cible, étape par étape. À l’étape « Je paie », l’émotion monte de +1 à +2.');
  });
});
