// Small wording helpers shared by the view builders.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Language, Step } from '../core/vocabulary.js';
import { STEPS, stepIndex } from '../core/vocabulary.js';
import { translator, type Translate } from '../i18n/index.js';
import type { Line } from './model.js';

export interface Words {
  language: Language;
  /** A core key (steps.*, kinds.*…) or a `present:`/`slack:` key. */
  t: Translate;
  /** A key of the `present` namespace. */
  p: Translate;
}

export function words(language: Language): Words {
  const t = translator(language);
  return { language, t, p: (key, params) => t(`present:${key}`, params) };
}

export function stepName(w: Words, step: Step): string {
  return w.t(`steps.${step}`);
}

/** "Step 3 of 7 — stages". */
export function stepProgress(w: Words, step: Step): string {
  return w.p('step.progress', { n: stepIndex(step) + 1, total: STEPS.length, step: stepName(w, step) });
}

/** Number formats made once per language and precision: making one costs far more than using it. */
const formats = new Map<string, Intl.NumberFormat>();

export function number(language: Language, value: number, digits = 1): string {
  const id = `${language}:${digits}`;
  let f = formats.get(id);
  if (!f) formats.set(id, (f = new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits })));
  return f.format(value);
}

/** A signed emotion score: "+1.5", "−0.7", "0". */
export function signed(language: Language, value: number): string {
  const text = number(language, Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** A date as a UTC fallback, for platforms or clients that cannot localise it. */
export function utcFallback(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function deadlineOf(s: WorkshopSnapshot, step: Step): Date | null {
  return s.workshop.deadlines.find((d) => d.step === step)?.dueAt ?? null;
}

export function plainLine(text: string): Line {
  return [text];
}

/** The display name of a participant, falling back to a mention of the user. */
export function who(s: WorkshopSnapshot, participantId: string | null): Line {
  const p = s.participants.find((x) => x.id === participantId);
  if (!p) return [];
  return p.displayName ? [p.displayName] : [{ user: p.userId }];
}
