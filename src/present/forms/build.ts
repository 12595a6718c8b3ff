// Every form a workshop offers, as platform-neutral fields. Field ids are the engine's field paths
// (persona.name → persona_name) so a refusal naming a field lands on that field.
import { LIMITS } from '../../core/limits.js';
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import {
  BASES, EMOTION_MAX, EMOTION_MIN, JOURNEYS, LANGUAGES, MODES, OBSERVATION_KINDS, PHASES, SCORE_MAX, SCORE_MIN, STEPS,
  type Language,
} from '../../core/vocabulary.js';
import type { ChoiceView, FieldView, FormView } from '../model.js';
import { rankedObservations, rankedSolutions } from '../steps.js';
import { words, type Words } from '../text.js';
import { departmentChoices, form, longText, MAX_CHOICES, select, stageChoices, text, vocabulary } from './fields.js';
import { EDIT_FORMS, type FormContext } from './edit.js';
import { ownerFields } from './owner.js';
import { FIXING_FORMS } from './fixing.js';
import { againField } from './again.js';
import { FAST_FORMS } from './fast.js';
import { cellUseForm } from './cells.js';
import { whereFields } from './where.js';
import { TIMING_FORMS } from './timing.js';
import { storyForm } from './story.js';
import type { FormId } from './ids.js';

export { MAX_CHOICES };

/** Department rows in the framing form; more can be added during framing. */
export const FRAMING_DEPARTMENTS = 5;
/** Steps that may get a deadline when framing (framing itself is under way). */
export const DEADLINE_STEPS = STEPS.filter((s) => s !== 'framing');
const MAX_CHANNEL_VALUE = 75;

function scoreChoices(w: Words, kind: 'impact' | 'effort'): ChoiceView[] {
  const out: ChoiceView[] = [];
  for (let n = SCORE_MIN; n <= SCORE_MAX; n += 1) out.push({ value: String(n), label: w.p(`forms.scores.${kind}`, { n }) });
  return out;
}

/** The framing form (no workshop yet): its language is the one the facilitator asked for. */
export function framingForm(language: Language): FormView {
  const w = words(language);
  const f = (k: string) => w.p(`forms.framing.${k}`);
  const fields: FieldView[] = [
    text('title', w.t('fields.title'), LIMITS.title, false, { placeholder: f('titlePlaceholder') }),
    select('language', w.t('fields.language'), LANGUAGES.map((l) => ({ value: l, label: w.p(`languages.${l}`) })), false, { initial: language }),
    select('mode', w.t('fields.mode'), vocabulary(w, MODES, 'modes'), false, { initial: 'async' }),
    select('journey', w.t('fields.journey'), vocabulary(w, JOURNEYS, 'journeys'), false, { initial: 'current' }),
    select('basis', w.t('fields.basis'), vocabulary(w, BASES, 'bases'), false, { initial: 'staff', hint: f('basisHint') }),
    text('persona_name', w.t('fields.persona_name'), LIMITS.personaName, true, { placeholder: f('personaPlaceholder') }),
    longText('goal', w.t('fields.goal'), LIMITS.goal, true, { placeholder: f('goalPlaceholder') }),
  ];
  for (let i = 0; i < FRAMING_DEPARTMENTS; i += 1) {
    fields.push(text(`department_${i}`, w.p('forms.framing.department', { n: i + 1 }), LIMITS.departmentName, i > 0, i === 0 ? { placeholder: f('departmentPlaceholder') } : {}));
    fields.push({ id: `head_${i}`, kind: 'user', label: w.p('forms.framing.head', { n: i + 1 }), optional: true });
  }
  fields.push({ id: 'voteBudget', kind: 'number', label: w.t('fields.voteBudget'), optional: false, min: 1, max: LIMITS.voteBudget, initial: '3', hint: f('voteBudgetHint') });
  for (const step of DEADLINE_STEPS) {
    fields.push({ id: `deadline_${step}`, kind: 'date', label: w.p('forms.framing.deadline', { step: w.t(`steps.${step}`) }), optional: true });
  }
  return form(w, 'framing', null, fields);
}

export function departmentForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  return form(w, 'department', s.workshop.id, [
    text('name', w.t('fields.name'), LIMITS.departmentName),
    { id: 'headUserId', kind: 'user', label: w.t('fields.headUserId'), optional: true },
  ]);
}

export function joinForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  return form(w, 'join', s.workshop.id, [
    select('departmentId', w.t('fields.departmentId'), departmentChoices(s), true),
  ]);
}

export function personaForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  const p = s.persona;
  const init = (v: string | undefined): Partial<FieldView> => (v ? { initial: v } : {});
  return form(w, 'persona', s.workshop.id, [
    text('persona_name', w.t('fields.persona_name'), LIMITS.personaName, false, init(p?.name)),
    text('persona_segment', w.t('fields.persona_segment'), LIMITS.personaField, true, init(p?.segment)),
    longText('persona_context', w.t('fields.persona_context'), LIMITS.personaField, true, init(p?.context)),
    longText('persona_needs', w.t('fields.persona_needs'), LIMITS.personaField, true, init(p?.needs)),
    text('persona_channelHabits', w.t('fields.persona_channelHabits'), LIMITS.personaField, true, init(p?.channelHabits)),
    text('persona_expertise', w.t('fields.persona_expertise'), LIMITS.personaField, true, init(p?.expertise)),
    text('persona_quote', w.t('fields.persona_quote'), LIMITS.quote, true, init(p?.quote)),
    longText('goal', w.t('fields.goal'), LIMITS.goal, false, init(s.goal ?? undefined)),
  ]);
}

/** A kept value (the form came back to add another) as a field's initial value. */
const kept = (ctx: FormContext | undefined, id: string): Partial<FieldView> => {
  const v = ctx?.kept?.[id];
  return typeof v === 'string' && v !== '' ? { initial: v } : Array.isArray(v) && v.length ? { initial: v } : {};
};

export function stageForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  return form(w, 'stage', s.workshop.id, [
    text('label', w.t('fields.label'), LIMITS.stageLabel, false, { placeholder: w.p('forms.stage.placeholder'), hint: w.p('forms.stage.hint') }),
    select('phase', w.t('fields.phase'), vocabulary(w, PHASES, 'phases'), false, kept(ctx, 'phase')),
    againField('stage', w, ctx?.kept),
  ]);
}

/** The common channels of METHOD.md, in the workshop's language, then the workshop's own. */
export function channelChoices(s: WorkshopSnapshot, w: Words): ChoiceView[] {
  const known = s.channels.map((c) => c.name);
  const common = (w.p('channels', { returnObjects: true }) as unknown as string[]);
  const names = [...known];
  for (const name of Array.isArray(common) ? common : []) {
    if (!names.some((n) => n.toLocaleLowerCase() === name.toLocaleLowerCase())) names.push(name);
  }
  // The name is the choice's value, so it must fit a platform's option value (Slack: 75); the engine keeps
  // channel names to 60 characters, so this only drops names that could not have been stored.
  return names.filter((name) => name.length <= MAX_CHANNEL_VALUE).slice(0, MAX_CHOICES).map((name) => ({ value: name, label: name }));
}

export function touchpointForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  return form(w, 'touchpoint', s.workshop.id, [
    select('stageId', w.t('fields.stageId'), stageChoices(s), false, kept(ctx, 'stageId')),
    select('channel', w.t('fields.channel'), channelChoices(s, w), true, kept(ctx, 'channel')),
    text('otherChannel', w.p('forms.touchpoint.otherChannel'), LIMITS.channelName, true, { hint: w.p('forms.touchpoint.otherHint') }),
    longText('description', w.t('fields.description'), LIMITS.touchpointDescription, true),
    againField('touchpoint', w, ctx?.kept),
  ]);
}

/**
 * A stage's touchpoints on several channels at once (a row of the matrix in one form): channels picked in the
 * list, others typed one per line. What happens there can be said later, touchpoint by touchpoint.
 */
export function touchpointsForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  return form(w, 'touchpoints', s.workshop.id, [
    select('stageId', w.t('fields.stageId'), stageChoices(s), false, kept(ctx, 'stageId')),
    { id: 'channels', kind: 'multiSelect', label: w.p('forms.touchpoints.channels'), optional: true, choices: channelChoices(s, w) },
    longText('otherChannels', w.p('forms.touchpoints.otherChannels'), 3000, true, { hint: w.p('forms.touchpoints.otherHint') }),
  ]);
}

/** Where it goes is a stage, then one of its touchpoints (where.ts). */
export function observationForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  return form(w, 'observation', s.workshop.id, [
    select('kind', w.t('fields.kind'), OBSERVATION_KINDS.map((k) => ({ value: k, label: w.p(`forms.observation.kinds.${k}`) })), false, kept(ctx, 'kind')),
    ...whereFields(s, w, ctx?.kept),
    longText('text', w.t('fields.text'), LIMITS.observationText, false, kept(ctx, 'text')),
    { id: 'momentOfTruth', kind: 'checkbox', label: w.t('fields.momentOfTruth'), optional: true, hint: w.p('forms.observation.momentHint'), initial: ctx?.kept?.momentOfTruth === true },
    againField('observation', w, ctx?.kept),
  ]);
}

export function emotionsForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  const choices: ChoiceView[] = [];
  for (let n = EMOTION_MAX; n >= EMOTION_MIN; n -= 1) choices.push({ value: String(n), label: w.p(`forms.emotions.scale.${n + 2}`) });
  return form(w, 'emotions', s.workshop.id, s.stages.map((stage) => select(`stage_${stage.id}`, `${stage.position + 1}. ${stage.label}`, choices, true)));
}

function observationChoices(s: WorkshopSnapshot, w: Words): ChoiceView[] {
  return rankedObservations(s).filter((o) => o.kind !== 'enchantment').concat(rankedObservations(s).filter((o) => o.kind === 'enchantment'))
    .slice(0, MAX_CHOICES).map((o) => ({ value: o.id, label: `${w.t(`kinds.${o.kind}`)} — ${o.text}` }));
}

export function solutionForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  return form(w, 'solution', s.workshop.id, [
    longText('text', w.t('fields.text'), LIMITS.solutionText),
    { id: 'addresses', kind: 'multiSelect', label: w.t('fields.addresses'), optional: false, choices: observationChoices(s, w), ...kept(ctx, 'addresses') },
    // Only for whoever may choose the owning department (ownership rules), with what they may choose.
    ...ownerFields(s, w, ctx?.viewer, [null], kept(ctx, 'departmentId')),
    select('impact', w.t('fields.impact'), scoreChoices(w, 'impact'), true),
    select('effort', w.t('fields.effort'), scoreChoices(w, 'effort'), true),
    againField('solution', w, ctx?.kept),
  ]);
}

export function rateSolutionForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const listed = rankedSolutions(s).slice(0, MAX_CHOICES);
  return form(w, 'rateSolution', s.workshop.id, [
    select('solutionId', w.t('fields.solutionId'), listed.map((x) => ({ value: x.id, label: x.text }))),
    select('impact', w.t('fields.impact'), scoreChoices(w, 'impact')),
    select('effort', w.t('fields.effort'), scoreChoices(w, 'effort')),
    // Choosing the owning department is not every rater's to do: offered only to who may, for some solution listed.
    ...ownerFields(s, w, ctx?.viewer, listed.map((x) => x.departmentId)),
  ]);
}

/** Exhaustive over the forms that belong to a workshop (framing comes before one exists). */
export const WORKSHOP_FORMS: Record<Exclude<FormId, 'framing'>, (s: WorkshopSnapshot, ctx?: FormContext) => FormView> = {
  department: departmentForm, join: joinForm, persona: personaForm, stage: stageForm, touchpoint: touchpointForm,
  observation: observationForm, emotions: emotionsForm, solution: solutionForm, rateSolution: rateSolutionForm,
  touchpoints: touchpointsForm,
  ...FAST_FORMS,
  ...EDIT_FORMS,
  ...FIXING_FORMS,
  cellUse: cellUseForm,
  ...TIMING_FORMS,
  story: storyForm,
};

export type { FormContext };
