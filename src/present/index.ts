// The presentation layer's public entry: view models for every chat platform.
export * from './model.js';
export * from './actions.js';
export { FORM_IDS, isFormId, type FormId } from './forms/ids.js';
export { framingForm, WORKSHOP_FORMS, DEADLINE_STEPS, FRAMING_DEPARTMENTS, MAX_CHOICES } from './forms/build.js';
export { framingCommands, workshopCommands, followUp, refusalErrors, refusalField, type Submission } from './forms/submit.js';
export { anchorView, workshopLine, NAMED_CONTRIBUTORS } from './anchor.js';
export { stepView, STEP_ITEMS } from './steps.js';
export { ballotView, BALLOT_PAGE } from './ballot.js';
export { homeView, loadHome, HOME_WORKSHOPS } from './home.js';
export { summaryView, headMessages } from './summary.js';
export { refusalNotice, warningNotices, votedNotice, problemNotice, infoNotice, helpNotice } from './notices.js';
export { words, utcFallback, type Words } from './text.js';
