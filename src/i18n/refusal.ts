// Turns an engine refusal (code + parameters) into a sentence in the workshop's language. Parameters
// that are themselves vocabulary — a step, a missing entry condition, a field, a validation reason —
// are translated too, so "stepNotReached" reads "the touchpoints step", « l'étape points de contact ».
import type { Language } from '../core/vocabulary.js';
import { translator, type Translate } from './index.js';

export interface Refusal {
  code: string;
  params?: Record<string, string | number>;
}

export function localizeRefusal(refusal: Refusal, language: Language): string {
  const t = translator(language);
  return t(refusal.code, localizeParams(t, refusal.params ?? {}));
}

/** A warning (e.g. a stage not in the customer's voice) uses the same rules as a refusal. */
export const localizeWarning = localizeRefusal;

function localizeParams(t: Translate, params: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  for (const key of ['step', 'current'] as const) {
    if (typeof params[key] === 'string') out[key] = t(`steps.${params[key]}`);
  }
  if (typeof params.missing === 'string') out.missing = t(params.missing);
  if (typeof params.field === 'string') out.field = fieldName(t, params.field);
  if (typeof params.reason === 'string') out.reason = t(params.reason, params);
  return out;
}

/** `persona.name` → fields.persona_name; `departments.name` falls back to fields.name; else the raw path. */
function fieldName(t: Translate, path: string): string {
  const segments = path.split('.');
  for (const key of [`fields.${segments.join('_')}`, `fields.${segments.at(-1) ?? ''}`]) {
    const text = t(key);
    if (text !== key) return text;
  }
  return path;
}
