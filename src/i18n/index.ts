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

/**
 * Texts already made, per language: the same lines are drawn again and again (each voter's ballot repeats every
 * observation's line), and i18next's lookup, plural choice and interpolation cost far more than a map read.
 * Resources never change at run time, so a text is a pure function of its key and parameters. Bounded: emptied
 * when full rather than tracking use, which keeps a read to one map lookup.
 */
const MADE_MAX = 20_000;
const made = new Map<string, string>();
const fixed = new Map<Language, TFunction>();

/** A translator bound to one language. Keys are `namespace:path.to.key` or a `core` path. */
export function translator(language: Language): Translate {
  let t = fixed.get(language);
  if (!t) fixed.set(language, (t = shared().getFixedT(language)));
  const tf = t;
  return (key, params) => {
    const id = params ? `${language}\u0000${key}\u0000${JSON.stringify(params)}` : `${language}\u0000${key}`;
    let text = made.get(id);
    if (text === undefined) {
      text = tf(key, params ?? {}) as string;
      if (made.size >= MADE_MAX) made.clear();
      made.set(id, text);
    }
    return text;
  };
}

export function hasKey(language: Language, key: string): boolean {
  // A message made plural by i18next exists as key_one / key_other, not as key itself.
  return shared().exists(key, { lng: language }) || shared().exists(key, { lng: language, count: 2 });
}
