// What some forms need besides the workshop. Apart from the forms themselves so that deciding who may open a
// form (access.ts) need not import the forms.
import type { StageView } from '../../core/snapshot.js';
import type { JourneyKind } from '../../core/vocabulary.js';
import type { FixableItems } from '../../core/workflow.js';
import type { FormValues } from '../model.js';

/** Another journey of the workspace, with its stages, for marking a shared key moment. */
export interface OtherJourney {
  workshopId: string;
  title: string;
  journey: JourneyKind;
  stages: Pick<StageView, 'id' | 'label' | 'position'>[];
}

/** What some forms need besides the workshop: the item they are about (a stage, a department), the workspace's other journeys. */
export interface FormContext {
  subject?: string;
  /** The platform user the form is for: some fields are offered only to whoever may use them (the owning department). */
  viewer?: string;
  journeys?: OtherJourney[];
  /** The observations and solutions the person may fix (edit, move, remove): their own, or every one for the facilitator. */
  fixable?: FixableItems;
  /**
   * Values the form starts from: what was just saved when it comes back to add another, what was typed when it
   * is previewed or redrawn after a choice it depends on (a stage, then one of its touchpoints).
   */
  kept?: FormValues;
}
