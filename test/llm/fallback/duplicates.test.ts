// Near-duplicates without a model (issue 13, point 3): stemmed Dice with the real English and French stemmers.
// The table of pairs is what DUPLICATE_THRESHOLD was chosen from; the known limits show where it errs.
import { describe, expect, it } from 'vitest';
import { dice, DUPLICATE_THRESHOLD, similarGroups } from '../../../src/llm/fallback/duplicates.js';
import { duplicatesFallback } from '../../../src/llm/fallback/index.js';
import { stemSet } from '../../../src/llm/fallback/text.js';
import type { Language } from '../../../src/core/vocabulary.js';

type Pair = [a: string, b: string, same: boolean];

const PAIRS: Record<Language, Pair[]> = {
  en: [
    ['Long delivery delays', 'Delivery delays are too long', true],
    ['Long delivery delays', 'delays in delivery', true],
    ['Delivery delays are too long', 'delays in delivery', true],
    ['Late delivery', 'Long delivery delays', true],
    ['Friendly delivery driver', 'The delivery driver was friendly', true],
    ['Long queue at the till', 'Queues at the till are long', true],
    ['Website is slow', 'The website is very slow', true],
    ["Can't find the size guide", 'Size guide impossible to find', true],
    ['No tracking of my parcel', 'I cannot track my parcel', true],
    ['Payment page crashes', 'The payment page crashed twice', true],
    ['Great advice from the salesperson', 'The salesperson gave great advice', true],
    ['Long delivery delays', 'Friendly delivery driver', false],
    ['Long delivery delays', 'Long queue at the till', false],
    ['Delivery delays', 'Delivery driver', false],
    ['Website is slow', 'The app is slow', false],
    ["Can't find the size guide", "Can't find the returns form", false],
    ['Payment page crashes', 'Delivery page is confusing', false],
    ['Great advice from the salesperson', 'Great prices', false],
  ],
  fr: [
    ['Délais de livraison trop longs', 'Livraison très en retard', true],
    ['Délais de livraison trop longs', 'Les délais de livraison sont longs', true],
    ['Délais de livraison trop longs', 'Délai de livraison', true],
    ['Livraison en retard', 'Retard de livraison', true],
    ['Colis livré en retard', 'Livraison en retard', true],
    ['Longue attente en caisse', 'Attente trop longue à la caisse', true],
    ['Longue attente au téléphone', 'On attend longtemps au téléphone', true],
    ['Le site est lent', 'Site très lent', true],
    ['Impossible de trouver le guide des tailles', 'Je ne trouve pas le guide des tailles', true],
    ['Pas de suivi du colis', 'Je ne peux pas suivre mon colis', true],
    ['Le paiement plante', 'Le paiement a planté deux fois', true],
    ['Délais de livraison trop longs', 'Le livreur est aimable', false],
    ['Livraison très en retard', 'Le livreur est aimable', false],
    ['Le site est lent', 'L’application est lente', false],
    ['Impossible de trouver le guide des tailles', 'Impossible de trouver le formulaire de retour', false],
    ['Le paiement plante', 'La page de livraison est confuse', false],
    ['Conseils du vendeur très utiles', 'Prix très bas', false],
  ],
};

describe.each(['en', 'fr'] as const)('stemmed Dice in %s', (language) => {
  it.each(PAIRS[language])('“%s” / “%s”: near-duplicates %s', (a, b, same) => {
    const similarity = dice(stemSet(a, language), stemSet(b, language));
    expect(similarity >= DUPLICATE_THRESHOLD, `${similarity.toFixed(2)}`).toBe(same);
  });
});

describe('the known limits of the threshold', () => {
  // Kept as tests so that moving the threshold shows what it changes.
  it('takes two notes that differ by one word of three for the same', () => {
    expect(dice(stemSet('Longue attente en caisse', 'fr'), stemSet('Longue attente au téléphone', 'fr'))).toBeCloseTo(2 / 3);
  });
  it('misses a paraphrase that shares two words of seven', () => {
    expect(dice(stemSet('Conseils du vendeur très utiles', 'fr'), stemSet('Le vendeur donne de bons conseils', 'fr'))).toBeLessThan(DUPLICATE_THRESHOLD);
  });
});

describe('near-duplicate groups', () => {
  const items = (texts: string[]) => texts.map((text, i) => ({ id: `o${i + 1}`, text }));

  it('groups the English delivery notes and leaves the unrelated ones out, keeping the first written', () => {
    const out = duplicatesFallback({
      kind: 'irritant',
      items: items(['Long delivery delays', 'Friendly delivery driver', 'Delivery delays are too long', 'Long queue at the till', 'delays in delivery']),
    }, 'en');
    expect(out).toEqual([{ keepId: 'o1', mergeIds: ['o3', 'o5'], label: null }]);
  });

  it('groups the French delivery notes and leaves the friendly driver out', () => {
    const out = duplicatesFallback({
      kind: 'irritant',
      items: items(['Le livreur est aimable', 'Délais de livraison trop longs', '« Livraison très en retard »', 'Les délais de livraison sont longs']),
    }, 'fr');
    expect(out).toEqual([{ keepId: 'o2', mergeIds: ['o3', 'o4'], label: null }]);
  });

  it('does not let a chain merge notes that share nothing', () => {
    // "Delivery delays" ~ "Delivery delays at the till" ~ "Delays at the till", but the first and last differ.
    const texts = ['Delivery delays', 'Delivery delays at the till', 'Delays at the till'];
    expect(dice(stemSet(texts[0]!, 'en'), stemSet(texts[2]!, 'en'))).toBeLessThan(DUPLICATE_THRESHOLD);
    const groups = similarGroups(texts, 'en');
    expect(groups).toEqual([[0, 1]]);
    for (const g of groups) expect(g.includes(0) && g.includes(2)).toBe(false);
  });

  it('forms several groups in the notes’ order, and none from notes without content words', () => {
    const out = duplicatesFallback({
      kind: 'touchpoint',
      items: items(['Website is slow', 'Queues at the till are long', 'The website is very slow', 'Long queue at the till', '!!!', '???']),
    }, 'en');
    expect(out).toEqual([
      { keepId: 'o1', mergeIds: ['o3'], label: null },
      { keepId: 'o2', mergeIds: ['o4'], label: null },
    ]);
  });

  it('stems in the workshop’s language: an English note in a French workshop still meets its twin', () => {
    const out = duplicatesFallback({ kind: 'irritant', items: items(['The website is slow', 'Website very slow', 'Le site est lent']) }, 'fr');
    expect(out).toEqual([{ keepId: 'o1', mergeIds: ['o2'], label: null }]);
  });

  it('proposes nothing for fewer than two notes', () => {
    expect(duplicatesFallback({ kind: 'rupture', items: [] }, 'en')).toEqual([]);
    expect(duplicatesFallback({ kind: 'rupture', items: items(['Gave up']) }, 'en')).toEqual([]);
  });
});
