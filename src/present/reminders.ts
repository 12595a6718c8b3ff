// What the scheduler says privately: a participant's reminder (what is left for them in the current step, with
// buttons that take them there — never who else has not contributed), and the facilitator's notice when a
// step's deadline passed (the step's figures and the next step button), or when moving on by itself was refused.
import type { OwedWork, WorkshopSnapshot } from '../core/snapshot.js';
import type { Step } from '../core/vocabulary.js';
import { packValue } from './actions.js';
import { controlsView, progressForFacilitator } from './controls.js';
import type { ActionView, Line, NoticeView } from './model.js';
import { openForm } from './steps.js';
import { stepName, utcFallback, words, type Words } from './text.js';

/** The button that takes a person to what they owe (a form, their ballot), by owed key. */
function owedAction(w: Words, workshopId: string, key: string): ActionView | null {
  switch (key) {
    case 'owed.stage': return openForm(w, workshopId, 'stage', 'actions.addStage');
    case 'owed.touchpoint': return openForm(w, workshopId, 'touchpoint', 'actions.addTouchpoint');
    case 'owed.observation': return openForm(w, workshopId, 'observation', 'actions.addObservation');
    case 'owed.emotions': return openForm(w, workshopId, 'emotions', 'actions.rateEmotions');
    case 'owed.ratings': return openForm(w, workshopId, 'rateSolutions', 'actions.rateSolutions');
    case 'owed.votes': return { action: 'ballot', label: w.p('actions.ballot'), value: packValue(workshopId, 0) };
    case 'owed.persona': return openForm(w, workshopId, 'persona', 'actions.describePersona');
    default: return null;
  }
}

/** A date line: "Due: <date>" shown in the reader's time zone where the platform can. */
function dueLine(w: Words, deadline: Date): Line {
  return [w.p('step.deadline'), { date: deadline, fallback: utcFallback(deadline) }];
}

/**
 * One participant's reminder: the workshop, what is left for them ("2 votes left, rate the emotion of 3 stages"),
 * the deadline, and a button per thing left. `link`: the step message's address, when the platform gives one.
 */
export function reminderNotice(s: WorkshopSnapshot, owed: OwedWork['owes'], deadline: Date | null, link: string | null): NoticeView {
  const w = words(s.workshop.language);
  const left = owed.map((o) => w.t(o.key, { count: o.count })).join(', ');
  const lines: Line[] = [
    [{ strong: w.p('reminders.title', { title: s.workshop.title }) }],
    [w.p('reminders.left', { step: stepName(w, s.workshop.step), left })],
  ];
  if (deadline) lines.push(dueLine(w, deadline));
  if (link) lines.push([w.p('reminders.link', { link })]);
  const actions = owed.map((o) => owedAction(w, s.workshop.id, o.key)).filter((a): a is ActionView => a !== null);
  return { tone: 'info', language: w.language, lines, actions: actions.filter((a, i) => actions.findIndex((b) => b.value === a.value && b.action === a.action) === i) };
}

/** The step's figures for its facilitator: "3 stages", "5 observations, 12 votes"… */
export function stepFigures(s: WorkshopSnapshot, w: Words): string {
  const votes = w.p('reminders.votes', { count: s.votesCast });
  switch (s.workshop.step) {
    case 'stages': return w.p('counts.stages', { count: s.stages.length });
    case 'touchpoints': return w.p('counts.touchpoints', { count: s.touchpoints.length });
    case 'evaluation': return `${w.p('counts.observations', { count: s.observations.length })}, ${votes}`;
    case 'solutions': return `${w.p('counts.solutions', { count: s.solutions.length })}, ${votes}`;
    default: return '';
  }
}

/** The deadline of the current step passed: the facilitator is asked to move on, with where the step stands. */
export function deadlineNotice(s: WorkshopSnapshot, step: Step): NoticeView {
  const w = words(s.workshop.language);
  const figures = stepFigures(s, w);
  const lines: Line[] = [
    [{ strong: w.p('reminders.deadlinePassed', { step: stepName(w, step), title: s.workshop.title }) }],
    ...progressForFacilitator(s, w),
    ...(figures ? [[figures]] : []),
    [w.p('reminders.moveOn')],
  ];
  const next = controlsView(s, w).actions.filter((a) => a.action === 'advance');
  return { tone: 'info', language: w.language, lines, actions: next };
}

/** The workshop was to move on by itself at the deadline, and could not: why, and the controls to act. */
export function autoAdvanceRefusedNotice(s: WorkshopSnapshot, step: Step, why: Line[]): NoticeView {
  const w = words(s.workshop.language);
  return {
    tone: 'warning', language: w.language,
    lines: [[{ strong: w.p('reminders.autoAdvanceRefused', { step: stepName(w, step), title: s.workshop.title }) }], ...why, ...progressForFacilitator(s, w)],
    actions: controlsView(s, w).actions.filter((a) => a.action === 'advance'),
  };
}

/** The facilitator's nudge was taken: how many people are being reminded. */
export function nudgedNotice(s: WorkshopSnapshot, count: number): NoticeView {
  const w = words(s.workshop.language);
  return { tone: 'ok', language: w.language, lines: [[w.p(count ? 'reminders.nudged' : 'reminders.nobodyToNudge', { count, step: stepName(w, s.workshop.step) })]] };
}

/** Said in the workshop's thread two minutes before a live timer's end. */
export function timerWarningNotice(s: WorkshopSnapshot): NoticeView {
  const w = words(s.workshop.language);
  return { tone: 'info', language: w.language, lines: [[{ strong: w.p('reminders.timerWarning', { step: stepName(w, s.workshop.step) }) }]] };
}

/** The timer ran out: the step's contributions are closed; the facilitator is offered the next step. */
export function timerEndedNotice(s: WorkshopSnapshot, step: Step): NoticeView {
  const w = words(s.workshop.language);
  const figures = stepFigures(s, w);
  return {
    tone: 'info', language: w.language,
    lines: [[{ strong: w.p('reminders.timerEnded', { step: stepName(w, step) }) }], ...progressForFacilitator(s, w), ...(figures ? [[figures]] : []), [w.p('reminders.moveOn')]],
    actions: controlsView(s, w).actions.filter((a) => a.action === 'advance'),
  };
}

/** What a digest counts, to say what was added since the last one. */
export interface DigestCounts {
  participants: number;
  stages: number;
  touchpoints: number;
  observations: number;
  ratings: number;
  solutions: number;
  votes: number;
}

export function digestCounts(s: WorkshopSnapshot): DigestCounts {
  return {
    participants: s.participants.length, stages: s.stages.length, touchpoints: s.touchpoints.length, observations: s.observations.length,
    ratings: s.emotion.reduce((sum, e) => sum + e.count, 0), solutions: s.solutions.length, votes: s.votesCast,
  };
}

/**
 * The daily digest in the workshop's thread: what was added since `since` (the last digest's counts), the step's
 * progress (counts only: the whole channel reads it) and the current step's deadline. Null on a quiet day.
 */
export function digestNotice(s: WorkshopSnapshot, since: DigestCounts | null): NoticeView | null {
  const w = words(s.workshop.language);
  const now = digestCounts(s);
  const added = (Object.keys(now) as (keyof DigestCounts)[]).flatMap((k) => {
    const n = now[k] - (since?.[k] ?? 0);
    return n > 0 ? [w.p(`reminders.added.${k}`, { count: n })] : [];
  });
  if (added.length === 0) return null;
  const lines: Line[] = [
    [{ strong: w.p('reminders.digestTitle', { title: s.workshop.title }) }],
    [w.p('reminders.digestAdded', { added: added.join(', ') })],
    ...s.progress.map((p): Line => [w.p(p.key, { count: p.done, expected: p.expected })]),
  ];
  const deadline = s.workshop.deadlines.find((x) => x.step === s.workshop.step)?.dueAt;
  if (deadline) lines.push(dueLine(w, deadline));
  return { tone: 'info', language: w.language, lines };
}
