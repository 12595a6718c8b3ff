// The pieces every form is made of: field constructors, choices from the method's vocabularies and from
// the workshop, and the form itself with its localised title, buttons and intro.
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import type { ChoiceView, FieldView, FormView } from '../model.js';
import type { Words } from '../text.js';
import type { FormId } from './ids.js';

/** Options a picker lists at most (Slack: 100 per menu). */
export const MAX_CHOICES = 100;

export const text = (id: string, label: string, maxLength: number, optional = false, extra: Partial<FieldView> = {}): FieldView =>
  ({ id, kind: 'text', label, maxLength, optional, ...extra });
export const longText = (id: string, label: string, maxLength: number, optional = false, extra: Partial<FieldView> = {}): FieldView =>
  ({ id, kind: 'longText', label, maxLength, optional, ...extra });
export const select = (id: string, label: string, choices: ChoiceView[], optional = false, extra: Partial<FieldView> = {}): FieldView =>
  ({ id, kind: 'select', label, choices, optional, ...extra });

export function vocabulary<T extends string>(w: Words, values: readonly T[], prefix: string): ChoiceView[] {
  return values.map((v) => ({ value: v, label: w.t(`${prefix}.${v}`) }));
}

export function form(w: Words, id: FormId, workshopId: string | null, fields: FieldView[], extra: Partial<FormView> = {}): FormView {
  return {
    form: id, workshopId, title: w.p(`forms.${id}.title`), submit: w.p(`forms.${id}.submit`), cancel: w.p('forms.cancel'),
    intro: [[w.p(`forms.${id}.intro`)]], fields, ...extra,
  };
}

export function departmentChoices(s: WorkshopSnapshot): ChoiceView[] {
  return s.departments.map((d) => ({ value: d.id, label: d.name }));
}

export function stageChoices(s: WorkshopSnapshot): ChoiceView[] {
  return s.stages.slice(0, MAX_CHOICES).map((x) => ({ value: x.id, label: `${x.position + 1}. ${x.label}` }));
}
