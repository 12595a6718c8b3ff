// Editing what a workshop holds, and the facilitator's settings after framing, as platform-neutral forms.
// A stage is edited in two forms: stageEdit picks the stage and what to do with it, then a form about that
// stage alone (its subject) opens prefilled — fixing a typo is changing one letter, not retyping the stage.
// A department is edited the same way: departmentEdit picks it, then departmentChange (its name and head,
// prefilled) or departmentRemove (a confirmation that says what goes with it).
import { refuse } from '../../core/errors.js';
import { LIMITS } from '../../core/limits.js';
import type { Queries } from '../../core/queries.js';
import type { DepartmentView, StageView, WorkshopSnapshot } from '../../core/snapshot.js';
import { BASES, LANGUAGES, MODES, PHASES, STEPS } from '../../core/vocabulary.js';
import type { ChoiceGroupView, FieldView, FormView, Line } from '../model.js';
import { rankedObservations } from '../steps.js';
import { stepName, utcFallback, words, type Words } from '../text.js';
import { departmentChoices, form, longText, MAX_CHOICES, select, stageChoices, text, vocabulary } from './fields.js';
import type { FormId } from './ids.js';
import type { FormContext, OtherJourney } from './context.js';

/** What can be done to a stage, and the form that does it. */
export const STAGE_OPS = ['rename', 'move', 'remove'] as const;
export type StageOp = (typeof STAGE_OPS)[number];
export const STAGE_OP_FORMS = { rename: 'stageRename', move: 'stageMove', remove: 'stageRemove' } as const satisfies Record<StageOp, FormId>;

/** What can be done to a department, and the form that does it. */
export const DEPARTMENT_OPS = ['change', 'remove'] as const;
export type DepartmentOp = (typeof DEPARTMENT_OPS)[number];
export const DEPARTMENT_OP_FORMS = { change: 'departmentChange', remove: 'departmentRemove' } as const satisfies Record<DepartmentOp, FormId>;

export type { FormContext, OtherJourney };

/** Other journeys offered when linking a key moment (the workshop's own current / target first). */
export const OTHER_JOURNEYS = 10;

export async function loadOtherJourneys(queries: Queries, workspaceId: string, s: WorkshopSnapshot): Promise<OtherJourney[]> {
  const related = (w: { id: string; sourceWorkshopId: string | null }): number =>
    Number(w.id === s.workshop.sourceWorkshopId || w.sourceWorkshopId === s.workshop.id);
  const others = (await queries.listWorkshops(workspaceId)).map((i) => i.workshop).filter((w) => w.id !== s.workshop.id)
    .sort((a, b) => related(b) - related(a) || b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, OTHER_JOURNEYS);
  const out: OtherJourney[] = [];
  for (const w of others) {
    const other = await queries.snapshot(workspaceId, w.id);
    if (other.stages.length === 0) continue;
    out.push({ workshopId: w.id, title: w.title, journey: w.journey, stages: other.stages.map(({ id, label, position }) => ({ id, label, position })) });
  }
  return out;
}

const quote = (w: Words, text: string): string => w.p('format.quote', { text });

/** The stage a subject form is about; refused when it is gone (removed by someone else meanwhile). */
function subjectStage(s: WorkshopSnapshot, ctx: FormContext | undefined): StageView {
  const stage = s.stages.find((x) => x.id === ctx?.subject);
  if (!stage) refuse('errors.stageNotFound');
  return stage;
}

export function stageEditForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  return form(w, 'stageEdit', s.workshop.id, [
    select('stageId', w.t('fields.stageId'), stageChoices(s)),
    select('op', w.p('forms.stageEdit.op'), STAGE_OPS.map((op) => ({ value: op, label: w.p(`forms.stageEdit.ops.${op}`) })), false, { initial: 'rename' }),
  ]);
}

export function stageRenameForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const stage = subjectStage(s, ctx);
  return form(w, 'stageRename', s.workshop.id, [
    text('label', w.t('fields.label'), LIMITS.stageLabel, false, { initial: stage.label, hint: w.p('forms.stage.hint') }),
    select('phase', w.t('fields.phase'), vocabulary(w, PHASES, 'phases'), false, { initial: stage.phase }),
  ], { subject: stage.id, intro: [[w.p('forms.stageRename.intro', { stage: quote(w, stage.label) })]] });
}

export function stageMoveForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const stage = subjectStage(s, ctx);
  const here = s.stages.findIndex((x) => x.id === stage.id);
  const choices = s.stages.slice(0, MAX_CHOICES).map((x, i) => ({
    value: String(i),
    label: i === here ? w.p('forms.stageMove.here', { n: i + 1 }) : w.p('forms.stageMove.instead', { n: i + 1, stage: quote(w, x.label) }),
  }));
  return form(w, 'stageMove', s.workshop.id, [
    select('position', w.t('fields.position'), choices, false, { initial: String(here) }),
  ], { subject: stage.id, intro: [[w.p('forms.stageMove.intro', { stage: quote(w, stage.label) })]] });
}

export function stageRemoveForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const stage = subjectStage(s, ctx);
  const touchpoints = s.touchpoints.filter((t) => t.stageId === stage.id).length;
  const observations = s.observations.filter((o) => o.stageId === stage.id).length;
  const ratings = s.emotion.find((e) => e.stageId === stage.id)?.count ?? 0;
  const intro: Line[] = [
    [w.p('forms.stageRemove.intro', { stage: quote(w, stage.label) })],
    [touchpoints + observations + ratings > 0 ? w.p('forms.stageRemove.contributions', { touchpoints: w.p('counts.touchpoints', { count: touchpoints }), observations: w.p('counts.observations', { count: observations }), ratings: w.p('counts.ratings', { count: ratings }) }) : w.p('forms.stageRemove.empty')],
  ];
  return form(w, 'stageRemove', s.workshop.id, [], { subject: stage.id, intro });
}

/** Up to MAX_CHOICES choices in all, grouped by stage. */
function byStage<T>(s: WorkshopSnapshot, items: T[], stageOf: (item: T) => string, choice: (item: T) => { value: string; label: string }): ChoiceGroupView[] {
  let room = MAX_CHOICES;
  const groups: ChoiceGroupView[] = [];
  for (const stage of s.stages) {
    const here = items.filter((item) => stageOf(item) === stage.id).slice(0, room);
    if (here.length === 0) continue;
    room -= here.length;
    groups.push({ label: `${stage.position + 1}. ${stage.label}`, choices: here.map(choice) });
  }
  return groups;
}

export function touchpointRemoveForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  const channelName = new Map(s.channels.map((c) => [c.id, c.name]));
  const groups = byStage(s, s.touchpoints, (t) => t.stageId, (t) => {
    const count = s.observations.filter((o) => o.touchpointId === t.id).length;
    const label = [channelName.get(t.channelId) ?? '', count ? ` (${w.p('forms.touchpointRemove.observations', { count })})` : '', t.description ? ` — ${t.description}` : ''].join('');
    return { value: t.id, label };
  });
  return form(w, 'touchpointRemove', s.workshop.id, [
    { id: 'touchpointId', kind: 'select', label: w.t('fields.touchpointId'), optional: false, groups },
  ]);
}

export function momentOfTruthForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  const groups = byStage(s, rankedObservations(s), (o) => o.stageId, (o) => ({
    value: o.id, label: `${o.momentOfTruth ? '★ ' : ''}${w.t(`kinds.${o.kind}`)} — ${o.text}`,
  }));
  return form(w, 'momentOfTruth', s.workshop.id, [
    { id: 'observationId', kind: 'select', label: w.t('fields.observationId'), optional: false, groups, hint: w.p('forms.momentOfTruth.hint') },
    select('value', w.t('fields.momentOfTruth'), [
      { value: 'yes', label: w.p('forms.momentOfTruth.flag') },
      { value: 'no', label: w.p('forms.momentOfTruth.unflag') },
    ], false, { initial: 'yes' }),
  ]);
}

export function framingEditForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  const wk = s.workshop;
  const fields: FieldView[] = [
    text('title', w.t('fields.title'), LIMITS.title, false, { initial: wk.title }),
    longText('scope', w.t('fields.scope'), LIMITS.scope, true, wk.scope ? { initial: wk.scope } : {}),
    // Each language is named in itself, so a facilitator who reads only one still finds it.
    select('language', w.t('fields.language'), LANGUAGES.map((l) => ({ value: l, label: w.p(`languages.${l}`) })), false, { initial: wk.language, hint: w.p('forms.framingEdit.languageHint') }),
    select('mode', w.t('fields.mode'), vocabulary(w, MODES, 'modes'), false, { initial: wk.mode }),
    select('basis', w.t('fields.basis'), vocabulary(w, BASES, 'bases'), false, { initial: wk.basis, hint: w.p('forms.framing.basisHint') }),
    { id: 'voteBudget', kind: 'number', label: w.t('fields.voteBudget'), optional: false, min: 1, max: LIMITS.voteBudget, initial: String(wk.voteBudget), hint: w.p('forms.framing.voteBudgetHint') },
    { id: 'voteCap', kind: 'number', label: w.t('fields.voteCap'), optional: false, min: 1, max: LIMITS.voteCap, initial: String(wk.voteCap), hint: w.p('forms.framingEdit.voteCapHint') },
    { id: 'votesLive', kind: 'checkbox', label: w.p('votes.liveLabel'), optional: true, initial: wk.votesLive, hint: w.p('votes.liveHint') },
  ];
  const intro: Line[] = [[w.p('forms.framingEdit.intro')]];
  // Anonymity changes only while framing, before anyone has written believing otherwise.
  if (wk.step === 'framing') {
    fields.push({ id: 'anonymous', kind: 'checkbox', label: w.t('fields.anonymous'), optional: true, initial: wk.anonymous, hint: w.p('forms.framingEdit.anonymousHint') });
  } else {
    intro.push([w.p(wk.anonymous ? 'forms.framingEdit.anonymousOn' : 'forms.framingEdit.anonymousOff')]);
  }
  return form(w, 'framingEdit', wk.id, fields, { intro });
}

export function deadlineForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  const intro: Line[] = [[w.p('forms.deadline.intro')]];
  if (s.workshop.deadlines.length === 0) intro.push([w.p('forms.deadline.none')]);
  for (const d of s.workshop.deadlines) intro.push([{ strong: stepName(w, d.step) }, ' — ', { date: d.dueAt, fallback: utcFallback(d.dueAt) }]);
  return form(w, 'deadline', s.workshop.id, [
    select('step', w.t('fields.step'), STEPS.map((step) => ({ value: step, label: stepName(w, step) })), false, { initial: s.workshop.step }),
    { id: 'dueAt', kind: 'date', label: w.t('fields.dueAt'), optional: true, hint: w.p('forms.deadline.clearHint') },
  ], { intro });
}

export function targetJourneyForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  const title = Array.from(w.p('forms.targetJourney.defaultTitle', { title: s.workshop.title })).slice(0, LIMITS.title).join('');
  return form(w, 'targetJourney', s.workshop.id, [
    text('title', w.t('fields.title'), LIMITS.title, false, { initial: title }),
  ], { intro: [[w.p('forms.targetJourney.intro', { stages: w.p('counts.stages', { count: s.stages.length }), touchpoints: w.p('counts.touchpoints', { count: s.touchpoints.length }) })]] });
}

export function keyMomentForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  let room = MAX_CHOICES;
  const groups: ChoiceGroupView[] = [];
  for (const j of ctx?.journeys ?? []) {
    const choices = j.stages.slice(0, room).map((x) => ({ value: x.id, label: `${x.position + 1}. ${x.label}` }));
    room -= choices.length;
    if (choices.length) groups.push({ label: `${w.t(`journeys.${j.journey}`)} — ${j.title}`, choices });
  }
  return form(w, 'keyMoment', s.workshop.id, [
    select('stageId', w.t('fields.stageId'), stageChoices(s)),
    { id: 'otherStageId', kind: 'select', label: w.p('forms.keyMoment.other'), optional: false, groups },
    text('label', w.p('forms.keyMoment.label'), LIMITS.keyMomentLabel, true, { placeholder: w.p('forms.keyMoment.placeholder') }),
  ]);
}

/** The department a subject form is about; refused when it is gone (removed meanwhile). */
function subjectDepartment(s: WorkshopSnapshot, ctx: FormContext | undefined): DepartmentView {
  const department = s.departments.find((d) => d.id === ctx?.subject);
  if (!department) refuse('errors.departmentNotFound');
  return department;
}

export function departmentEditForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  return form(w, 'departmentEdit', s.workshop.id, [
    select('departmentId', w.t('fields.departmentId'), departmentChoices(s)),
    select('op', w.p('forms.departmentEdit.op'), DEPARTMENT_OPS.map((op) => ({ value: op, label: w.p(`forms.departmentEdit.ops.${op}`) })), false, { initial: 'change' }),
  ]);
}

export function departmentChangeForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const department = subjectDepartment(s, ctx);
  const fields: FieldView[] = [
    text('name', w.t('fields.name'), LIMITS.departmentName, false, { initial: department.name }),
    { id: 'headUserId', kind: 'user', label: w.t('fields.headUserId'), optional: true, hint: w.p('forms.departmentChange.headHint'), ...(department.headUserId ? { initial: department.headUserId } : {}) },
  ];
  // A picked person cannot be unpicked in every client: naming no head is a box of its own.
  if (department.headUserId) fields.push({ id: 'noHead', kind: 'checkbox', label: w.p('forms.departmentChange.noHead'), optional: true, hint: w.p('forms.departmentChange.noHeadHint') });
  return form(w, 'departmentChange', s.workshop.id, fields, {
    subject: department.id, intro: [[w.p('forms.departmentChange.intro', { department: quote(w, department.name) })]],
  });
}

export function departmentRemoveForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const department = subjectDepartment(s, ctx);
  const solutions = s.solutions.filter((x) => x.departmentId === department.id).length;
  const members = s.participants.filter((p) => p.departmentId === department.id).length;
  const intro: Line[] = [[w.p('forms.departmentRemove.intro', { department: quote(w, department.name) })]];
  // The engine refuses to remove a department that owns solutions; say so before, and why, rather than only after.
  if (solutions) intro.push([w.p('forms.departmentRemove.solutions', { count: solutions })]);
  if (members) intro.push([w.p('forms.departmentRemove.members', { count: members })]);
  if (department.headUserId) intro.push([w.p('forms.departmentRemove.head'), { user: department.headUserId }]);
  if (!solutions && !members) intro.push([w.p('forms.departmentRemove.empty')]);
  return form(w, 'departmentRemove', s.workshop.id, [], { subject: department.id, intro });
}

/** Deleting the workshop: says what goes, and that it cannot be undone; the form has no field, submitting confirms. */
export function workshopDeleteForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  // Every vote, tallies secret or not (per-item counts are 0 until revealed).
  const votes = s.votesCast;
  const intro: Line[] = [
    [w.p('forms.workshopDelete.intro', { title: quote(w, s.workshop.title) })],
    [w.p('forms.workshopDelete.content', { stages: s.stages.length, touchpoints: s.touchpoints.length, observations: s.observations.length, votes, solutions: s.solutions.length, participants: s.participants.length })],
    [w.p('forms.workshopDelete.platform')],
    [w.p('forms.workshopDelete.kept')],
    [{ strong: w.p('forms.workshopDelete.final') }],
  ];
  return form(w, 'workshopDelete', s.workshop.id, [], { intro });
}

/** The editing and settings forms, for WORKSHOP_FORMS. */
export const EDIT_FORMS = {
  stageEdit: stageEditForm, stageRename: stageRenameForm, stageMove: stageMoveForm, stageRemove: stageRemoveForm,
  touchpointRemove: touchpointRemoveForm, momentOfTruth: momentOfTruthForm,
  framingEdit: framingEditForm, deadline: deadlineForm, targetJourney: targetJourneyForm, keyMoment: keyMomentForm,
  departmentEdit: departmentEditForm, departmentChange: departmentChangeForm, departmentRemove: departmentRemoveForm,
  workshopDelete: workshopDeleteForm,
} satisfies Partial<Record<FormId, (s: WorkshopSnapshot, ctx?: FormContext) => FormView>>;
