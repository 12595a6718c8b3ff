// What some forms need besides the workshop. Apart from the forms themselves so that deciding who may open a
// form (access.ts) need not import the forms.
import type { StageView } from '../../core/snapshot.js';
import type { JourneyKind } from '../../core/vocabulary.js';

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
  journeys?: OtherJourney[];
}
