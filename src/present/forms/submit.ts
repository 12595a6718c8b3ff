// A submitted form → the engine commands it stands for. Only what the engine cannot know is checked here
// (a channel picked *or* typed, a head without a department name, a head picked *and* "no head" ticked);
// every other rule is the engine's, and its refusal comes back on the field it names (see refusalOnField).
import type { CommandInput } from '../../core/commands.js';
import type { Refusal } from '../../i18n/refusal.js';
import { localizeRefusal } from '../../i18n/refusal.js';
import type { Language, Step } from '../../core/vocabulary.js';
import type { FormValues } from '../model.js';
import { words } from '../text.js';
import { DEADLINE_STEPS, FRAMING_DEPARTMENTS } from './build.js';
import { DEPARTMENT_OP_FORMS, DEPARTMENT_OPS, STAGE_OP_FORMS, STAGE_OPS, type DepartmentOp, type StageOp } from './edit.js';
import { BULK_FORMS, BULK_MAX, bulkCommands, bulkProblem, linesOf, previewDigest, rateSolutionsCommands } from './fast.js';
import { wherePicked } from './where.js';
import { cellUseCommands } from './cells.js';
import { fixingCommands } from './fixing.js';
import { timingCommands } from './timing.js';
import { storyCommands } from './story.js';
import type { FormId, SubjectFormId } from './ids.js';

export type Submission =
  | { ok: true; commands: CommandInput[] }
  /** No command yet: the next form, about `subject` (a stage picked, then what to do with it). */
  | { ok: true; next: { form: SubjectFormId; subject: string } }
  | { ok: false; errors: Record<string, string> };

const str = (v: FormValues[string]): string => (typeof v === 'string' ? v : '');
const opt = (v: FormValues[string]): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (v: FormValues[string]): string[] => (Array.isArray(v) ? v : []);
const int = (v: FormValues[string]): number | undefined => {
  const n = typeof v === 'string' && /^-?\d{1,4}$/.test(v.trim()) ? Number(v.trim()) : undefined;
  return n;
};

function fail(field: string, message: string): Submission {
  return { ok: false, errors: { [field]: message } };
}

export function framingCommands(values: FormValues, facilitatorName: string): Submission {
  const language = str(values.language) === 'fr' ? 'fr' : 'en';
  const w = words(language);
  const departments: { name: string; headUserId: string | null }[] = [];
  for (let i = 0; i < FRAMING_DEPARTMENTS; i += 1) {
    const name = opt(values[`department_${i}`]);
    const head = opt(values[`head_${i}`]) ?? null;
    if (!name && head) return fail(`department_${i}`, w.p('forms.framing.headWithoutName'));
    if (name) departments.push({ name, headUserId: head });
  }
  const voteBudget = int(values.voteBudget);
  if (voteBudget === undefined) return fail('voteBudget', w.p('forms.notANumber'));
  const deadlines = DEADLINE_STEPS.flatMap((step: Step) => {
    const due = opt(values[`deadline_${step}`]);
    return due ? [{ step, dueAt: due }] : [];
  });
  const personaName = opt(values.persona_name);
  return {
    ok: true,
    commands: [{
      type: 'createWorkshop', title: str(values.title), language, mode: str(values.mode) as never, journey: str(values.journey) as never,
      basis: str(values.basis) as never, voteBudget, departments, deadlines, facilitatorName,
      ...(personaName ? { persona: { name: personaName } } : {}),
      ...(opt(values.goal) ? { goal: str(values.goal) } : {}),
    }],
  };
}

/**
 * The commands of a form that belongs to a workshop. `subject` is the item a subject form is about (a stage,
 * a department), from the form's signed state — never from what was typed.
 */
export function workshopCommands(form: Exclude<FormId, 'framing'>, workshopId: string, values: FormValues, language: Language, subject?: string): Submission {
  const w = words(language);
  const workshop = { workshopId };
  const stageId = subject ?? '';
  const departmentId = subject ?? '';
  switch (form) {
    case 'department':
      return { ok: true, commands: [{ type: 'addDepartment', ...workshop, name: str(values.name), headUserId: opt(values.headUserId) ?? null }] };
    case 'join':
      return { ok: true, commands: [{ type: 'join', ...workshop, departmentId: opt(values.departmentId) ?? null }] };
    case 'persona':
      return {
        ok: true,
        commands: [
          {
            type: 'setPersona', ...workshop,
            persona: {
              name: str(values.persona_name), segment: str(values.persona_segment), context: str(values.persona_context), needs: str(values.persona_needs),
              channelHabits: str(values.persona_channelHabits), expertise: str(values.persona_expertise), quote: str(values.persona_quote),
            },
          },
          { type: 'setGoal', ...workshop, text: str(values.goal) },
        ],
      };
    case 'stage':
      return { ok: true, commands: [{ type: 'addStage', ...workshop, label: str(values.label), phase: str(values.phase) as never }] };
    case 'touchpoint': {
      const channel = opt(values.otherChannel) ?? opt(values.channel);
      if (!channel) return fail('channel', w.p('forms.touchpoint.channelRequired'));
      return { ok: true, commands: [{ type: 'addTouchpoint', ...workshop, stageId: str(values.stageId), channel, description: str(values.description) }] };
    }
    case 'observation': {
      const where = wherePicked(values);
      if (!where) return fail('stageId', w.p('forms.observation.whereRequired'));
      return {
        ok: true,
        commands: [{ type: 'addObservation', ...workshop, kind: str(values.kind) as never, text: str(values.text), momentOfTruth: values.momentOfTruth === true, ...where }],
      };
    }
    // Several at once: a list is previewed first; the preview adds it when submitted unchanged, else shows the new one.
    case 'stages': case 'observations': case 'solutions': {
      const problem = bulkProblem(form, values, w);
      if (problem) return fail(problem.field, problem.message);
      return { ok: true, next: { form: BULK_FORMS[form], subject: previewDigest(form, values) } };
    }
    case 'stagesPreview': case 'observationsPreview': case 'solutionsPreview': {
      const problem = bulkProblem(form, values, w);
      if (problem) return fail(problem.field, problem.message);
      const digest = previewDigest(form, values);
      if (digest !== subject) return { ok: true, next: { form, subject: digest } };
      return { ok: true, commands: bulkCommands(form, workshopId, values) };
    }
    case 'touchpoints': {
      // Channels picked and typed, each once (a typed one that is also picked, or typed twice, is one touchpoint).
      const channels: string[] = [];
      for (const name of [...list(values.channels), ...linesOf(values.otherChannels)]) {
        if (!channels.some((c) => c.toLocaleLowerCase() === name.toLocaleLowerCase())) channels.push(name);
      }
      if (channels.length === 0) return fail('channels', w.p('forms.touchpoint.channelRequired'));
      if (channels.length > BULK_MAX) return fail('channels', w.p('forms.fast.tooMany', { count: channels.length, max: BULK_MAX }));
      return { ok: true, commands: channels.map((channel) => ({ type: 'addTouchpoint', ...workshop, stageId: str(values.stageId), channel, description: '' })) };
    }
    case 'rateSolutions': {
      const rated = rateSolutionsCommands(workshopId, values, w);
      return rated.ok ? rated : fail(rated.field, rated.message);
    }
    case 'emotions': {
      const commands: CommandInput[] = [];
      for (const [field, value] of Object.entries(values)) {
        const score = int(value);
        if (!field.startsWith('stage_') || score === undefined) continue;
        commands.push({ type: 'rateEmotion', ...workshop, stageId: field.slice('stage_'.length), score });
      }
      if (commands.length === 0) return fail(Object.keys(values)[0] ?? 'stage', w.p('forms.emotions.none'));
      return { ok: true, commands };
    }
    case 'solution': {
      const impact = int(values.impact);
      const effort = int(values.effort);
      if ((impact === undefined) !== (effort === undefined)) return fail(impact === undefined ? 'impact' : 'effort', w.p('forms.solution.bothScores'));
      const departmentId = opt(values.departmentId);
      return {
        ok: true,
        commands: [{ type: 'proposeSolution', ...workshop, text: str(values.text), addresses: list(values.addresses), ...(departmentId ? { departmentId } : {}) }],
        // The rating needs the new solution's id: the adapter runs it after, see followUp.
      };
    }
    case 'rateSolution': {
      const solutionId = str(values.solutionId);
      const commands: CommandInput[] = [{ type: 'rateSolution', ...workshop, solutionId, impact: int(values.impact) ?? Number.NaN, effort: int(values.effort) ?? Number.NaN }];
      const departmentId = opt(values.departmentId);
      if (departmentId) commands.push({ type: 'assignDepartment', ...workshop, solutionId, departmentId });
      return { ok: true, commands };
    }
    case 'stageEdit': {
      const op = str(values.op);
      if (!(STAGE_OPS as readonly string[]).includes(op)) return fail('op', w.p('forms.stageEdit.opRequired'));
      const picked = opt(values.stageId);
      if (!picked) return fail('stageId', w.p('forms.stageEdit.stageRequired'));
      return { ok: true, next: { form: STAGE_OP_FORMS[op as StageOp], subject: picked } };
    }
    case 'stageRename':
      return { ok: true, commands: [{ type: 'editStage', ...workshop, stageId, label: str(values.label), phase: str(values.phase) as never }] };
    case 'stageMove':
      return { ok: true, commands: [{ type: 'reorderStage', ...workshop, stageId, position: int(values.position) ?? Number.NaN }] };
    case 'stageRemove':
      return { ok: true, commands: [{ type: 'removeStage', ...workshop, stageId }] };
    case 'observationEdit': case 'observationChange': case 'observationMove': case 'observationRemove':
    case 'solutionEdit': case 'solutionChange': case 'solutionRemove':
      return fixingCommands(form, workshopId, values, language, subject);
    case 'touchpointRemove':
      return { ok: true, commands: [{ type: 'removeTouchpoint', ...workshop, touchpointId: str(values.touchpointId) }] };
    case 'cellUse':
      return cellUseCommands(workshopId, values, w);
    case 'momentOfTruth':
      return { ok: true, commands: [{ type: 'flagMomentOfTruth', ...workshop, observationId: str(values.observationId), value: str(values.value) !== 'no' }] };
    case 'framingEdit': {
      const voteBudget = int(values.voteBudget);
      if (voteBudget === undefined) return fail('voteBudget', w.p('forms.notANumber'));
      const voteCap = int(values.voteCap);
      if (voteCap === undefined) return fail('voteCap', w.p('forms.notANumber'));
      return {
        ok: true,
        commands: [{
          type: 'editFraming', ...workshop, title: str(values.title), scope: str(values.scope), mode: str(values.mode) as never, basis: str(values.basis) as never,
          voteBudget, voteCap,
          ...(typeof values.votesLive === 'boolean' ? { votesLive: values.votesLive } : {}),
          // The engine checks the language is one it speaks; a form opened before it was offered leaves it as it is.
          ...(opt(values.language) ? { language: str(values.language) as never } : {}),
          // The box is offered only while framing; elsewhere anonymity is left as it is.
          ...(typeof values.anonymous === 'boolean' ? { anonymous: values.anonymous } : {}),
        }],
      };
    }
    case 'deadline':
      return { ok: true, commands: [{ type: 'setDeadline', ...workshop, step: str(values.step) as never, dueAt: opt(values.dueAt) ?? null }] };
    case 'targetJourney':
      return { ok: true, commands: [{ type: 'startTargetJourney', ...workshop, ...(opt(values.title) ? { title: str(values.title) } : {}) }] };
    case 'keyMoment':
      return {
        ok: true,
        commands: [{ type: 'linkKeyMoment', ...workshop, stageId: str(values.stageId), otherStageId: str(values.otherStageId), ...(opt(values.label) ? { label: str(values.label) } : {}) }],
      };
    case 'departmentEdit': {
      const op = str(values.op);
      if (!(DEPARTMENT_OPS as readonly string[]).includes(op)) return fail('op', w.p('forms.departmentEdit.opRequired'));
      const picked = opt(values.departmentId);
      if (!picked) return fail('departmentId', w.p('forms.departmentEdit.departmentRequired'));
      return { ok: true, next: { form: DEPARTMENT_OP_FORMS[op as DepartmentOp], subject: picked } };
    }
    case 'departmentChange': {
      const head = opt(values.headUserId);
      const noHead = values.noHead === true;
      if (head && noHead) return fail('noHead', w.p('forms.departmentChange.headAndNoHead'));
      return { ok: true, commands: [{ type: 'editDepartment', ...workshop, departmentId, name: str(values.name), headUserId: noHead ? null : head ?? null }] };
    }
    case 'departmentRemove':
      return { ok: true, commands: [{ type: 'removeDepartment', ...workshop, departmentId }] };
    case 'workshopDelete':
      return { ok: true, commands: [{ type: 'deleteWorkshop', ...workshop }] };
    case 'timing': case 'timerLength':
      return timingCommands(form, workshopId, values, language);
    case 'story':
      return storyCommands(workshopId, values);
    default: {
      const never: never = form;
      throw new Error(`unhandled form ${String(never)}`);
    }
  }
}

/** Commands that depend on the result of the first one (a new solution rated by its author). */
export function followUp(form: FormId, workshopId: string, values: FormValues, result: Record<string, unknown>): CommandInput[] {
  if (form !== 'solution' || typeof result.solutionId !== 'string') return [];
  const impact = int(values.impact);
  const effort = int(values.effort);
  return impact !== undefined && effort !== undefined ? [{ type: 'rateSolution', workshopId, solutionId: result.solutionId, impact, effort }] : [];
}

/** Which field of a form an engine refusal is about (its `field` parameter), or null. */
export function refusalField(refusal: Refusal, fieldIds: string[]): string | null {
  const path = typeof refusal.params?.field === 'string' ? refusal.params.field : null;
  const candidates: string[] = [];
  if (path) candidates.push(path.replace(/\./g, '_'), path.split('.')[0] ?? '', path.split('.').at(-1) ?? '');
  const byCode: Record<string, string[]> = {
    'errors.stageNotFound': ['stageId', 'where', 'otherStageId'], 'errors.touchpointNotFound': ['touchpointId', 'where'], 'errors.departmentNotFound': ['departmentId'],
    'errors.departmentExists': ['name', 'department_0'], 'errors.solutionNeedsObservation': ['addresses'], 'errors.solutionNotFound': ['solutionId'],
    'errors.touchpointStageMismatch': ['touchpointId', 'where'],
    'errors.ownerChoiceNotAllowed': ['departmentId'], 'errors.solutionOwnedElsewhere': ['departmentId'], 'errors.ownerChoiceOwnDepartment': ['departmentId'],
    'errors.observationNotFound': ['observationId'], 'errors.notYourObservation': ['observationId'], 'errors.notYourSolution': ['solutionId'], 'errors.positionOutOfRange': ['position'], 'errors.anonymityLocked': ['anonymous'],
    'errors.keyMomentSameWorkshop': ['otherStageId'], 'errors.keyMomentConflict': ['otherStageId'], 'errors.targetFromTarget': ['title'],
  };
  candidates.push(...(byCode[refusal.code] ?? []));
  if (path === 'departments') candidates.push('department_0');
  if (path?.startsWith('deadlines')) candidates.push(...fieldIds.filter((f) => f.startsWith('deadline_')));
  if (path?.startsWith('persona')) candidates.push('persona_name');
  // A list of several (fast.ts) holds every label or text in one field.
  if (path === 'label' || path === 'text') candidates.push('lines', ...fieldIds.filter((f) => f.startsWith('lines_')));
  return candidates.find((c) => fieldIds.includes(c)) ?? null;
}

/** A refusal as form errors: on its field when it names one, else on the first field. */
export function refusalErrors(refusal: Refusal, fieldIds: string[], language: Language): Record<string, string> {
  const field = refusalField(refusal, fieldIds) ?? fieldIds[0] ?? 'form';
  return { [field]: localizeRefusal(refusal, language) };
}
