// French and English texts for everything a user reads. Strings live in one module per namespace and
// language under ./locales; i18next gives interpolation and the CLDR plural rules of each language
// (French counts 0 and 1 as singular, English only 1).
import i18next, { type i18n, type TFunction } from 'i18next';
import type { Language } from '../core/vocabulary.js';
import { resources } from './locales/index.js';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

let instance: i18n | undefined;

function shared(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    // initAsync is false and resources are in memory, so init completes synchronously.
    void instance.init({
      resources,
      lng: 'en',
      fallbackLng: false,
      ns: Object.keys(resources.en),
      defaultNS: 'core',
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
      showSupportNotice: false,
    } as Parameters<i18n['init']>[0]);
  }
  return instance;
}

/** A translator bound to one language. Keys are `namespace:path.to.key` or a `core` path. */
export function translator(language: Language): Translate {
  const t: TFunction = shared().getFixedT(language);
  return (key, params) => t(key, params ?? {}) as string;
}

export function hasKey(language: Language, key: string): boolean {
  // A message made plural by i18next exists as key_one / key_other, not as key itself.
  return shared().exists(key, { lng: language }) || shared().exists(key, { lng: language, count: 2 });
}
