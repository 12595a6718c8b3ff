// Whether a person may use a form right now, decided by the engine's own rules before they fill it in,
// so nobody types a stage only to learn the workshop is not at that step. The engine checks again on submit.
import type { CommandType } from '../../core/commands.js';
import { isDomainError } from '../../core/errors.js';
import type { ParticipantRecord, WorkshopRecord } from '../../core/records.js';
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import { checkAccess } from '../../core/workflow.js';
import type { Refusal } from '../../i18n/refusal.js';
import type { FormId } from './ids.js';

/** The command each workshop form leads to (exhaustive). */
export const FORM_COMMAND: Record<Exclude<FormId, 'framing'>, CommandType> = {
  department: 'addDepartment', join: 'join', persona: 'setPersona', stage: 'addStage', touchpoint: 'addTouchpoint',
  observation: 'addObservation', emotions: 'rateEmotion', solution: 'proposeSolution', rateSolution: 'rateSolution',
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
