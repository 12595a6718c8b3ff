// Whether a person may use a form right now, decided by the engine's own rules before they fill it in,
// so nobody types a stage only to learn the workshop is not at that step. The engine checks again on submit.
import type { CommandType } from '../../core/commands.js';
import { isDomainError } from '../../core/errors.js';
import type { ParticipantRecord, WorkshopRecord } from '../../core/records.js';
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import { COMMAND_RULES, checkAccess } from '../../core/workflow.js';
import { stepIndex } from '../../core/vocabulary.js';
import type { Refusal } from '../../i18n/refusal.js';
import type { NoticeView } from '../model.js';
import { infoNotice, refusalNotice } from '../notices.js';
import type { FormContext } from './context.js';
import { emptyCells } from './cells.js';
import type { FormId } from './ids.js';

/** The command each workshop form leads to (exhaustive). */
export const FORM_COMMAND: Record<Exclude<FormId, 'framing'>, CommandType> = {
  department: 'addDepartment', join: 'join', persona: 'setPersona', stage: 'addStage', touchpoint: 'addTouchpoint',
  observation: 'addObservation', emotions: 'rateEmotion', solution: 'proposeSolution', rateSolution: 'rateSolution',
  stages: 'addStage', stagesPreview: 'addStage', observations: 'addObservation', observationsPreview: 'addObservation',
  solutions: 'proposeSolution', solutionsPreview: 'proposeSolution', rateSolutions: 'rateSolution', touchpoints: 'addTouchpoint',
  stageEdit: 'editStage', stageRename: 'editStage', stageMove: 'reorderStage', stageRemove: 'removeStage',
  touchpointRemove: 'removeTouchpoint', momentOfTruth: 'flagMomentOfTruth', cellUse: 'markCellUnused',
  observationEdit: 'editObservation', observationChange: 'editObservation', observationMove: 'moveObservation', observationRemove: 'removeObservation',
  solutionEdit: 'editSolution', solutionChange: 'editSolution', solutionRemove: 'removeSolution',
  framingEdit: 'editFraming', deadline: 'setDeadline', targetJourney: 'startTargetJourney', keyMoment: 'linkKeyMoment',
  departmentEdit: 'editDepartment', departmentChange: 'editDepartment', departmentRemove: 'removeDepartment',
  workshopDelete: 'deleteWorkshop', timing: 'setTiming', timerLength: 'startTimer',
  story: 'setNarrative',
};

export function formRefusal(form: Exclude<FormId, 'framing'>, s: WorkshopSnapshot, userId: string): Refusal | null {
  const p = s.participants.find((x) => x.userId === userId);
  const participant = p ? ({ ...p, workshopId: s.workshop.id } as ParticipantRecord) : null;
  try {
    checkAccess(FORM_COMMAND[form], s.workshop as WorkshopRecord, participant);
    return null;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, params: error.params };
    throw error;
  }
}

/** Whether the workshop's step and status allow a form at all, whoever asks (the facilitator's role aside). */
export function formReachable(form: Exclude<FormId, 'framing'>, s: Pick<WorkshopSnapshot, 'workshop'>): boolean {
  const rule = COMMAND_RULES[FORM_COMMAND[form]];
  if (s.workshop.status === 'closed' && !rule.whenClosed) return false;
  return stepIndex(s.workshop.step) >= stepIndex(rule.from);
}

/**
 * Nothing this person may fix (they wrote no observation or solution yet): the key that says so. The forms about
 * one item leave it to the item's own check (fixing.ts), which names the refusal.
 */
function nothingToFix(form: FormId, ctx: FormContext): string | null {
  if (form === 'observationEdit') return ctx.fixable?.observations.length ? null : 'forms.nothing.yourObservation';
  if (form === 'solutionEdit') return ctx.fixable?.solutions.length ? null : 'forms.nothing.yourSolution';
  return null;
}

/** What a form works on is missing (no stage or department to edit, no other journey to link to): the key that says so. */
function nothingToDo(form: Exclude<FormId, 'framing'>, s: WorkshopSnapshot, ctx: FormContext): string | null {
  switch (form) {
    case 'stageEdit': case 'stageRename': case 'stageMove': case 'stageRemove':
      return s.stages.length ? null : 'forms.nothing.stage';
    case 'touchpointRemove':
      return s.touchpoints.length ? null : 'forms.nothing.touchpoint';
    case 'cellUse':
      return emptyCells(s).length ? null : 'forms.nothing.emptyCell';
    case 'observations': case 'observationsPreview':
      return s.stages.length ? null : 'forms.nothing.stage';
    case 'rateSolutions':
      return s.solutions.length ? null : 'forms.nothing.solution';
    case 'momentOfTruth':
      return s.observations.length ? null : 'forms.nothing.observation';
    case 'departmentEdit': case 'departmentChange': case 'departmentRemove':
      return s.departments.length ? null : 'forms.nothing.department';
    case 'observationEdit': case 'observationChange': case 'observationMove': case 'observationRemove':
    case 'solutionEdit': case 'solutionChange': case 'solutionRemove':
      return nothingToFix(form, ctx);
    case 'keyMoment':
      return !s.stages.length ? 'forms.nothing.stage' : ctx.journeys?.length ? null : 'forms.nothing.otherJourney';
    default:
      return null;
  }
}

/** Why this person cannot open this form now, as a private notice; null when they can. */
export function formNotice(form: Exclude<FormId, 'framing'>, s: WorkshopSnapshot, userId: string, ctx: FormContext = {}): NoticeView | null {
  const refusal = formRefusal(form, s, userId);
  if (refusal) return refusalNotice(refusal, s.workshop.language);
  const nothing = nothingToDo(form, s, ctx);
  return nothing ? infoNotice(s.workshop.language, nothing) : null;
}
