// The menus that open the editing forms: "Edit or remove…" beside a step's buttons, for everyone, and
// "Workshop settings…" among the facilitator's private controls (honoured only for the facilitator, like
// the controls). A choice is listed only when the workshop's step and status allow it and there is
// something to work on; its value is a packed openForm action.
import { LIMITS } from '../core/limits.js';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import { packValue } from './actions.js';
import { formReachable } from './forms/access.js';
import type { FormId } from './forms/ids.js';
import type { MenuView } from './model.js';
import type { Words } from './text.js';

type MenuForm = Exclude<FormId, 'framing'>;

/** Each menu's forms, in order, with when they are worth offering. */
const EDIT_MENU: [MenuForm, (s: WorkshopSnapshot) => boolean][] = [
  ['stageEdit', (s) => s.stages.length > 0],
  ['touchpointRemove', (s) => s.touchpoints.length > 0],
  ['momentOfTruth', (s) => s.observations.length > 0],
  // Offered to everyone; each person's form lists only what they may fix (their own, any for the facilitator).
  ['observationEdit', (s) => s.observations.length > 0],
  ['solutionEdit', (s) => s.solutions.length > 0],
];

const SETTINGS_MENU: [MenuForm, (s: WorkshopSnapshot) => boolean][] = [
  ['framingEdit', () => true],
  ['department', (s) => s.departments.length < LIMITS.departments],
  ['departmentEdit', (s) => s.departments.length > 0],
  ['deadline', () => true],
  ['timing', (s) => s.workshop.status === 'open'],
  // The facilitator's call on the matrix as a whole (core: markCellUnused), so among their controls.
  ['cellUse', (s) => s.stages.length > 0 && s.channels.length > 0],
  ['targetJourney', (s) => s.workshop.journey === 'current'],
  ['keyMoment', (s) => s.stages.length > 0],
  ['workshopDelete', () => true],
];

function menu(s: WorkshopSnapshot, w: Words, entries: [MenuForm, (s: WorkshopSnapshot) => boolean][], name: 'edit' | 'settings'): MenuView | null {
  const choices = entries
    .filter(([form, worth]) => formReachable(form, s) && worth(s))
    .map(([form]) => ({ value: packValue(s.workshop.id, form), label: w.p(`menus.${name}.${form}`) }));
  return choices.length ? { action: 'openForm', placeholder: w.p(`menus.${name}.placeholder`), choices } : null;
}

export function editMenu(s: WorkshopSnapshot, w: Words): MenuView | null {
  return menu(s, w, EDIT_MENU, 'edit');
}

export function settingsMenu(s: WorkshopSnapshot, w: Words): MenuView | null {
  return menu(s, w, SETTINGS_MENU, 'settings');
}
