// src/teams/cards — the cards of the Microsoft Teams adapter (issue 11). What lives here: pure functions
// turning the platform-neutral views of src/present (anchor, step, notices and the facilitator's controls,
// forms, ballot, personal view, summary, heads' messages) into Adaptive Cards 1.5 as plain JSON, fitted to
// Teams' limits (six actions a row, an activity under 40 KB counted as UTF-16), and the reading of a card's
// submission back into form values. Buttons are Action.Execute whose `verb` is the action's name and whose
// `data.value` is the same packed value the Slack adapter sends (src/present/actions.ts), so the conversation
// layer decodes both alike.
// Cards need no SDK: they are JSON. Exactly one file of src/teams, sdk.ts, imports botbuilder (moving to its
// successor @microsoft/agents-hosting rewrites that file only); everything else stays testable without it. Like src/slack,
// src/teams imports neither src/db nor a database package, nor src/slack (.dependency-cruiser.cjs).
export { anchorCard, stepCard, noticeCard, summaryCard, headCard, NOTICE_ICONS, type Names, type PersonalView } from './messages.js';
export { formCard, ballotCard, inputIdOf, fieldOfInput, type FormData } from './forms.js';
export { homeCard } from './home.js';
export { cardFormValues } from './values.js';
export { type AdaptiveCard, SCHEMA } from './card.js';
export type { ExecuteData, PersonalViewData } from './common.js';
export { PERSONAL_VIEW, withPersonalView } from './common.js';
export { CARD_LIMITS, cardActivity, activityBytes, checkCard } from './limits.js';
export { escapeMarkdown, teamsDate, type Mention } from './markdown.js';
