// How the fallbacks read notes: tokens split at apostrophes and punctuation, stop words of both languages left
// out, negations as one marker, stems in the workshop's language (the real @orama/stemmers).
import { describe, expect, it } from 'vitest';
import { guessLanguage, NEGATION, stems, tokens } from '../../../src/llm/fallback/text.js';

describe('text', () => {
  it('splits at apostrophes and punctuation and keeps accents', () => {
    expect(tokens("L'attente, à la caisse… trop longue!")).toEqual(['l', 'attente', 'à', 'la', 'caisse', 'trop', 'longue']);
    expect(tokens('J’ai DÉJÀ commandé')).toEqual(['j', 'ai', 'déjà', 'commandé']);
  });

  it('stems content words in the given language, stop words and intensifiers left out', () => {
    expect(stems('Délais de livraison trop longs', 'fr')).toEqual(['retard', 'livraison', 'long']);
    expect(stems('Delivery delays are too long', 'en')).toEqual(['deliveri', 'delai', 'long']);
    expect(stems('The deliveries were delayed', 'en')).toEqual(['deliveri', 'delai']);
  });

  it('reads every negation as one marker', () => {
    expect(stems("I can't track my parcel", 'en')).toEqual([NEGATION, 'track', 'parcel']);
    expect(stems('Je ne peux pas suivre mon colis', 'fr')).toEqual([NEGATION, NEGATION, 'suiv', 'colis']);
  });

  it('guesses a message’s language from its stop words, the workshop’s when unsure', () => {
    expect(guessLanguage(tokens('The delivery was late'), 'fr')).toBe('en');
    expect(guessLanguage(tokens('La livraison est en retard'), 'en')).toBe('fr');
    expect(guessLanguage(tokens('Super rapide'), 'fr')).toBe('fr');
    expect(guessLanguage(tokens('Super rapide'), 'en')).toBe('en');
  });
});
