// "Contribute by just writing" without a model (issue 13, point 6): the keyword classifier in both languages,
// with the real stemmers — the kind from keywords, the stage from the stems shared with the stages' labels,
// and null whenever either is unclear.
import { describe, expect, it } from 'vitest';
import type { ContributionKind } from '../../../src/conversation/assistant.js';
import { clearKind, clearStage, kindScores } from '../../../src/llm/fallback/classify.js';
import { classifyFallback } from '../../../src/llm/fallback/index.js';

const KINDS: Record<'en' | 'fr', [message: string, kind: ContributionKind | null][]> = {
  en: [
    ['The delivery took too long', 'irritant'],
    ['I had to wait three days for my order', 'irritant'],
    ["I can't find the size guide", 'irritant'],
    ['Not great, the app is not fast', 'irritant'],
    ['Great service but too long a wait', 'irritant'],
    ['The website was super fast, loved it', 'enchantment'],
    ['The driver was really friendly', 'enchantment'],
    ['I gave up and bought elsewhere', 'rupture'],
    ['Too slow, so I cancelled my order', 'rupture'],
    ['I ordered on the website', 'touchpoint'],
    ['They send an email with the tracking number', 'touchpoint'],
    ['No problem with the delivery', null],
    ['Great choice but too expensive', null],
    ['hello everyone, what is next?', null],
  ],
  fr: [
    ['La livraison était trop longue', 'irritant'],
    ['J’ai attendu trois jours ma commande', 'irritant'],
    ['Pas très rapide, le site', 'irritant'],
    ['L’attente en caisse est pénible', 'irritant'],
    ['Le site est super rapide, j’ai adoré', 'enchantment'],
    ['Trop bien, la vendeuse était sympa', 'enchantment'],
    ['J’ai laissé tomber et j’ai acheté ailleurs', 'rupture'],
    ['Commande annulée sans prévenir', 'rupture'],
    ['J’ai commandé sur le site', 'touchpoint'],
    ['On reçoit un SMS la veille de la livraison', 'touchpoint'],
    ['Je n’ai eu aucun problème avec la livraison', null],
    ['Le vendeur est aimable mais l’attente est longue', null],
    ['Bonjour à tous, on en est où ?', null],
  ],
};

describe.each(['en', 'fr'] as const)('the kind of a message in %s', (language) => {
  it.each(KINDS[language])('“%s” → %s', (message, kind) => {
    expect(clearKind(kindScores(message, language))).toBe(kind);
  });
});

describe('keywords', () => {
  it('reads a message in the language it is written in, whatever the workshop’s', () => {
    expect(clearKind(kindScores('The delivery took too long', 'fr'))).toBe('irritant');
    expect(clearKind(kindScores('J’ai laissé tomber et j’ai acheté ailleurs', 'en'))).toBe('rupture');
  });

  it('lets a longer phrase use its words up: « trop bien » is no irritant', () => {
    expect(kindScores('Trop bien', 'fr')).toEqual({ touchpoint: 0, irritant: 0, enchantment: 1, rupture: 0 });
    expect(kindScores('Trop cher', 'fr')).toEqual({ touchpoint: 0, irritant: 2, enchantment: 0, rupture: 0 });
  });

  it('turns a negated enchantment into an irritant and drops a negated irritant', () => {
    expect(kindScores('not fast', 'en')).toEqual({ touchpoint: 0, irritant: 1, enchantment: 0, rupture: 0 });
    expect(kindScores('pas de problème', 'fr')).toEqual({ touchpoint: 0, irritant: 0, enchantment: 0, rupture: 0 });
  });
});

describe('the stage of a message', () => {
  const en = [{ id: 's1', text: 'I look for a sofa' }, { id: 's2', text: 'I order online' }, { id: 's3', text: 'I wait for my delivery' }, { id: 's4', text: 'I assemble my sofa' }];
  const fr = [{ id: 'e1', text: 'Je cherche un canapé' }, { id: 'e2', text: 'Je commande en ligne' }, { id: 'e3', text: 'J’attends ma livraison' }, { id: 'e4', text: 'Je monte mon canapé' }];

  it('is the stage sharing the most stems with it', () => {
    expect(clearStage('Waiting for the delivery took ages', en, 'en')).toBe('s3');
    expect(clearStage('Ordering online was painful', en, 'en')).toBe('s2');
    expect(clearStage('L’attente de la livraison est trop longue', fr, 'fr')).toBe('e3');
    expect(clearStage('Commander en ligne est compliqué', fr, 'fr')).toBe('e2');
  });

  it('is null when no stage shares a stem, or two share as many', () => {
    expect(clearStage('The colours are lovely', en, 'en')).toBeNull();
    expect(clearStage('The sofa I looked for took ages to assemble', en, 'en')).toBeNull();
    expect(clearStage('Le canapé est beau', fr, 'fr')).toBeNull();
  });
});

describe('classifyFallback', () => {
  const stages = [{ id: 'e1', text: 'Je commande en ligne' }, { id: 'e2', text: 'J’attends ma livraison' }];

  it('offers the message, cleaned, with its kind and stage', () => {
    expect(classifyFallback({ message: '  L’attente   de la livraison est   pénible ', stages }, 'fr')).toEqual({ kind: 'irritant', stageId: 'e2', text: 'L’attente de la livraison est pénible' });
    expect(classifyFallback({ message: 'Je commande sur le site, en ligne', stages }, 'fr')).toEqual({ kind: 'touchpoint', stageId: 'e1', text: 'Je commande sur le site, en ligne' });
    expect(classifyFallback({ message: 'I wait for my order and the tracking page is super clear', stages: [{ id: 's1', text: 'I wait for my order' }, { id: 's2', text: 'I pay' }] }, 'en'))
      .toEqual({ kind: 'enchantment', stageId: 's1', text: 'I wait for my order and the tracking page is super clear' });
  });

  it('offers nothing when the kind or the stage is unclear, for an empty message, or one too long to be a note', () => {
    expect(classifyFallback({ message: 'Bonjour, on commence quand ?', stages }, 'fr')).toBeNull();
    expect(classifyFallback({ message: 'Le canapé est trop cher', stages }, 'fr')).toBeNull();
    expect(classifyFallback({ message: '   ', stages }, 'fr')).toBeNull();
    expect(classifyFallback({ message: `La livraison est pénible ${'vraiment '.repeat(60)}`, stages }, 'fr')).toBeNull();
    expect(classifyFallback({ message: 'La livraison est pénible', stages: [] }, 'fr')).toBeNull();
  });
});
