// The order of the method's steps and who may do what when. Pure: every function here decides from
// the facts it is given and touches no storage.
import { refuse } from './errors.js';
import type { ParticipantRecord, WorkshopData, WorkshopRecord } from './records.js';
import type { CommandType } from './commands.js';
import { STEPS, stepIndex, type Step } from './vocabulary.js';

export interface CommandRule {
  /** The earliest step in which the command is accepted (it stays accepted in later steps). */
  from: Step;
  facilitatorOnly: boolean;
  /** Accepted on a closed workshop (reopening is how a team iterates). */
  whenClosed: boolean;
}

const rule = (from: Step, facilitatorOnly = false, whenClosed = false): CommandRule => ({ from, facilitatorOnly, whenClosed });

/** Exhaustive: a new command that is not listed here fails to compile. */
export const COMMAND_RULES = {
  createWorkshop: rule('framing'),
  editFraming: rule('framing', true),
  setDeadline: rule('framing', true),
  addDepartment: rule('framing', true),
  editDepartment: rule('framing', true),
  removeDepartment: rule('framing', true),
  join: rule('framing'),
  setPersona: rule('framing'),
  setGoal: rule('framing'),
  addStage: rule('stages'),
  editStage: rule('stages'),
  reorderStage: rule('stages'),
  removeStage: rule('stages'),
  linkKeyMoment: rule('stages', true),
  addTouchpoint: rule('touchpoints'),
  removeTouchpoint: rule('touchpoints'),
  // Saying a channel plays no part at a stage is the facilitator's call on the matrix as a whole.
  markCellUnused: rule('touchpoints', true),
  markCellUsed: rule('touchpoints', true),
  // Merging near-duplicates is the facilitator's tidying of everyone's contributions, while the workshop is open.
  mergeTouchpoints: rule('touchpoints', true),
  addObservation: rule('evaluation'),
  flagMomentOfTruth: rule('evaluation'),
  // What was said can be fixed from its step on, while the workshop is open (reopening a step reopens it).
  editObservation: rule('evaluation'),
  moveObservation: rule('evaluation'),
  removeObservation: rule('evaluation'),
  mergeObservations: rule('evaluation', true),
  rateEmotion: rule('evaluation'),
  vote: rule('evaluation'),
  unvote: rule('evaluation'),
  revealVotes: rule('evaluation', true),
  proposeSolution: rule('solutions'),
  rateSolution: rule('solutions'),
  assignDepartment: rule('solutions'),
  editSolution: rule('solutions'),
  removeSolution: rule('solutions'),
  advanceStep: rule('framing', true),
  reopenStep: rule('framing', true, true),
  closeWorkshop: rule('framing', true),
  deleteWorkshop: rule('framing', true, true),
  startTargetJourney: rule('stages', true, true),
  // The story goes out with the final map: the facilitator approves or edits it on an open target journey.
  setNarrative: rule('stages', true),
  setTiming: rule('framing', true),
  nudge: rule('framing', true),
  startTimer: rule('framing', true),
  pauseTimer: rule('framing', true),
  resumeTimer: rule('framing', true),
  extendTimer: rule('framing', true),
  stopTimer: rule('framing', true),
  // The scheduler's: on a workshop closed meanwhile it does nothing rather than being refused.
  endTimer: rule('framing', true, true),
} satisfies Record<CommandType, CommandRule>;

export function isFacilitator(participant: Pick<ParticipantRecord, 'role'> | null): boolean {
  return participant?.role === 'facilitator';
}

/**
 * Refuses to change or remove an item (an observation, a solution) unless the actor wrote it or facilitates:
 * fixing one's own words is everyone's right, other people's only the facilitator's. Pure.
 */
export function checkAuthor(participant: Pick<ParticipantRecord, 'id' | 'role'> | null, authorId: string, code: 'errors.notYourObservation' | 'errors.notYourSolution'): void {
  if (!isFacilitator(participant) && participant?.id !== authorId) refuse(code);
}

/** The items one person may fix: the observations and solutions they wrote — every one for the facilitator. */
export interface FixableItems {
  observations: string[];
  solutions: string[];
}

/** Pure. Only ever shown to that person, so it is safe in an anonymous workshop too. */
export function fixableItems(data: Pick<WorkshopData, 'participants' | 'observations' | 'solutions'>, userId: string): FixableItems {
  const me = data.participants.find((p) => p.userId === userId) ?? null;
  if (!me) return { observations: [], solutions: [] };
  const mine = (authorId: string) => isFacilitator(me) || authorId === me.id;
  return {
    observations: data.observations.filter((o) => mine(o.authorId)).map((o) => o.id),
    solutions: data.solutions.filter((x) => mine(x.authorId)).map((x) => x.id),
  };
}

/** Refuses a command the workshop's state or the actor's role does not allow. */
export function checkAccess(type: CommandType, workshop: Pick<WorkshopRecord, 'status' | 'title' | 'step'>, participant: Pick<ParticipantRecord, 'role'> | null): void {
  const r: CommandRule = COMMAND_RULES[type];
  if (workshop.status === 'closed' && !r.whenClosed) refuse('errors.workshopClosed', { title: workshop.title });
  if (r.facilitatorOnly && !isFacilitator(participant)) refuse('errors.notFacilitator');
  if (stepIndex(workshop.step) < stepIndex(r.from)) {
    refuse('errors.stepNotReached', { step: r.from, current: workshop.step });
  }
}

/** What the entry conditions of each step look at. */
export interface EntryFacts {
  departments: number;
  persona: boolean;
  goal: boolean;
  stages: number;
  touchpoints: number;
  observations: number;
  /** Solutions that have a department and at least one impact/effort rating. */
  readySolutions: number;
}

/** Each step's entry condition: the message key of what is missing, or null when it may start. */
export const ENTRY_CONDITIONS: Record<Step, (f: EntryFacts) => string | null> = {
  framing: () => null,
  persona: (f) => (f.departments >= 1 ? null : 'entry.needDepartment'),
  stages: (f) => (!f.persona ? 'entry.needPersona' : !f.goal ? 'entry.needGoal' : null),
  touchpoints: (f) => (f.stages >= 1 ? null : 'entry.needStage'),
  evaluation: (f) => (f.touchpoints >= 1 ? null : 'entry.needTouchpoint'),
  solutions: (f) => (f.observations >= 1 ? null : 'entry.needObservation'),
  roadmap: (f) => (f.readySolutions >= 1 ? null : 'entry.needReadySolution'),
};

export function nextStep(step: Step): Step | null {
  return STEPS[stepIndex(step) + 1] ?? null;
}

/** The step the workshop moves to when the facilitator advances, or a refusal. */
export function decideAdvance(workshop: WorkshopRecord, facts: EntryFacts): Step {
  const next = nextStep(workshop.step);
  if (!next) refuse('errors.alreadyLastStep');
  const missing = ENTRY_CONDITIONS[next](facts);
  if (missing) refuse('errors.entryCondition', { step: next, missing });
  return next;
}

/** The steps the facilitator may reopen: the earlier ones — and, once the workshop is closed, its last one too. */
export function reopenableSteps(workshop: Pick<WorkshopRecord, 'status' | 'step'>): Step[] {
  const limit = workshop.status === 'closed' ? stepIndex(workshop.step) : stepIndex(workshop.step) - 1;
  return STEPS.filter((_, i) => i <= limit);
}

export function decideReopen(workshop: WorkshopRecord, step: Step): Step {
  if (!reopenableSteps(workshop).includes(step)) refuse('errors.reopenForward', { step, current: workshop.step });
  return step;
}
