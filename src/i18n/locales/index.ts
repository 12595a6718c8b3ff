// Every namespace, in both languages. A test checks that French and English hold the same keys.
import coreEn from './en/core.js';
import coreFr from './fr/core.js';
import renderEn from './en/render.js';
import renderFr from './fr/render.js';

export const resources = {
  en: { core: coreEn, render: renderEn },
  fr: { core: coreFr, render: renderFr },
} as const;
