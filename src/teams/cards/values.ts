// A card submission's data → the form's values by field id, read from each input's id (forms.ts), the way
// src/slack/values.ts reads a modal's state: the conversation layer then handles both platforms alike.
// Teams sends every input as a string: several choices joined by commas, a toggle as "true"/"false".
import type { FormValues } from '../../present/model.js';
import { fieldOfInput, NO_CHOICE } from './forms.js';

export function cardFormValues(data: unknown): FormValues {
  const out: FormValues = {};
  if (typeof data !== 'object' || data === null) return out;
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    const field = fieldOfInput(key);
    if (!field) continue;
    const value = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : null;
    switch (field.kind) {
      case 'multiSelect':
        out[field.id] = value ? value.split(',').filter(Boolean) : [];
        break;
      case 'checkbox':
        out[field.id] = value === 'true';
        break;
      case 'date':
        // A day without a time, as Slack's date picker gives it: due at the end of the working day, UTC.
        out[field.id] = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T17:00:00Z` : null;
        break;
      case 'select':
      case 'user':
        out[field.id] = value === '' || value === NO_CHOICE ? null : value;
        break;
      default:
        out[field.id] = value === '' ? null : value;
    }
  }
  return out;
}
