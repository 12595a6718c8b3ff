// Every namespace, in both languages. A test checks that French and English hold the same keys.
import coreEn from './en/core.js';
import coreFr from './fr/core.js';

export const resources = {
  en: { core: coreEn },
  fr: { core: coreFr },
} as const;
