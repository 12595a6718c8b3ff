// The "Department" field of the solution forms: offered only to whoever may choose a solution's owning
// department (core/ownership.ts), with only the departments they may choose. The engine checks again.
import { choosableOwners, headedDepartments, type OwnerChooser } from '../../core/ownership.js';
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import type { FieldView } from '../model.js';
import type { Words } from '../text.js';
import { select } from './fields.js';

/** The person a form is built for, as the ownership rules see them. */
export function chooser(s: WorkshopSnapshot, viewer: string | undefined): OwnerChooser | null {
  if (viewer === undefined) return null;
  return { userId: viewer, role: s.participants.find((p) => p.userId === viewer)?.role ?? null };
}

/**
 * The field for solutions now owned by `owners` (null: nobody; a form about several solutions passes each
 * owner): the departments the viewer may give at least one of them to. No field when there are none, or
 * when the form is built for nobody in particular.
 */
export function ownerFields(s: WorkshopSnapshot, w: Words, viewer: string | undefined, owners: readonly (string | null)[], extra: Partial<FieldView> = {}): FieldView[] {
  const who = chooser(s, viewer);
  if (!who) return [];
  const allowed = new Set(owners.flatMap((owner) => choosableOwners(who, s.departments, owner)));
  const choices = s.departments.filter((d) => allowed.has(d.id)).map((d) => ({ value: d.id, label: d.name }));
  if (choices.length === 0) return [];
  const headed = who.role === 'facilitator' ? [] : headedDepartments(who.userId, s.departments);
  const name = s.departments.find((d) => d.id === headed[0])?.name;
  const hint = name ? { hint: w.p('owner.headHint', { department: name }) } : {};
  return [select('departmentId', w.t('fields.departmentId'), choices, true, { ...hint, ...extra })];
}
