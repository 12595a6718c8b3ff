// The forms a workshop offers. A Slack modal's callback_id and a Teams task module's id are these.
export const FORM_IDS = [
  'framing', 'department', 'join', 'persona', 'stage', 'touchpoint', 'observation', 'emotions', 'solution', 'rateSolution',
  // Contributing fast (src/present/forms/fast.ts): several stages, observations or solutions at once, each list
  // previewed (the *Preview forms) before it is added; every solution rated in one form.
  'stages', 'stagesPreview', 'observations', 'observationsPreview', 'solutions', 'solutionsPreview', 'rateSolutions',
  // A stage's touchpoints on several channels at once: picked in a list, nothing to preview.
  'touchpoints',
  // Editing what is there (src/present/forms/edit.ts). stageEdit picks a stage and what to do with it; the three
  // forms after it are about that one stage, their subject.
  'stageEdit', 'stageRename', 'stageMove', 'stageRemove', 'touchpointRemove', 'momentOfTruth',
  // Marking empty matrix cells "not used on this channel", or taking the mark off (src/present/forms/cells.ts).
  'cellUse',
  // Fixing what was said (src/present/forms/fixing.ts): observationEdit and solutionEdit pick one of the person's
  // own items (any, for the facilitator) and what to do with it; the forms after them are about that item.
  'observationEdit', 'observationChange', 'observationMove', 'observationRemove', 'solutionEdit', 'solutionChange', 'solutionRemove',
  // The facilitator's settings after framing. departmentEdit picks a department and what to do with it, like
  // stageEdit; departmentChange and departmentRemove are about that one department, their subject.
  'framingEdit', 'deadline', 'targetJourney', 'keyMoment', 'departmentEdit', 'departmentChange', 'departmentRemove',
  // Deleting the workshop for good, after a confirmation that says what goes.
  'workshopDelete',
  // The facilitator's timing settings, and a timer of a length of their own (src/present/forms/timing.ts).
  'timing', 'timerLength',
  // A target journey's story, written or edited by the facilitator (src/present/forms/story.ts).
  'story',
] as const;
export type FormId = (typeof FORM_IDS)[number];

/** Forms about one item (a stage, a department), named by their subject: they are opened with it, never from a menu. */
export const SUBJECT_FORMS = [
  'stageRename', 'stageMove', 'stageRemove', 'departmentChange', 'departmentRemove',
  'observationChange', 'observationMove', 'observationRemove', 'solutionChange', 'solutionRemove',
  // A preview's subject is a digest of what it shows: submitted unchanged, it adds that; changed, it previews again.
  'stagesPreview', 'observationsPreview', 'solutionsPreview',
] as const satisfies readonly FormId[];
export type SubjectFormId = (typeof SUBJECT_FORMS)[number];

export function isFormId(value: string): value is FormId {
  return (FORM_IDS as readonly string[]).includes(value);
}

export function isSubjectForm(value: FormId): value is SubjectFormId {
  return (SUBJECT_FORMS as readonly string[]).includes(value);
}
