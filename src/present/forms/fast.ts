// Contributing fast: several stages, observations or solutions in one form, one per line, shown in a preview
// before anything is added; and every solution rated in one form. A preview is the same form, filled in as it
// was, with the list it will add above it: submitted as it is, it adds that list; changed, it previews again.
// Its subject is a digest of what it showed, signed with the form, so what is added is what was seen.
import { createHash } from 'node:crypto';
import type { CommandInput } from '../../core/commands.js';
import { isCustomerVoice } from '../../core/customer-voice.js';
import { LIMITS } from '../../core/limits.js';
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import { OBSERVATION_KINDS, PHASES, SCORE_MAX, SCORE_MIN, type Phase } from '../../core/vocabulary.js';
import type { ChoiceView, FieldView, FormValues, FormView, Line } from '../model.js';
import { rankedObservations, rankedSolutions } from '../steps.js';
import { words, type Words } from '../text.js';
import type { FormContext } from './context.js';
import { form, longText, MAX_CHOICES, select } from './fields.js';
import { ownerFields } from './owner.js';
import type { FormId } from './ids.js';
import { placeName, whereFields, wherePicked } from './where.js';

/** Items one submission adds at most: a list longer than this is better split, and stays a short transaction. */
export const BULK_MAX = 20;
/** Solutions the rate-them-all form lists (two fields each; a Slack modal holds 100 blocks). */
export const RATE_ALL_MAX = 40;
/** A multi-line field's length (Slack's plain text input holds 3000 characters). */
const LINES_MAX = 3000;

export const BULK_FORMS = { stages: 'stagesPreview', observations: 'observationsPreview', solutions: 'solutionsPreview' } as const satisfies Partial<Record<FormId, FormId>>;
export type BulkForm = keyof typeof BULK_FORMS;
export type PreviewForm = (typeof BULK_FORMS)[BulkForm];
const BULK_OF: Record<PreviewForm, BulkForm> = { stagesPreview: 'stages', observationsPreview: 'observations', solutionsPreview: 'solutions' };

export function isBulkForm(form: FormId): form is BulkForm {
  return form in BULK_FORMS;
}

export function isPreviewForm(form: FormId): form is PreviewForm {
  return form in BULK_OF;
}

const str = (v: FormValues[string]): string => (typeof v === 'string' ? v : '');
const list = (v: FormValues[string]): string[] => (Array.isArray(v) ? v : []);
const quote = (w: Words, text: string): string => w.p('format.quote', { text });
const keptText = (kept: FormValues | undefined, id: string): Partial<FieldView> => (str(kept?.[id]) ? { initial: str(kept?.[id]) } : {});

/** The items of a multi-line field: one per line, trimmed, list markers ("- ", "• ", "2. ") dropped, blank lines skipped. */
export function linesOf(value: FormValues[string]): string[] {
  return str(value).split(/\r?\n/).map((l) => l.trim().replace(/^(?:[-*•–]|\d{1,2}[.)])(?:\s+|$)/u, '').trim()).filter((l) => l !== '');
}

const stageField = (phase: Phase): string => `lines_${phase}`;

/** The stages a form lists, in order: before purchase, purchase, after purchase. */
function stageItems(values: FormValues): { label: string; phase: Phase; field: string; line: number }[] {
  return PHASES.flatMap((phase) => linesOf(values[stageField(phase)]).map((label, i) => ({ label, phase, field: stageField(phase), line: i + 1 })));
}

/** Each line of a bulk form, with the field it came from (where a problem with it is shown). */
function items(form: BulkForm, values: FormValues): { text: string; field: string; line: number; max: number }[] {
  if (form === 'stages') return stageItems(values).map((x) => ({ text: x.label, field: x.field, line: x.line, max: LIMITS.stageLabel }));
  const max = form === 'observations' ? LIMITS.observationText : LIMITS.solutionText;
  return linesOf(values.lines).map((text, i) => ({ text, field: 'lines', line: i + 1, max }));
}

const bulkOf = (form: BulkForm | PreviewForm): BulkForm => (isPreviewForm(form) ? BULK_OF[form] : form);
const firstField = (form: BulkForm): string => (form === 'stages' ? stageField(PHASES[0]) : 'lines');

/** What the engine cannot tell: no line, too many, a line too long (named by its number, so it is found). */
export function bulkProblem(form: BulkForm | PreviewForm, values: FormValues, w: Words): { field: string; message: string } | null {
  const bulk = bulkOf(form);
  const all = items(bulk, values);
  if (all.length === 0) return { field: firstField(bulk), message: w.p('forms.fast.noLine') };
  if (all.length > BULK_MAX) return { field: firstField(bulk), message: w.p('forms.fast.tooMany', { count: all.length, max: BULK_MAX }) };
  const long = all.find((x) => Array.from(x.text).length > x.max);
  if (long) return { field: long.field, message: w.p('forms.fast.tooLong', { line: long.line, max: long.max }) };
  if (bulk === 'observations' && !wherePicked(values)) return { field: 'stageId', message: w.p('forms.observation.whereRequired') };
  return null;
}

/** What a preview shows, as a digest: the fields that decide what is added, as they will be read. */
export function previewDigest(form: BulkForm | PreviewForm, values: FormValues): string {
  const bulk = bulkOf(form);
  const decided = bulk === 'stages'
    ? stageItems(values).map((x) => [x.phase, x.label])
    : bulk === 'observations'
      ? [str(values.kind), wherePicked(values), linesOf(values.lines)]
      : [[...list(values.addresses)].sort(), str(values.departmentId), linesOf(values.lines)];
  return createHash('sha256').update(JSON.stringify([bulk, decided])).digest('base64url').slice(0, 32);
}

/** The commands a confirmed preview stands for: one per line, applied together or not at all. */
export function bulkCommands(form: PreviewForm, workshopId: string, values: FormValues): CommandInput[] {
  const bulk = BULK_OF[form];
  if (bulk === 'stages') return stageItems(values).map((x) => ({ type: 'addStage', workshopId, label: x.label, phase: x.phase }));
  if (bulk === 'observations') {
    const where = wherePicked(values) ?? { stageId: '' };
    return linesOf(values.lines).map((text) => ({ type: 'addObservation', workshopId, kind: str(values.kind) as never, text, ...where }));
  }
  const departmentId = str(values.departmentId);
  return linesOf(values.lines).map((text) => ({ type: 'proposeSolution', workshopId, text, addresses: list(values.addresses), ...(departmentId ? { departmentId } : {}) }));
}

function stagesFields(w: Words, kept: FormValues | undefined): FieldView[] {
  return PHASES.map((phase, i) => longText(stageField(phase), w.p('forms.stages.phase', { phase: w.t(`phases.${phase}`) }), LINES_MAX, true, {
    ...(i === 0 ? { placeholder: w.p('forms.stages.placeholder') } : {}), hint: w.p('forms.fast.linesHint'), ...keptText(kept, stageField(phase)),
  }));
}

function observationsFields(s: WorkshopSnapshot, w: Words, kept: FormValues | undefined): FieldView[] {
  return [
    select('kind', w.t('fields.kind'), OBSERVATION_KINDS.map((k) => ({ value: k, label: w.p(`forms.observation.kinds.${k}`) })), false, keptText(kept, 'kind')),
    ...whereFields(s, w, kept),
    longText('lines', w.p('forms.observations.lines'), LINES_MAX, false, { placeholder: w.p('forms.observations.placeholder'), hint: w.p('forms.fast.linesHint'), ...keptText(kept, 'lines') }),
  ];
}

function observationChoices(s: WorkshopSnapshot, w: Words): ChoiceView[] {
  const ranked = rankedObservations(s);
  return ranked.filter((o) => o.kind !== 'enchantment').concat(ranked.filter((o) => o.kind === 'enchantment'))
    .slice(0, MAX_CHOICES).map((o) => ({ value: o.id, label: `${w.t(`kinds.${o.kind}`)} — ${o.text}` }));
}

function solutionsFields(s: WorkshopSnapshot, w: Words, kept: FormValues | undefined, viewer?: string): FieldView[] {
  const addresses = list(kept?.addresses);
  return [
    longText('lines', w.p('forms.solutions.lines'), LINES_MAX, false, { placeholder: w.p('forms.solutions.placeholder'), hint: w.p('forms.fast.linesHint'), ...keptText(kept, 'lines') }),
    { id: 'addresses', kind: 'multiSelect', label: w.t('fields.addresses'), optional: false, choices: observationChoices(s, w), ...(addresses.length ? { initial: addresses } : {}) },
    // Only for whoever may choose the owning department (ownership rules), with what they may choose.
    ...ownerFields(s, w, viewer, [null], keptText(kept, 'departmentId')),
  ];
}

export function stagesForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  return form(w, 'stages', s.workshop.id, stagesFields(w, ctx?.kept));
}

export function observationsForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  return form(w, 'observations', s.workshop.id, observationsFields(s, w, ctx?.kept));
}

export function solutionsForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  return form(w, 'solutions', s.workshop.id, solutionsFields(s, w, ctx?.kept, ctx?.viewer));
}

/** The list a preview will add, one line per item, with what is worth a second look (process wording). */
function previewLines(form: PreviewForm, s: WorkshopSnapshot, w: Words, values: FormValues): Line[] {
  const bulk = BULK_OF[form];
  const start = s.stages.length;
  if (bulk === 'stages') {
    const stages = stageItems(values);
    return [
      [{ strong: w.p('forms.stagesPreview.heading', { count: stages.length }) }],
      ...stages.map((x, i): Line => [`${start + i + 1}. `, x.label, ` — ${w.t(`phases.${x.phase}`)}`, isCustomerVoice(x.label) ? '' : ` ⚠ ${w.p('items.notCustomerVoice')}`]),
    ];
  }
  const lines = linesOf(values.lines);
  if (bulk === 'observations') {
    const where = wherePicked(values);
    const kind = w.t(`kinds.${str(values.kind) || 'irritant'}`);
    return [
      [{ strong: w.p('forms.observationsPreview.heading', { count: lines.length, place: where ? placeName(s, w, where.stageId, where.touchpointId) : '' }) }],
      ...lines.map((text): Line => [`• ${kind} — `, text]),
    ];
  }
  const addressed = list(values.addresses).map((id) => s.observations.find((o) => o.id === id)?.text).filter((t): t is string => t !== undefined);
  const department = s.departments.find((d) => d.id === str(values.departmentId))?.name;
  return [
    [{ strong: w.p('forms.solutionsPreview.heading', { count: lines.length }) }],
    ...lines.map((text): Line => ['• ', text]),
    [w.p('forms.solutionsPreview.addresses', { observations: addressed.map((t) => quote(w, t)).join(' · ') })],
    ...(department ? [[w.p('forms.solutionsPreview.department', { department })] as Line] : []),
  ];
}

function previewForm(id: PreviewForm, fields: (s: WorkshopSnapshot, w: Words, kept: FormValues | undefined, viewer?: string) => FieldView[]) {
  return (s: WorkshopSnapshot, ctx?: FormContext): FormView => {
    const w = words(s.workshop.language);
    const kept = ctx?.kept ?? {};
    const count = items(BULK_OF[id], kept).length;
    return form(w, id, s.workshop.id, fields(s, w, kept, ctx?.viewer), {
      subject: previewDigest(id, kept),
      submit: w.p(`forms.${id}.submit`, { count }),
      intro: [...previewLines(id, s, w, kept), [w.p('forms.fast.previewHint')]],
    });
  };
}

export const stagesPreviewForm = previewForm('stagesPreview', (_s, w, kept) => stagesFields(w, kept));
export const observationsPreviewForm = previewForm('observationsPreview', observationsFields);
export const solutionsPreviewForm = previewForm('solutionsPreview', solutionsFields);

function scoreChoices(w: Words, kind: 'impact' | 'effort'): ChoiceView[] {
  const out: ChoiceView[] = [];
  for (let n = SCORE_MIN; n <= SCORE_MAX; n += 1) out.push({ value: String(n), label: w.p(`forms.scores.${kind}`, { n }) });
  return out;
}

/** Every solution, in priority order, with its impact and effort: rate the ones you know, leave the others. */
export function rateSolutionsForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  const ranked = rankedSolutions(s);
  const shown = ranked.slice(0, RATE_ALL_MAX);
  const fields = shown.flatMap((x, i) => [
    select(`impact_${x.id}`, w.p('forms.rateSolutions.impact', { n: i + 1, solution: x.text }), scoreChoices(w, 'impact'), true),
    select(`effort_${x.id}`, w.p('forms.rateSolutions.effort', { n: i + 1 }), scoreChoices(w, 'effort'), true),
  ]);
  const intro: Line[] = [[w.p('forms.rateSolutions.intro')]];
  if (ranked.length > shown.length) intro.push([w.p('forms.rateSolutions.more', { count: ranked.length - shown.length })]);
  return form(w, 'rateSolutions', s.workshop.id, fields, { intro });
}

const int = (v: FormValues[string]): number | undefined => (typeof v === 'string' && /^\d$/.test(v) ? Number(v) : undefined);

/** The ratings given: a solution with both scores; one with only one of them is a problem on the missing one. */
export function rateSolutionsCommands(workshopId: string, values: FormValues, w: Words):
  { ok: true; commands: CommandInput[] } | { ok: false; field: string; message: string } {
  const commands: CommandInput[] = [];
  for (const field of Object.keys(values).filter((f) => f.startsWith('impact_'))) {
    const solutionId = field.slice('impact_'.length);
    const impact = int(values[field]);
    const effort = int(values[`effort_${solutionId}`]);
    if ((impact === undefined) !== (effort === undefined)) {
      return { ok: false, field: impact === undefined ? field : `effort_${solutionId}`, message: w.p('forms.solution.bothScores') };
    }
    if (impact !== undefined && effort !== undefined) commands.push({ type: 'rateSolution', workshopId, solutionId, impact, effort });
  }
  if (commands.length === 0) return { ok: false, field: Object.keys(values).find((f) => f.startsWith('impact_')) ?? 'form', message: w.p('forms.rateSolutions.none') };
  return { ok: true, commands };
}

/** The fast forms, for WORKSHOP_FORMS. */
export const FAST_FORMS = {
  stages: stagesForm, stagesPreview: stagesPreviewForm, observations: observationsForm, observationsPreview: observationsPreviewForm,
  solutions: solutionsForm, solutionsPreview: solutionsPreviewForm, rateSolutions: rateSolutionsForm,
} satisfies Partial<Record<FormId, (s: WorkshopSnapshot, ctx?: FormContext) => FormView>>;
