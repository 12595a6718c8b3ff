// Fixing what was said: an observation (irritant, enchantment, break) or a solution edited, moved or removed
// by whoever wrote it, or by the facilitator. As with stages (edit.ts), a first form picks the item — among
// those this person may fix only — and what to do; then a form about that one item (its subject) opens,
// prefilled, so fixing a typo is changing one letter. The engine checks authorship again on submit.
import type { CommandInput } from '../../core/commands.js';
import { refuse } from '../../core/errors.js';
import { LIMITS } from '../../core/limits.js';
import type { ObservationView, SolutionView, WorkshopSnapshot } from '../../core/snapshot.js';
import { OBSERVATION_KINDS, type Language } from '../../core/vocabulary.js';
import type { ChoiceGroupView, FieldView, FormValues, FormView, Line } from '../model.js';
import { rankedObservations, rankedSolutions } from '../steps.js';
import { words, type Words } from '../text.js';
import type { FormContext } from './context.js';
import { form, longText, MAX_CHOICES, select } from './fields.js';
import type { FormId, SubjectFormId } from './ids.js';
import { placeName, whereFields, wherePicked } from './where.js';

/** What can be done to an observation or a solution, and the form that does it. */
export const OBSERVATION_OPS = ['change', 'move', 'remove'] as const;
export const SOLUTION_OPS = ['change', 'remove'] as const;
const OBSERVATION_OP_FORMS = { change: 'observationChange', move: 'observationMove', remove: 'observationRemove' } as const satisfies Record<(typeof OBSERVATION_OPS)[number], FormId>;
const SOLUTION_OP_FORMS = { change: 'solutionChange', remove: 'solutionRemove' } as const satisfies Record<(typeof SOLUTION_OPS)[number], FormId>;

/** The forms of this file, which need to know what the person may fix (FormContext.fixable). */
export const FIXING_FORM_IDS = [
  'observationEdit', 'observationChange', 'observationMove', 'observationRemove', 'solutionEdit', 'solutionChange', 'solutionRemove',
] as const satisfies readonly FormId[];
export type FixingFormId = (typeof FIXING_FORM_IDS)[number];

export function isFixingForm(form: FormId): form is FixingFormId {
  return (FIXING_FORM_IDS as readonly string[]).includes(form);
}

const quote = (w: Words, text: string): string => w.p('format.quote', { text });
const str = (v: FormValues[string]): string => (typeof v === 'string' ? v : '');
const opt = (v: FormValues[string]): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The observation a subject form is about: gone (removed meanwhile) or not this person's to fix, refused. */
function subjectObservation(s: WorkshopSnapshot, ctx: FormContext | undefined): ObservationView {
  const o = s.observations.find((x) => x.id === ctx?.subject);
  if (!o) refuse('errors.observationNotFound');
  if (ctx?.fixable && !ctx.fixable.observations.includes(o.id)) refuse('errors.notYourObservation');
  return o;
}

function subjectSolution(s: WorkshopSnapshot, ctx: FormContext | undefined): SolutionView {
  const x = s.solutions.find((y) => y.id === ctx?.subject);
  if (!x) refuse('errors.solutionNotFound');
  if (ctx?.fixable && !ctx.fixable.solutions.includes(x.id)) refuse('errors.notYourSolution');
  return x;
}

function observationLabel(w: Words, o: ObservationView): string {
  return `${o.momentOfTruth ? '★ ' : ''}${w.t(`kinds.${o.kind}`)} — ${o.text}`;
}

/** The observations this person may fix, grouped by stage, up to MAX_CHOICES in all. */
function fixableObservationGroups(s: WorkshopSnapshot, w: Words, ctx: FormContext | undefined): ChoiceGroupView[] {
  const mine = new Set(ctx?.fixable?.observations ?? []);
  const ranked = rankedObservations(s).filter((o) => mine.has(o.id));
  let room = MAX_CHOICES;
  const groups: ChoiceGroupView[] = [];
  for (const stage of s.stages) {
    const here = ranked.filter((o) => o.stageId === stage.id).slice(0, room);
    if (here.length === 0) continue;
    room -= here.length;
    groups.push({ label: `${stage.position + 1}. ${stage.label}`, choices: here.map((o) => ({ value: o.id, label: observationLabel(w, o) })) });
  }
  return groups;
}

export function observationEditForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  return form(w, 'observationEdit', s.workshop.id, [
    { id: 'observationId', kind: 'select', label: w.t('fields.observationId'), optional: false, groups: fixableObservationGroups(s, w, ctx) },
    select('op', w.p('forms.observationEdit.op'), OBSERVATION_OPS.map((op) => ({ value: op, label: w.p(`forms.observationEdit.ops.${op}`) })), false, { initial: 'change' }),
  ]);
}

export function observationChangeForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const o = subjectObservation(s, ctx);
  return form(w, 'observationChange', s.workshop.id, [
    select('kind', w.t('fields.kind'), OBSERVATION_KINDS.map((k) => ({ value: k, label: w.p(`forms.observation.kinds.${k}`) })), false, { initial: o.kind }),
    longText('text', w.t('fields.text'), LIMITS.observationText, false, { initial: o.text }),
    { id: 'momentOfTruth', kind: 'checkbox', label: w.t('fields.momentOfTruth'), optional: true, initial: o.momentOfTruth, hint: w.p('forms.observation.momentHint') },
  ], {
    subject: o.id,
    intro: [[w.p('forms.observationChange.intro')], [w.p('forms.observationChange.about', { place: placeName(s, w, o.stageId, o.touchpointId) })]],
  });
}

export function observationMoveForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const o = subjectObservation(s, ctx);
  // The stage first, then one of its touchpoints (where.ts), starting from where it is now; redrawn when the
  // stage changes, from what was chosen (ctx.kept: a stage, not the previous form's pick of the observation).
  const kept = typeof ctx?.kept?.stageId === 'string' ? ctx.kept : { stageId: o.stageId, touchpointId: o.touchpointId ?? '' };
  return form(w, 'observationMove', s.workshop.id, whereFields(s, w, kept), {
    subject: o.id,
    intro: [
      [w.p('forms.observationMove.intro', { observation: quote(w, o.text) })],
      [w.p('forms.observationMove.now', { place: placeName(s, w, o.stageId, o.touchpointId) })],
    ],
  });
}

export function observationRemoveForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const o = subjectObservation(s, ctx);
  const solutions = s.solutions.filter((x) => x.addresses.includes(o.id)).length;
  const intro: Line[] = [
    [w.p('forms.observationRemove.intro', { observation: quote(w, o.text) })],
    [w.p('forms.observationRemove.about', { kind: w.t(`kinds.${o.kind}`), place: placeName(s, w, o.stageId, o.touchpointId) })],
    // Whether it holds votes is not said: tallies may be secret until the facilitator reveals them.
    [w.p('forms.observationRemove.votes')],
    [solutions ? w.p('forms.observationRemove.solutions', { count: solutions }) : w.p('forms.observationRemove.noSolution')],
  ];
  return form(w, 'observationRemove', s.workshop.id, [], { subject: o.id, intro });
}

export function solutionEditForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const mine = new Set(ctx?.fixable?.solutions ?? []);
  const choices = rankedSolutions(s).filter((x) => mine.has(x.id)).slice(0, MAX_CHOICES).map((x) => ({ value: x.id, label: x.text }));
  return form(w, 'solutionEdit', s.workshop.id, [
    select('solutionId', w.t('fields.solutionId'), choices),
    select('op', w.p('forms.solutionEdit.op'), SOLUTION_OPS.map((op) => ({ value: op, label: w.p(`forms.solutionEdit.ops.${op}`) })), false, { initial: 'change' }),
  ]);
}

export function solutionChangeForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const x = subjectSolution(s, ctx);
  // The observations it addresses first, so they are never left out of the list.
  const ranked = rankedObservations(s);
  const ordered = [...ranked.filter((o) => x.addresses.includes(o.id)), ...ranked.filter((o) => !x.addresses.includes(o.id))].slice(0, MAX_CHOICES);
  const addresses: FieldView = {
    // A solution whose observations were all removed may stay so: it can still be reworded.
    id: 'addresses', kind: 'multiSelect', label: w.t('fields.addresses'), optional: x.addresses.length === 0,
    choices: ordered.map((o) => ({ value: o.id, label: `${w.t(`kinds.${o.kind}`)} — ${o.text}` })),
    ...(x.addresses.length ? { initial: x.addresses } : {}),
  };
  return form(w, 'solutionChange', s.workshop.id, [
    longText('text', w.t('fields.text'), LIMITS.solutionText, false, { initial: x.text }),
    addresses,
  ], { subject: x.id, intro: [[w.p('forms.solutionChange.intro')]] });
}

export function solutionRemoveForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const x = subjectSolution(s, ctx);
  const intro: Line[] = [
    [w.p('forms.solutionRemove.intro', { solution: quote(w, x.text) })],
    [x.ratings ? w.p('forms.solutionRemove.ratings', { count: x.ratings }) : w.p('forms.solutionRemove.noRating')],
    [w.p('forms.solutionRemove.votes')],
  ];
  const department = s.roadmap.find((d) => d.items.some((i) => i.solutionId === x.id))?.department.name;
  if (department) intro.push([w.p('forms.solutionRemove.roadmap', { department })]);
  return form(w, 'solutionRemove', s.workshop.id, [], { subject: x.id, intro });
}

/** The forms of this file, for WORKSHOP_FORMS. */
export const FIXING_FORMS = {
  observationEdit: observationEditForm, observationChange: observationChangeForm, observationMove: observationMoveForm, observationRemove: observationRemoveForm,
  solutionEdit: solutionEditForm, solutionChange: solutionChangeForm, solutionRemove: solutionRemoveForm,
} satisfies Record<FixingFormId, (s: WorkshopSnapshot, ctx?: FormContext) => FormView>;

type Submission =
  | { ok: true; commands: CommandInput[] }
  | { ok: true; next: { form: SubjectFormId; subject: string } }
  | { ok: false; errors: Record<string, string> };

/** A submitted fixing form → its command, or the next form about the item picked. `subject` comes from the form's signed state. */
export function fixingCommands(form: FixingFormId, workshopId: string, values: FormValues, language: Language, subject = ''): Submission {
  const w = words(language);
  const fail = (field: string, key: string): Submission => ({ ok: false, errors: { [field]: w.p(key) } });
  const workshop = { workshopId };
  switch (form) {
    case 'observationEdit': {
      const op = str(values.op) as (typeof OBSERVATION_OPS)[number];
      if (!OBSERVATION_OPS.includes(op)) return fail('op', 'forms.observationEdit.opRequired');
      const picked = opt(values.observationId);
      if (!picked) return fail('observationId', 'forms.observationEdit.itemRequired');
      return { ok: true, next: { form: OBSERVATION_OP_FORMS[op], subject: picked } };
    }
    case 'observationChange':
      return {
        ok: true,
        commands: [{ type: 'editObservation', ...workshop, observationId: subject, kind: str(values.kind) as never, text: str(values.text), momentOfTruth: values.momentOfTruth === true }],
      };
    case 'observationMove': {
      const where = wherePicked(values);
      if (!where) return fail('stageId', 'forms.observationMove.whereRequired');
      return { ok: true, commands: [{ type: 'moveObservation', ...workshop, observationId: subject, ...where }] };
    }
    case 'observationRemove':
      return { ok: true, commands: [{ type: 'removeObservation', ...workshop, observationId: subject }] };
    case 'solutionEdit': {
      const op = str(values.op) as (typeof SOLUTION_OPS)[number];
      if (!SOLUTION_OPS.includes(op)) return fail('op', 'forms.solutionEdit.opRequired');
      const picked = opt(values.solutionId);
      if (!picked) return fail('solutionId', 'forms.solutionEdit.itemRequired');
      return { ok: true, next: { form: SOLUTION_OP_FORMS[op], subject: picked } };
    }
    case 'solutionChange': {
      const addresses = Array.isArray(values.addresses) ? values.addresses : [];
      return { ok: true, commands: [{ type: 'editSolution', ...workshop, solutionId: subject, text: str(values.text), ...(addresses.length ? { addresses } : {}) }] };
    }
    case 'solutionRemove':
      return { ok: true, commands: [{ type: 'removeSolution', ...workshop, solutionId: subject }] };
    default: {
      const never: never = form;
      throw new Error(`unhandled form ${String(never)}`);
    }
  }
}
