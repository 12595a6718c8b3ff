// Every text exists in French and English, every refusal code has its message, and messages render
// with their parameters in both languages.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';
import { LANGUAGES, STEPS } from '../../src/core/vocabulary.js';
import { hasKey, translator } from '../../src/i18n/index.js';
import { resources } from '../../src/i18n/locales/index.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe('message catalogue', () => {
  it('holds the same keys in French and English, in every namespace', () => {
    expect(Object.keys(resources.fr).sort()).toEqual(Object.keys(resources.en).sort());
    for (const ns of Object.keys(resources.en) as (keyof typeof resources.en)[]) {
      expect(leafKeys(resources.fr[ns]).sort(), ns).toEqual(leafKeys(resources.en[ns]).sort());
    }
  });

  it('has no empty message and no untranslated English left in French', () => {
    for (const ns of Object.keys(resources.en) as (keyof typeof resources.en)[]) {
      const en = resources.en[ns] as Record<string, unknown>;
      const fr = resources.fr[ns] as Record<string, unknown>;
      for (const key of leafKeys(en)) {
        const get = (o: Record<string, unknown>) => key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o) as string;
        expect(get(en).trim(), `${ns}:${key}`).not.toBe('');
        expect(get(fr).trim(), `${ns}:${key}`).not.toBe('');
      }
    }
  });

  it.each(LANGUAGES)('has a message for every refusal code in %s', (language) => {
    for (const code of ERROR_CODES) expect(hasKey(language, code), code).toBe(true);
    for (const step of STEPS) expect(hasKey(language, `steps.${step}`), step).toBe(true);
  });

  it('renders refusals with localised parameters', () => {
    const refusal = { code: 'errors.entryCondition', params: { step: 'stages', missing: 'entry.needPersona' } };
    expect(localizeRefusal(refusal, 'en')).toBe('The “stages” step cannot start yet: describe the persona first.');
    expect(localizeRefusal(refusal, 'fr')).toBe('La séquence « étapes du parcours » ne peut pas encore commencer : décrivez d’abord le persona.');
    const tooLong = { code: 'errors.invalidCommand', params: { field: 'persona.name', reason: 'validation.tooLong', max: 80 } };
    expect(localizeRefusal(tooLong, 'en')).toBe('Persona name: is too long (at most 80 characters)');
    expect(localizeRefusal(tooLong, 'fr')).toBe('Nom du persona : est trop long (au plus 80 caractères)');
    expect(localizeRefusal({ code: 'errors.invalidCommand', params: { field: 'departments.name', reason: 'validation.required' } }, 'fr')).toBe('Nom : est obligatoire');
  });

  it('uses each language’s plural rules', () => {
    expect(translator('en')('owed.votes', { count: 1 })).toBe('1 vote left');
    expect(translator('en')('owed.votes', { count: 0 })).toBe('0 votes left');
    expect(translator('fr')('owed.votes', { count: 0 })).toBe('0 vote restant');
    expect(translator('fr')('owed.votes', { count: 2 })).toBe('2 votes restants');
  });
});
