// Coded refusals. Every code is also the i18n key of its message (namespace `core`), so a refusal is
// localised where it is shown, in the workshop's language. Codes are stable: adapters and tests match on them.

export const ERROR_CODES = [
  'errors.invalidCommand',
  'errors.workshopNotFound',
  'errors.workshopClosed',
  'errors.notFacilitator',
  'errors.stepNotReached',
  'errors.entryCondition',
  'errors.alreadyLastStep',
  'errors.reopenForward',
  'errors.concurrentChange',
  'errors.anonymityLocked',
  'errors.departmentNotFound',
  'errors.departmentExists',
  'errors.departmentInUse',
  'errors.stageNotFound',
  'errors.stageHasContributions',
  'errors.positionOutOfRange',
  'errors.touchpointNotFound',
  'errors.touchpointStageMismatch',
  'errors.channelNotFound',
  'errors.cellHasTouchpoints',
  'errors.observationNotFound',
  'errors.solutionNotFound',
  // Fixing what was said: only its author or the facilitator may change or remove an observation or a solution.
  'errors.notYourObservation',
  'errors.notYourSolution',
  'errors.ownerChoiceNotAllowed',
  'errors.solutionOwnedElsewhere',
  'errors.ownerChoiceOwnDepartment',
  'errors.voteBudgetExhausted',
  'errors.voteItemCapReached',
  'errors.voteNotFound',
  'errors.notVotingStep',
  'errors.voteTargetWrongStep',
  'errors.solutionNeedsObservation',
  'errors.keyMomentSameWorkshop',
  'errors.keyMomentConflict',
  'errors.targetFromTarget',
  'errors.conflictRetriesExhausted',
  // Merging near-duplicates (merge.ts) and the target journey's story (narrative.ts).
  'errors.mergeOtherKind',
  'errors.mergeOtherStage',
  'errors.narrativeNeedsTarget',
  // Facilitation over days and live (timing-commands.ts).
  'errors.nothingToNudge',
  'errors.nudgeTooSoon',
  'errors.noTimer',
  'errors.timerNotRunning',
  'errors.timerNotPaused',
  'errors.timerEnded',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A refusal by the method's rules. Thrown inside a transaction, so nothing it interrupts is written. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
  }
}

export function refuse(code: ErrorCode, params?: Record<string, string | number>): never {
  throw new DomainError(code, params);
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
