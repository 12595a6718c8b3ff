// Who chooses which department owns a solution. The owning department gets the solution on its roadmap
// and its head is sent it, so the choice is not anyone's to make in passing:
// - the facilitator chooses or changes any solution's department;
// - a department's head may take an unowned solution for their own department, and hand a solution their
//   department owns to another department (or keep it);
// - nobody else: a participant, someone who has not joined, a head reaching for a solution another
//   department owns (its head or the facilitator hands it over).
// Pure: the engine checks with these when a command arrives, and the forms offer only what they allow.
import { isDomainError, refuse } from './errors.js';
import type { DepartmentRecord } from './records.js';
import type { Role } from './vocabulary.js';

/** Who is choosing: their platform user id, and their role in the workshop (null: not joined). */
export interface OwnerChooser {
  userId: string;
  role: Role | null;
}

type Department = Pick<DepartmentRecord, 'id' | 'name' | 'headUserId'>;

/** The departments this user heads (a head is named on the department, joined or not yet). */
export function headedDepartments(userId: string, departments: readonly Department[]): string[] {
  return departments.filter((d) => d.headUserId === userId).map((d) => d.id);
}

/**
 * Refuses giving a solution owned by `owner` (null: nobody yet) to department `target`, unless the rules
 * above allow this chooser to.
 */
export function checkOwnerChoice(chooser: OwnerChooser, departments: readonly Department[], owner: string | null, target: string): void {
  if (chooser.role === 'facilitator') return;
  const headed = headedDepartments(chooser.userId, departments);
  if (headed.length === 0) refuse('errors.ownerChoiceNotAllowed');
  const nameOf = (id: string): string => departments.find((d) => d.id === id)?.name ?? '';
  if (owner !== null && !headed.includes(owner)) refuse('errors.solutionOwnedElsewhere', { department: nameOf(owner) });
  if (owner === null && !headed.includes(target)) refuse('errors.ownerChoiceOwnDepartment', { department: nameOf(headed[0]!) });
}

/** The departments this chooser may give a solution owned by `owner` to, in the workshop's order. */
export function choosableOwners(chooser: OwnerChooser, departments: readonly Department[], owner: string | null): string[] {
  return departments.filter((d) => {
    try {
      checkOwnerChoice(chooser, departments, owner, d.id);
      return true;
    } catch (error) {
      if (isDomainError(error)) return false;
      throw error;
    }
  }).map((d) => d.id);
}
